import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { GradeInput } from '../../src/grading/engine.js';
import { evaluate, type Grader } from '../../src/grading/evaluate.js';
import { evaluationInvariantViolations } from '../../src/grading/evaluation.js';
import { createLocator, groundEvidence } from '../../src/grading/grounding.js';
import { createHeuristicEngine } from '../../src/grading/heuristic/engine.js';
import { normalizeInput } from '../../src/grading/normalize.js';
import { loadRubrics } from '../../src/grading/rubric-registry.js';
import { parseTranscript } from '../../src/transcripts/parse.js';
import { scriptedEngine } from '../support/scripted-engine.js';

const DIR = join(import.meta.dirname, '..', '..', 'fixtures', 'transcripts');
const read = (f: string) => readFileSync(join(DIR, f), 'utf8');
const SPOKEN = 'So we, um, moved the queue to Kafka, and I- I think, you know, the pages stopped.';

describe('quote grounding through fillers and false starts', () => {
  const { text, fillers } = parseTranscript({ format: 'plain', text: SPOKEN });

  it.each([
    ['verbatim, filler included', 'we, um, moved the queue to Kafka'],
    ['filler with other punctuation', 'we um moved the queue to Kafka'],
    ['filler left out', 'we moved the queue to Kafka'],
    ['false start and filler left out', 'I think the pages stopped'],
    ['false start kept, filler left out', 'I- I think, the pages stopped'],
  ])('%s: %j grounds to the exact span of the candidate\'s words', (_, quote) => {
    const [ev] = groundEvidence(text, [{ quote }], { excluded: fillers }).evidence;
    expect(ev).toBeDefined();
    expect(text.slice(ev!.start, ev!.end)).toBe(ev!.quote);
    // A span starts at the first word that is not noise: the restart, not the abandoned "I- ".
    const expected = quote.startsWith('we') ? 'we, um, moved the queue to Kafka' : 'I think, you know, the pages stopped';
    expect(ev!.quote).toBe(expected);
  });

  it('does not ground words the candidate did not say', () => {
    expect(createLocator(text).locate('we moved the database to Kafka')).toBeNull();
    expect(groundEvidence(text, [{ quote: 'we moved the queue to Postgres' }]).dropped).toEqual(['we moved the queue to Postgres']);
  });

  it('never takes a filler or a false start alone as evidence', () => {
    const drafts = [{ quote: 'um' }, { quote: 'you know' }, { quote: 'I- ' }, { quote: 'moved the queue' }];
    const { evidence } = groundEvidence(text, drafts, { excluded: fillers });
    expect(evidence.map((e) => e.quote)).toEqual(['moved the queue']);
  });
});

describe('transcripts through evaluate()', () => {
  const rubrics = loadRubrics();

  /** An engine that records what it was given and cites the given quotes for the first dimension. */
  function recordingEngine(seen: GradeInput[], quotes: string[]) {
    return scriptedEngine('heuristic', (input) => {
      seen.push(input);
      return { dimensions: input.rubric.dimensions.map((d, i) => ({ id: d.id, score: 3, rationale: 'r', evidence: i === 0 ? quotes.map((quote) => ({ quote })) : [] })) };
    });
  }

  it('grades only the candidate\'s words, with segments, speech and the first question as context', async () => {
    const seen: GradeInput[] = [];
    const grader: Grader = { rubrics, heuristic: recordingEngine(seen, ['found a retry storm between checkout and payments', 'We found a retry storm']), llm: null };
    const e = await evaluate({ transcript: { format: 'dialogue', text: read('dialogue-roles.txt').replace(/\n/g, '\r\n') } }, grader);
    expect(evaluationInvariantViolations(e)).toEqual([]);
    expect(e.question).toBe('Tell me about a production problem you owned end to end?');
    expect(e.text).not.toMatch(/Interviewer|What did you decide|And the outcome/);
    expect(e.segments?.map((s) => s.question)).toEqual(['Tell me about a production problem you owned end to end?', 'What did you decide, and why?', 'And the outcome?']);
    expect(e.speech).toMatchObject({ words: 58, fillerCount: 3, hardFillers: 2, softFillers: 1, durationSec: null, wordsPerMinute: null });
    // One body of evidence: the engine saw the whole conversation's answers at once, with the segments.
    expect(seen).toHaveLength(1);
    expect(seen[0]!.text).toBe(e.text);
    expect(seen[0]!.segments).toEqual(e.segments);
    // A quote that skips the filler ("We, like, found") still grounds, with exact offsets.
    const quotes = e.dimensions[0]!.evidence.map((ev) => ev.quote);
    expect(quotes).toEqual(['found a retry storm between checkout and payments', 'We, like, found a retry storm']);
    // Fillers reach the signal detector as spans that are never evidence.
    const excluded = seen[0]!.signals.excluded.filter((x) => x.reason === 'filler').map((x) => e.text.slice(x.start, x.end));
    expect(excluded).toEqual(['Um', 'uh', 'like']);
  });

  it('keeps the request\'s question over the transcript\'s first question', async () => {
    const e = await evaluate(
      { transcript: { format: 'vtt', text: read('interview-voice.vtt') }, question: 'Describe scaling work' },
      { rubrics, heuristic: createHeuristicEngine(), llm: null },
    );
    expect(e.question).toBe('Describe scaling work');
    expect(e.speech).toMatchObject({ durationSec: 15.5, wordsPerMinute: 112.3 });
  });

  it('a written answer has speech null, yet its fillers are still never evidence', () => {
    const input = normalizeInput({ answer: 'Um, I led the, uh, migration.' });
    expect(input.speech).toBeNull();
    expect(input.segments).toBeNull();
    expect(input.fillers.map((f) => input.text.slice(f.start, f.end))).toEqual(['Um', 'uh']);
  });

  it('a plain transcript is spoken input: speech metrics without timings', () => {
    const input = normalizeInput({ transcript: { format: 'plain', text: '  Um, we shipped it.  ' } });
    expect(input.text).toBe('Um, we shipped it.');
    expect(input.speech).toEqual({ words: 4, fillerCount: 1, fillerRate: 25, durationSec: null, wordsPerMinute: null, hardFillers: 1, softFillers: 0, fillersPerMinute: null });
  });
});

describe('delivery flags in the evaluation', () => {
  const grader: Grader = { rubrics: loadRubrics(), heuristic: createHeuristicEngine(), llm: null };
  const deliveryFlags = (e: { flags: { id: string }[] }) => e.flags.filter((f) => ['filler-heavy', 'pace-too-fast', 'pace-too-slow'].includes(f.id));

  it('flags filler-heavy timed speech, pointing at the densest run of fillers', async () => {
    const e = await evaluate({ transcript: { format: 'srt', text: read('interview.srt') } }, grader);
    const [flag, ...rest] = deliveryFlags(e) as typeof e.flags;
    expect(rest).toEqual([]);
    expect(flag).toMatchObject({ id: 'filler-heavy', severity: 'critical', start: 0 });
    expect(e.text.slice(flag!.start!, flag!.end!)).toBe(flag!.quote);
    expect(flag!.advice).toMatch(/^15 fillers a minute/);
  });

  it('adds an info flag for a pace outside 120-165 words a minute', async () => {
    const e = await evaluate({ transcript: { format: 'vtt', text: read('interview-voice.vtt') } }, grader);
    expect(deliveryFlags(e)).toEqual([expect.objectContaining({ id: 'pace-too-slow', severity: 'info', quote: null, start: null, end: null })]);
  });

  it('flags a filler-heavy written answer per 100 words, while its speech stays null', async () => {
    const e = await evaluate({ answer: read('plain.txt') }, grader);
    expect(e.speech).toBeNull();
    expect(deliveryFlags(e).map((f) => f.id)).toEqual(['filler-heavy']);
  });
});
