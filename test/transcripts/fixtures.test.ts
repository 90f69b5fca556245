import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Transcript } from '../../src/grading/request.js';
import { normalizeText } from '../../src/grading/normalize.js';
import { parseTranscript } from '../../src/transcripts/parse.js';

const DIR = join(import.meta.dirname, '..', '..', 'fixtures', 'transcripts');
const read = (f: string) => normalizeText(readFileSync(join(DIR, f), 'utf8'));

/**
 * Expected values, counted by hand from the fixture files (words: whitespace-separated tokens of
 * the candidate's lines, as `wc -w` counts them; fillers: marked below; durations: the sums of
 * the candidate's cue lengths).
 */
interface Expected {
  file: string;
  format: Transcript['format'];
  text: string;
  words: number;
  hard: number;
  soft: number;
  durationSec: number | null;
  wordsPerMinute: number | null;
  fillersPerMinute: number | null;
  questions: (string | null)[] | null;
  /** Words only the interviewer said. */
  interviewerOnly: string[];
}

const CASES: Expected[] = [
  {
    file: 'plain.txt',
    format: 'plain',
    // hard: Um, uh; soft: "was, like, timing", "I mean,", "and, you know, the" (not "I'd like to")
    text: read('plain.txt').trim(),
    words: 80,
    hard: 2,
    soft: 3,
    durationSec: null,
    wordsPerMinute: null,
    fillersPerMinute: null,
    questions: null,
    interviewerOnly: [],
  },
  {
    file: 'dialogue-roles.txt',
    format: 'dialogue',
    // hard: Um, uh; soft: "We, like, found"
    text:
      'Um, sure. Our checkout service was timing out every Friday evening.\nI owned the investigation and, uh, the fix.\n\n' +
      'We, like, found a retry storm between checkout and payments.\nI chose a circuit breaker over scaling the fleet, because scaling would have doubled the cost.\n\n' +
      'Friday pages stopped, and p99 latency fell from 4 seconds to 300 milliseconds.',
    words: 58,
    hard: 2,
    soft: 1,
    durationSec: null,
    wordsPerMinute: null,
    fillersPerMinute: null,
    questions: ['Tell me about a production problem you owned end to end?', 'What did you decide, and why?', 'And the outcome?'],
    interviewerOnly: ['Mock interview', 'production problem', 'decide', 'outcome', 'Interviewer', 'Candidate:'],
  },
  {
    file: 'dialogue-interviewee.txt',
    format: 'dialogue',
    // hard: Um; soft: "I mean,", "was, you know, risky"
    text:
      'I mean, we rewrote the billing exports in one big release.\nUm, it worked, but it was, you know, risky.\n\n' +
      'I would ship it behind a flag, one customer segment at a time, and compare the outputs.',
    words: 37,
    hard: 1,
    soft: 2,
    durationSec: null,
    wordsPerMinute: null,
    fillersPerMinute: null,
    questions: ['What is a decision you would make differently today?', 'What would you do instead?'],
    interviewerOnly: ['differently today', 'instead', 'Interviewee:'],
  },
  {
    file: 'dialogue-qa.txt',
    format: 'dialogue',
    // hard: Uh, um; "I, I pair" is a false start, not a filler
    text:
      'Uh, I wrote the on-call runbook for our payments team, and I, I pair with new hires on their first incident.\n\n' +
      'Time to mitigate dropped from 50 minutes to 20, and, um, two new hires now lead incidents on their own.',
    words: 41,
    hard: 2,
    soft: 0,
    durationSec: null,
    wordsPerMinute: null,
    fillersPerMinute: null,
    questions: ['How do you make other engineers more effective?', 'How do you know it helped?'],
    interviewerOnly: ['more effective', 'helped', 'Q:', 'A:'],
  },
  {
    file: 'dialogue-names.txt',
    format: 'dialogue',
    // hard: Um, Uh; soft: "was, like,", "kind of scary"
    text:
      'Sure. Um, I led the move of our job queue from Redis to Kafka.\nIt was, like, kind of scary, because every order goes through it.\n\n' +
      'We dual wrote for two weeks and compared the outputs every night. Uh, then we cut over one region at a time.',
    words: 48,
    hard: 2,
    soft: 2,
    durationSec: null,
    wordsPerMinute: null,
    fillersPerMinute: null,
    questions: ['Thanks for joining. Can you walk me through a migration you led?', 'How did you de-risk it?'],
    interviewerOnly: ['Thanks for joining', 'de-risk', 'Dana', 'Priya'],
  },
  {
    file: 'interview-voice.vtt',
    format: 'vtt',
    // hard: Um; soft: "I, like, split". Candidate time: 8 s + 6 s + half of the shared 3 s cue
    // ("Why shards?" 2 words / "Cost, mostly." 2 words) = 15.5 s.
    text:
      'Um, our search indexer could not keep up with the catalogue, so I, like, split it into shards. Indexing time fell from six hours to forty minutes.\n\n' +
      'Cost, mostly.',
    words: 29,
    hard: 1,
    soft: 1,
    durationSec: 15.5,
    wordsPerMinute: 112.3, // 29 / 15.5 * 60 = 112.26
    fillersPerMinute: 7.7, // 2 / 15.5 * 60 = 7.74
    questions: ['Tell me about a system you scaled.', 'Why shards?'],
    interviewerOnly: ['scaled', 'Why shards', 'Great, thank you', 'Dana', 'Whitfield', 'color', 'recorder', 'align', 'Kind'],
  },
  {
    file: 'interview-names.vtt',
    format: 'vtt',
    // hard: Uh, um; soft: "fix, you know, because". Candidate cues 2, 3 (unlabelled: still Lena) and 5: 3 × 6 s.
    text:
      'Uh, choosing between a rewrite and, um, an incremental fix for our payments reconciler. I picked the incremental fix, you know, because the rewrite would have frozen the roadmap for a quarter.\n\n' +
      'Yes. Mismatches dropped by 90 percent in six weeks.',
    words: 41,
    hard: 2,
    soft: 1,
    durationSec: 18,
    wordsPerMinute: 136.7, // 41 / 18 * 60 = 136.67
    fillersPerMinute: 10, // 3 / 18 * 60
    questions: ['What was the hardest trade-off you made last year?', 'Did that hold up?'],
    interviewerOnly: ['hardest trade-off', 'hold up', 'Sam', 'Lena:'],
  },
  {
    file: 'interview.srt',
    format: 'srt',
    // hard: Hmm; soft: "We, like, keep", "half, sort of by". Candidate cues 2 and 3: 6 s + 6 s.
    text:
      'Hmm, I treat every page as a bug report. We, like, keep a weekly review of pages. Last quarter we cut pages by half, sort of by deleting alerts nobody acted on.',
    words: 32,
    hard: 1,
    soft: 2,
    durationSec: 12,
    wordsPerMinute: 160,
    fillersPerMinute: 15,
    questions: ['How do you handle on-call?'],
    interviewerOnly: ['handle on-call', 'Nice', 'Interviewer', 'Candidate:', '<i>'],
  },
  {
    file: 'youtube-auto.vtt',
    format: 'vtt',
    // YouTube auto-captions: each cue repeats the line before (and 10 ms "hold" cues repeat it
    // again); every spoken line is read once. hard: um; soft: "have you know doubled". The
    // candidate's time is the 14 cues with new words: 0.16 s to 39.04 s less 13 holds of 10 ms.
    text:
      "so the project I'm most proud of is the checkout rewrite at my last company our payment service was timing out um " +
      'every Friday evening and I owned the fix so the first thing we we looked at the retry logic and we we found a retry storm ' +
      'between checkout and payments I chose a circuit breaker over scaling the fleet because scaling would have you know ' +
      'doubled our cloud bill yeah and the Friday pages stopped p99 latency fell from 4 seconds to 300 milliseconds',
    words: 86,
    hard: 1,
    soft: 1,
    durationSec: 38.75,
    wordsPerMinute: 133.2, // 86 / 38.75 * 60 = 133.16
    fillersPerMinute: 3.1, // 2 / 38.75 * 60 = 3.10
    questions: null,
    interviewerOnly: ['<c>', '00:00', 'align', 'Kind'],
  },
  {
    file: 'dialogue-otter.txt',
    format: 'dialogue',
    // Otter.ai export: "Name  0:09" header lines. hard: Um; soft: "was, like,", "kind of scary".
    // 99 words by wc -w, plus one each for "10:30" and "4,000" (runs of digits are words).
    // Timed by the headers: Priya 0:08-0:20 and 0:20-0:33 (25 s, 29 + 34 = 63 words: 151.2 wpm);
    // her last turn (0:36, 38 words, end unknown) takes 38 words at that pace: 25 + 38 * 25 / 63 s.
    text:
      'Sure. Last year I owned the migration of our order queue from Redis to Kafka. Um, every checkout goes through that queue, so it was, like, kind of scary.\n' +
      'We dual wrote to both queues for two weeks and compared the outputs every night. We cut over one region at a time, and the first cutover started at 10:30 on a Tuesday.\n\n' +
      'Keeping the old queue running for a month after the cutover. It cost about 4,000 dollars, but we could roll back in minutes. Result: zero lost orders, and p99 publish latency went from 80 to 12 milliseconds.',
    words: 101,
    hard: 1,
    soft: 2,
    durationSec: 40.079,
    wordsPerMinute: 151.2,
    fillersPerMinute: 4.5, // 3 / 40.079 * 60
    questions: ['Thanks for making the time. Tell me about a hard project you owned end to end.', 'What was the hardest call you made?'],
    interviewerOnly: ['Dana', 'Priya', '0:08', '0:36', 'Transcribed', 'otter.ai', 'hardest call'],
  },
  {
    file: 'dialogue-rev.txt',
    format: 'dialogue',
    // Rev export: "Speaker 1 (00:00):" header lines. hard: Um; soft: "so, you know, every".
    // Timed by the headers: Speaker 2 00:03-00:10 and 00:10-00:20 (17 s, 16 + 26 = 42 words:
    // 148.2 wpm); the last turn (00:22, 33 words) at that pace: 17 + 33 * 17 / 42 s.
    text:
      'Um, sure. Our checkout service started timing out every Friday evening, and I owned the investigation.\n' +
      'We traced it to a retry storm between checkout and payments. The retries had no jitter, so, you know, every client retried at the same moment.\n\n' +
      'I added a circuit breaker and jittered backoff instead of scaling the fleet, because scaling would have doubled the cost. Friday pages stopped, and p99 latency fell from 4 seconds to 300 milliseconds.',
    words: 75,
    hard: 1,
    soft: 1,
    durationSec: 30.357,
    wordsPerMinute: 148.2,
    fillersPerMinute: 4, // 2 / 30.357 * 60 = 3.95
    questions: ['Walk me through a production incident you led.', 'What did you change?'],
    interviewerOnly: ['Speaker', '00:', 'production incident', 'What did you change'],
  },
];

describe('transcript fixtures: text, segments and speech metrics', () => {
  it.each(CASES)('$file', (c) => {
    const parsed = parseTranscript({ format: c.format, text: read(c.file) });
    expect(parsed.text).toBe(c.text);
    const fillerCount = c.hard + c.soft;
    expect(parsed.speech).toEqual({
      words: c.words,
      fillerCount,
      fillerRate: Math.round((fillerCount / c.words) * 1000) / 10,
      durationSec: c.durationSec,
      wordsPerMinute: c.wordsPerMinute,
      hardFillers: c.hard,
      softFillers: c.soft,
      fillersPerMinute: c.fillersPerMinute,
    });
    for (const words of c.interviewerOnly) expect(parsed.text).not.toContain(words);

    if (c.questions === null) {
      expect(parsed.segments).toBeNull();
    } else {
      expect(parsed.segments!.map((s) => s.question)).toEqual(c.questions);
      // Each answer span is one or more whole candidate turns, in order, covering all of `text`.
      const answers = parsed.segments!.map((s) => parsed.text.slice(s.start, s.end));
      expect(answers.join('\n\n')).toBe(parsed.text);
      for (const q of c.questions) if (q) expect(parsed.text).not.toContain(q);
    }
    // Fillers and false starts are spans of `text` made only of those words.
    for (const f of parsed.fillers) expect(parsed.text.slice(f.start, f.end)).toMatch(/^[\p{L}'\- ,]+$/u);
  });

  it('counts the same fillers as the hand-marked list in plain.txt, at the marked places', () => {
    const parsed = parseTranscript({ format: 'plain', text: read('plain.txt') });
    const spans = parsed.fillers.map((f) => parsed.text.slice(f.start, f.end));
    expect(spans).toEqual(['Um', 'like', 'We, ', 'I mean', 'uh', 'you know']);
  });
});
