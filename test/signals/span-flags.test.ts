import { describe, expect, it } from 'vitest';
import { spanFlags, spanIds } from './support.js';

/**
 * Every span rule: phrases that must fire (with the words they point at), and near misses in
 * the same vocabulary that must not.
 */
const cases: Record<string, { fires: [string, string][]; quiet: string[] }> = {
  'tenure-claim': {
    fires: [
      ['I have nine years of coding behind me.', 'nine years of coding'],
      ["I've been coding for 10 years, so I know how this goes.", "I've been coding for 10 years"],
      ['As someone with 12 years of experience, I can tell.', '12 years of experience'],
      ['I have been a software engineer for over a decade.', 'I have been a software engineer for over a decade'],
      ["Honestly I've been programming since I was twelve.", "I've been programming since I was"],
      ['With my years of experience that was easy.', 'With my years of experience'],
      ['Uh, so, I mean, I\'ve been doing this for like nine years now.', "I've been doing this for like nine years"],
      ["I've been doing mobile for like seven years, so I've seen it all.", "I've been doing mobile for like seven years"],
      ["I've been doing this a long time, like ten years.", "I've been doing this a long time"],
    ],
    quiet: [
      'We had ten years of data in the warehouse.',
      'I mentored a junior with 2 years of experience through her first on-call.',
      'We hired two engineers with 5 years of experience each.',
      'The service is ten years old and nobody wants to touch it.',
      'I spent three years on the payments team, where I owned the ledger migration.',
      'In two years we moved every customer off the old billing system.',
    ],
  },
  'tool-list': {
    fires: [
      ['Our stack was React, Node, Postgres, Redis and Kafka.', 'React, Node, Postgres, Redis and Kafka'],
      ['I worked with Java, Spring Boot, Hibernate, Oracle DB, Jenkins.', 'Java, Spring Boot, Hibernate, Oracle DB, Jenkins'],
      ['It ran on Docker, Kubernetes, Terraform and AWS.', 'Docker, Kubernetes, Terraform and AWS'],
      ['React frontend, Node backend, Postgres database and Redis cache.', 'React frontend, Node backend, Postgres database and Redis'],
      ['Like Java, Python, Go, a bit of Rust.', 'Java, Python, Go, a bit of Rust'],
      ['We used Node and, uh, React, Postgres, and Redis.', 'Node and, uh, React, Postgres, and Redis'],
    ],
    quiet: [
      'We used Postgres because we needed transactions across the ledger and the payouts.',
      'We chose Kafka over RabbitMQ, Redis and SQS because replay mattered for the audit trail.',
      'We used Postgres and Redis.',
      'We had to react quickly, go fast, express concerns and spring into action.',
      'Kubernetes was new to us, so I wrote a runbook; Terraform came later.',
      'We used React, Node, Postgres and Redis. We chose Postgres over Mongo because we needed transactions.',
    ],
  },
  'vague-scalability': {
    fires: [
      ['It was scalable.', 'It was scalable'],
      ['I made the system scalable and everyone was happy.', 'made the system scalable'],
      ['The new design is highly scalable.', 'The new design is highly scalable'],
      ['Honestly it scales really well.', 'it scales really well'],
    ],
    quiet: [
      'We kept it simple.',
      'It was scalable to 12,000 requests per second on four nodes.',
      'It was scalable. We load-tested it at twice the Black Friday peak.',
      'The old system was not scalable, so we split the write path.',
      'We needed to make it scalable before the partner launch.',
      'Scalability was the main worry because traffic doubles every December.',
    ],
  },
  'best-practices': {
    fires: [
      ['We used best practices throughout.', 'used best practices'],
      ['We were following industry best practices.', 'following industry best practices'],
      ['I just applied best practices.', 'applied best practices'],
    ],
    quiet: [
      'We followed best practices like contract tests and canary releases.',
      'The team was not following best practices, so I wrote a review checklist.',
      'I documented our best practices for migrations in the wiki.',
      'What is a best practice for one team can be wrong for another.',
    ],
  },
  'over-claiming': {
    fires: [
      ['I just owned everything on that project.', 'I just owned everything'],
      ['I did it all myself.', 'I did it all myself'],
      ['I basically did everything.', 'I basically did everything'],
      ['At my current job I basically built the whole backend, like, all of it.', 'I basically built the whole backend'],
      ['I single-handedly rebuilt the checkout flow.', 'I single-handedly'],
      ['Without me the launch would have slipped a quarter.', 'Without me the launch would have'],
      ['Honestly it was all me.', 'it was all me'],
    ],
    quiet: [
      'I owned the migration plan; the storage team owned the index changes.',
      'I did everything I could to keep the launch date.',
      "I wouldn't say I owned everything; the data team did the hard part.",
      'I think she single-handedly saved that launch.',
      'I owned the rollout and the rollback design.',
    ],
  },
  'go-to-person': {
    fires: [
      ['I have always been the go-to person for the billing code.', 'I have always been the go-to person'],
      ["I'm the go-to guy for anything Kubernetes.", "I'm the go-to guy"],
      ['Everyone comes to me when the build breaks.', 'Everyone comes to me when'],
      ["I'm usually the person people ask when something breaks.", "I'm usually the person people ask"],
    ],
    quiet: [
      'I was the go-to person for billing, so I wrote a runbook and ran two workshops.',
      'Everyone came to me for Kubernetes help, which made me a bottleneck, so I documented it.',
      'Our go-to tool for this was a feature flag.',
      'I went to the platform team for help.',
    ],
  },
  'business-wanted-it': {
    fires: [
      ['The business wanted it, so we built it.', 'business wanted it, so we built it'],
      ['Product asked for a dashboard so we just built it.', 'Product asked for a dashboard so we just built it'],
      ['It was a management decision, so we built it.', 'It was a management decision, so we built it'],
    ],
    quiet: [
      'The business wanted faster payouts, so we measured where the delay came from.',
      'Product asked for a dashboard, so I built it after interviewing three support agents.',
      'I worked with the business on what "done" meant.',
    ],
  },
  'blame-shifting': {
    fires: [
      ["That was QA's responsibility.", "That was QA's responsibility"],
      ["Honestly it was the ops team's fault.", "it was the ops team's fault"],
      ['Deployments? Not my job.', 'Not my job'],
      ['QA should have caught it before release.', 'QA should have caught it'],
      ["That's on the platform team.", "That's on the platform team"],
      ['I think it happened because the QA team didn\'t test that part.', "happened because the QA team didn't"],
      [
        "There were problems with videos not loading, but that was more the infra team's problem, not ours.",
        "that was more the infra team's problem",
      ],
    ],
    quiet: [
      'I worked with the QA team on a regression suite.',
      "QA's responsibility was to sign off each release; mine was the rollback plan.",
      "It wasn't my job, but I picked up the on-call rotation anyway.",
      'It was my fault: I skipped the canary.',
      "It wasn't the ops team's fault; my alert thresholds were wrong.",
    ],
  },
  'security-not-mine': {
    fires: [
      ["Security is the security team's job.", "Security is the security team's job"],
      ["Security isn't really my problem.", "Security isn't really my problem"],
      ["We didn't worry about security because the security team handles it.", "We didn't worry about security"],
      ['I left the security stuff to the security team.', 'left the security stuff to the security team'],
    ],
    quiet: [
      'I worked with the security team on the threat model for the token service.',
      "Security is everyone's job, so I added a dependency scan to CI.",
      "We didn't worry about security because it was an offline demo with fake data.",
      'Security was the main constraint on the design.',
    ],
  },
  'big-rewrite': {
    fires: [
      ['We rewrote the whole thing from scratch.', 'rewrote the whole thing from scratch'],
      ['I pushed for a big-bang rewrite of the billing service.', 'big-bang rewrite'],
      ['We rebuilt the entire platform in Go.', 'rebuilt the entire platform'],
    ],
    quiet: [
      'Instead of rewriting it from scratch, we carved out one endpoint at a time.',
      'We avoided a big-bang migration.',
      'We rewrote the whole thing from scratch, one endpoint at a time behind a feature flag.',
      'I rewrote the retry logic in the payment client.',
    ],
  },
  'hero-mode': {
    fires: [
      ['I kept restarting the server by hand every night.', 'I kept restarting the server by hand every night'],
      ['Every weekend I would ssh into prod to clear the queue.', 'Every weekend I would ssh into prod'],
      ['I was always the one who fixed prod.', 'I was always the one who fixed prod'],
    ],
    quiet: [
      'I restarted the server by hand twice, then automated the restart and fixed the leak.',
      'I fixed the bug in the retry loop and added an alert.',
      'Every week I reviewed the on-call report with the team.',
    ],
  },
  'architecture-astronaut': {
    fires: [
      ['I wanted the perfect architecture.', 'the perfect architecture'],
      ['We designed it to handle any possible use case.', 'handle any possible use case'],
      ['I built a generic framework for all our jobs.', 'built a generic framework'],
    ],
    quiet: [
      'There is no perfect architecture, only trade-offs.',
      'I wanted the perfect architecture, but the deadline forced a simpler design.',
      "We didn't need to handle any possible use case, just the two we had.",
    ],
  },
  'hidden-work': {
    fires: [
      ['I refactored the auth module without telling anyone.', 'I refactored the auth module without telling anyone'],
      ['I pushed it straight to prod.', 'I pushed it straight to prod'],
    ],
    quiet: [
      'I never change a schema without telling the on-call engineer.',
      'During the outage I pushed the hotfix straight to prod and wrote the postmortem the next day.',
      'I shipped the change after a design review with the platform team.',
    ],
  },
};

describe('span flags: positives point at the triggering words', () => {
  for (const [id, { fires }] of Object.entries(cases)) {
    for (const [text, quote] of fires) {
      it(`${id}: ${text}`, () => {
        const hit = spanFlags(text).filter((f) => f.id === id);
        expect(hit.map((f) => f.quote)).toEqual([quote]);
        expect(text.slice(hit[0]!.start!, hit[0]!.end!)).toBe(quote);
      });
    }
  }
});

describe('span flags: near misses stay quiet', () => {
  for (const [id, { quiet }] of Object.entries(cases)) {
    for (const text of quiet) {
      it(`${id} does not fire: ${text}`, () => {
        expect(spanIds(text)).not.toContain(id);
      });
    }
  }
});

describe('span flags: the sentences named in the issue', () => {
  it.each(['We kept it simple.', 'I worked with the QA team.', 'We used Postgres because the ledger needed transactions.'])(
    'no flag at all: %s',
    (text) => {
      expect(spanIds(text)).toEqual([]);
    },
  );

  it('carries the dimension the rubric maps each flag to', () => {
    const flags = spanFlags("I've been coding for 10 years. It was scalable. That was QA's responsibility.");
    expect(flags.map((f) => [f.id, f.dimension])).toEqual([
      ['tenure-claim', 'scope'],
      ['vague-scalability', 'judgment'],
      ['blame-shifting', 'production-ownership'],
    ]);
  });

  it('caps repeated hits of one rule, but flags each distinct place', () => {
    const text = Array.from({ length: 6 }, () => 'It was scalable.').join(' ');
    expect(spanFlags(text).filter((f) => f.id === 'vague-scalability')).toHaveLength(3);
  });
});
