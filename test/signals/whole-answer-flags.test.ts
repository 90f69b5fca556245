import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectSignals } from '../../src/grading/signals/detect.js';
import { deliveryFindings } from '../../src/transcripts/delivery.js';
import { expectExact, rubric, signals } from './support.js';

/** Whole-answer and absence flags, through the full pipeline (they are judged from the evidence cues). */
const ids = (text: string) => signals(text).flags.map((f) => f.id);

describe('absence flags', () => {
  const bare = 'We built a new search page with filters and sorting, and we shipped it in March.';

  it('an answer with no outcome, trade-off or reflection gets all three, with null quotes', () => {
    const flags = signals(bare).flags.filter((f) => f.id.startsWith('no-'));
    expect(flags.map((f) => [f.id, f.dimension])).toEqual([
      ['no-outcome', 'impact'],
      ['no-tradeoff', 'judgment'],
      ['no-reflection', 'reflection'],
    ]);
    for (const f of flags) expect([f.quote, f.start, f.end]).toEqual([null, null, null]);
  });

  it('a very short answer is still judged: no outcome is no outcome', () => {
    expect(ids('We shipped it.')).toEqual(expect.arrayContaining(['no-outcome', 'no-tradeoff', 'no-reflection']));
  });

  it.each([
    ['a number with a baseline', 'p99 fell from 900 ms to 250 ms after the change.'],
    ['a customer outcome', 'Merchants stopped calling support about missing payouts.'],
    ['a reliability outcome', 'Pages for the checkout service dropped from twelve a week to two.'],
    ['a team outcome', 'Onboarding for new hires went from three weeks to one.'],
  ])('no-outcome is silenced by %s', (_, sentence) => {
    const text = `${bare} ${sentence}`;
    expect(ids(bare)).toContain('no-outcome');
    expect(ids(text)).not.toContain('no-outcome');
  });

  it.each([
    ['a named trade-off', 'The key trade-off was freshness against cost.'],
    ['a rejected alternative', 'I chose Postgres advisory locks over a new Redis cluster.'],
    ['an accepted risk', 'We accepted the risk of a slower first load for the beta.'],
  ])('no-tradeoff is silenced by %s', (_, sentence) => {
    expect(ids(`${bare} ${sentence}`)).not.toContain('no-tradeoff');
  });

  it('an abstract claim about trade-offs does not silence no-tradeoff', () => {
    expect(ids(`${bare} I always think about trade-offs.`)).toContain('no-tradeoff');
  });

  it.each([
    ['a lesson', 'In hindsight I should have split the migration from the API change.'],
    ['a changed habit', 'Since then I always write the rollback section of a design doc first.'],
    ['a follow-up', 'Afterwards we added a canary stage to the deploy pipeline.'],
  ])('no-reflection is silenced by %s', (_, sentence) => {
    expect(ids(`${bare} ${sentence}`)).not.toContain('no-reflection');
  });

  it('no-personal-attribution: "we" throughout and no "I" doing anything', () => {
    const weOnly = 'We designed the schema. We migrated the data over a weekend. We shipped it and our customers were happy.';
    expect(ids(weOnly)).toContain('no-personal-attribution');
    const hedged = 'I think we did well. We designed the schema, we migrated the data and we shipped it.';
    expect(ids(hedged)).toContain('no-personal-attribution');
  });

  it.each([
    ['an "I" doing something', 'We designed the schema, I wrote the backfill, and we shipped it with our SRE team.'],
    ['"my part"', 'We designed the schema and we shipped it; my part was the backfill for our biggest tenant.'],
    ['fewer than three "we"', 'We designed the schema and shipped it in March.'],
  ])('no-personal-attribution stays quiet with %s', (_, text) => {
    expect(ids(text)).not.toContain('no-personal-attribution');
  });
});

describe('management-only', () => {
  const managing =
    'I ran the weekly stand-ups and the one-on-ones. I kept the stakeholders aligned on the roadmap. ' +
    'I managed the deadlines and the hiring for two roles. Team morale went up and we hit our goals.';

  it('fires on an answer that is only about managing, pointing at its most managerial sentence', () => {
    const f = signals(managing).flags.find((x) => x.id === 'management-only');
    expect(f).toMatchObject({ dimension: 'autonomy', quote: 'I kept the stakeholders aligned on the roadmap.' });
    expectExact(managing, f!);
  });

  it('stays quiet once the answer carries a technical decision', () => {
    const text = `${managing} I also designed the retry logic for the payments API and reviewed the schema migration.`;
    expect(ids(text)).not.toContain('management-only');
  });

  it('stays quiet on a technical answer that mentions a meeting', () => {
    const text = 'In the design review meeting I proposed moving the ledger writes behind a queue, and we load-tested it first.';
    expect(ids(text)).not.toContain('management-only');
  });
});

describe('delivery flags (thresholds from rubrics/signals/fillers.yaml)', () => {
  const rambling =
    'So um we, like, had this um service and uh it was, you know, slow, and um I kind of looked at it and uh we, like, fixed the um cache.';

  it('filler-heavy fires on a rambling answer, quoting the densest run of fillers', () => {
    const f = signals(rambling).flags.find((x) => x.id === 'filler-heavy');
    expect(f).toBeDefined();
    expect(f!.severity).toBe('critical');
    expect(f!.advice).toMatch(/fillers per 100 words/);
    expectExact(rambling, f!);
  });

  it('filler-heavy stays quiet on a clean answer', () => {
    expect(ids('I moved the ledger writes behind a queue and cut p99 from 900 ms to 250 ms.')).not.toContain('filler-heavy');
  });

  it('pace flags need timings: with speech metrics, a rushed answer gets pace-too-fast', () => {
    const text = 'I moved the ledger writes behind a queue and cut p99 from 900 ms to 250 ms. '.repeat(10);
    const speech = { words: 160, fillerCount: 0, fillerRate: 0, durationSec: 40, wordsPerMinute: 240 };
    expect(detectSignals(text, rubric, { speech }).flags.map((f) => f.id)).toContain('pace-too-fast');
    expect(ids(text)).not.toContain('pace-too-fast');
  });
});

describe('filler-heavy agrees with the delivery findings on every fixture', () => {
  it('the quick filler count never skips an answer that is filler-heavy', () => {
    const walk = (dir: string): string[] =>
      readdirSync(dir).flatMap((n) => {
        const p = join(dir, n);
        return statSync(p).isDirectory() ? walk(p) : n.endsWith('.txt') ? [readFileSync(p, 'utf8')] : [];
      });
    const texts = walk(join(import.meta.dirname, '..', '..', 'fixtures'));
    let heavy = 0;
    for (const text of texts) {
      const expected = deliveryFindings(text, null).some((f) => f.id === 'filler-heavy');
      if (expected) heavy++;
      expect(signals(text).flags.some((f) => f.id === 'filler-heavy')).toBe(expected);
    }
    expect(heavy).toBeGreaterThan(0);
  });
});
