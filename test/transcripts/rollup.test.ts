import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluate, type Grader } from '../../src/grading/evaluate.js';
import { evaluationInvariantViolations } from '../../src/grading/evaluation.js';
import { createHeuristicEngine } from '../../src/grading/heuristic/engine.js';
import { loadRubrics } from '../../src/grading/rubric-registry.js';
import { parseTranscript } from '../../src/transcripts/parse.js';
import { scriptedEngine } from '../support/scripted-engine.js';

const YOUTUBE = readFileSync(join(import.meta.dirname, '..', '..', 'fixtures', 'transcripts', 'youtube-auto.vtt'), 'utf8');
const vtt = (...cues: string[]) => `WEBVTT\n\n${cues.join('\n\n')}\n`;
const srt = (...cues: string[]) => `${cues.map((c, i) => `${i + 1}\n${c}`).join('\n\n')}\n`;
const parse = (format: 'vtt' | 'srt', text: string) => parseTranscript({ format, text });
const count = (text: string, phrase: string) => text.split(phrase).length - 1;

describe('roll-up captions (YouTube auto-captions) are read once', () => {
  it('reads each line of youtube-auto.vtt once, in order, with inline word timestamps removed', () => {
    const { text } = parse('vtt', YOUTUBE);
    expect(count(text, "so the project I'm most proud of is")).toBe(1);
    expect(count(text, 'the checkout rewrite at my last company')).toBe(1);
    expect(count(text, 'and payments')).toBe(1);
    // The one-word line "yeah" is repeated whole by the next cue and its hold cue: read once.
    expect(count(text, 'yeah')).toBe(1);
    expect(text).not.toMatch(/<|>|00:/);
    expect(text.startsWith("so the project I'm most proud of is the checkout rewrite")).toBe(true);
    expect(text.endsWith('fell from 4 seconds to 300 milliseconds')).toBe(true);
  });

  it('keeps what the speaker repeated: "we we" inside a cue, and a cue starting with the word the last one ended on', () => {
    const { text, fillers } = parse('vtt', YOUTUBE);
    // "so the first thing we" / "we looked at the retry logic and we we" / "found a retry storm"
    expect(text).toContain('so the first thing we we looked at the retry logic and we we found a retry storm');
    // Both stutters are false starts: never evidence, still the candidate's words.
    expect(fillers.map((f) => text.slice(f.start, f.end))).toEqual(['um', 'we ', 'we ', 'you know']);
  });

  it('grades the YouTube captions with quotes that index into the de-duplicated text', async () => {
    const quotes = ['I chose a circuit breaker over scaling the fleet', 'p99 latency fell from 4 seconds to 300 milliseconds', 'we looked at the retry logic'];
    const engine = scriptedEngine('heuristic', (input) => ({
      dimensions: input.rubric.dimensions.map((d, i) => ({ id: d.id, score: 3, rationale: 'r', evidence: i === 0 ? quotes.map((quote) => ({ quote })) : [] })),
    }));
    const e = await evaluate({ transcript: { format: 'vtt', text: YOUTUBE } }, { rubrics: loadRubrics(), heuristic: engine, llm: null });
    expect(evaluationInvariantViolations(e)).toEqual([]);
    const evidence = e.dimensions[0]!.evidence;
    expect(evidence.map((ev) => ev.quote)).toEqual(quotes);
    for (const ev of evidence) {
      expect(e.text.slice(ev.start, ev.end)).toBe(ev.quote);
      // A repeated line would give two places to point at; there is one.
      expect(count(e.text, ev.quote)).toBe(1);
    }
    expect(e.speech).toMatchObject({ words: 86, durationSec: 38.75, wordsPerMinute: 133.2 });
  });

  it('grades it with the heuristic engine without a broken span', async () => {
    const grader: Grader = { rubrics: loadRubrics(), heuristic: createHeuristicEngine(), llm: null };
    const e = await evaluate({ transcript: { format: 'vtt', text: YOUTUBE } }, grader);
    expect(evaluationInvariantViolations(e)).toEqual([]);
    expect(e.speech?.words).toBe(86);
  });

  it('reads the same when the " " first line of each cue was stripped to an empty line', () => {
    const stripped = YOUTUBE.replace(/^ $/gm, '');
    expect(stripped).not.toBe(YOUTUBE);
    expect(parse('vtt', stripped)).toEqual(parse('vtt', YOUTUBE));
  });

  it('handles cues that grow a word at a time (paint-on) and a sliding window of words', () => {
    const growing = vtt(
      '00:00.000 --> 00:01.000\nwe moved',
      '00:01.000 --> 00:02.000\nwe moved the queue',
      '00:02.000 --> 00:03.000\nwe moved the queue to Kafka',
      '00:03.000 --> 00:04.000\nand it paid off',
    );
    const parsed = parse('vtt', growing);
    expect(parsed.text).toBe('we moved the queue to Kafka and it paid off');
    expect(parsed.speech).toMatchObject({ words: 10, durationSec: 4 });

    const sliding = vtt(
      '00:00.000 --> 00:02.000\nwe dual wrote to both queues',
      '00:02.000 --> 00:04.000\nto both queues for two weeks',
      '00:04.000 --> 00:06.000\nfor two weeks and compared outputs',
    );
    expect(parse('vtt', sliding).text).toBe('we dual wrote to both queues for two weeks and compared outputs');
  });

  it('removes roll-up repetition in SRT too (broadcast two-line roll-up), per speaker', () => {
    const text = srt(
      '00:00:00,000 --> 00:00:02,000\n>> INTERVIEWER: WHY DID YOU PICK KAFKA?',
      '00:00:02,000 --> 00:00:04,000\n>> INTERVIEWER: WHY DID YOU PICK KAFKA?\n>> CANDIDATE: REPLAY, MOSTLY. WE NEEDED',
      '00:00:04,000 --> 00:00:06,000\n>> CANDIDATE: REPLAY, MOSTLY. WE NEEDED\nTO REBUILD STATE AFTER A BAD DEPLOY.',
      '00:00:06,000 --> 00:00:08,000\nTO REBUILD STATE AFTER A BAD DEPLOY.\nIT SAVED US TWICE.',
    );
    const parsed = parse('srt', text);
    expect(parsed.text).toBe('REPLAY, MOSTLY. WE NEEDED TO REBUILD STATE AFTER A BAD DEPLOY. IT SAVED US TWICE.');
    expect(parsed.segments).toEqual([{ question: 'WHY DID YOU PICK KAFKA?', start: 0, end: parsed.text.length }]);
    expect(parsed.speech?.words).toBe(15);
    // Cue 2's new line is the candidate's (the interviewer's line in it is the repeat), so cues
    // 2, 3 and 4 are the candidate's time.
    expect(parsed.speech?.durationSec).toBe(6);
  });

  it('only removes words repeated in the same voice', () => {
    const text = vtt(
      '00:00.000 --> 00:02.000\n<v Dana>what did the migration',
      '00:02.000 --> 00:04.000\n<v Dana>what did the migration\ncost you',
      '00:04.000 --> 00:06.000\n<v Dana>cost you\nin the end',
      '00:06.000 --> 00:08.000\n<v Priya>in the end about 4,000 dollars',
    );
    const parsed = parse('vtt', text);
    expect(parsed.text).toBe('in the end about 4,000 dollars');
    expect(parsed.segments).toEqual([{ question: 'what did the migration cost you in the end', start: 0, end: 30 }]);
  });
});

describe('ordinary subtitles keep genuine repetition', () => {
  it.each([
    ['a cue that repeats a short word', ['00:00.000 --> 00:02.000\nCandidate: Did it work? No.', '00:02.000 --> 00:04.000\nNo, we rolled it back.'], 'Did it work? No. No, we rolled it back.'],
    ['a stutter across two cues', ['00:00.000 --> 00:02.000\nCandidate: so we we decided to, to ship and we', '00:02.000 --> 00:04.000\nwe learned a lot.'], 'so we we decided to, to ship and we we learned a lot.'],
    ['two identical one-word cues', ['00:00.000 --> 00:01.000\nCandidate: Right.', '00:01.000 --> 00:02.000\nRight.', '00:02.000 --> 00:05.000\nSo we shipped it behind a flag.'], 'Right. Right. So we shipped it behind a flag.'],
  ])('%s', (_, cues, expected) => {
    expect(parse('vtt', vtt(...cues)).text).toBe(expected);
  });

  it('keeps a phrase said twice across a cue boundary when the rest of the file does not roll', () => {
    const cues = [
      '00:00.000 --> 00:03.000\nCandidate: First we load tested it, and then we tested it',
      '00:03.000 --> 00:06.000\nwe tested it again with real traffic.',
      '00:06.000 --> 00:09.000\nThe second run found the leak.',
      '00:09.000 --> 00:12.000\nWe fixed it in a day.',
    ];
    expect(parse('vtt', vtt(...cues)).text).toBe(
      'First we load tested it, and then we tested it we tested it again with real traffic. The second run found the leak. We fixed it in a day.',
    );
  });
});

describe('WebVTT cue layout of YouTube files', () => {
  it('keeps a line of spaces after the timing line inside the cue, but a lone line of spaces still ends it', () => {
    const text = vtt('00:00.000 --> 00:02.000\n \nwe moved the queue', '00:02.000 --> 00:03.000\nto Kafka\n   ', '00:03.000 --> 00:04.000\nand it paid off');
    const parsed = parse('vtt', text);
    expect(parsed.text).toBe('we moved the queue to Kafka and it paid off');
    expect(parsed.speech?.durationSec).toBe(4);
  });

  it('still rejects a block of text with no timing line when no empty cue precedes it', () => {
    expect(() => parse('vtt', vtt('00:00.000 --> 00:02.000\nfine', 'stray words'))).toThrow(/line 6: expected a cue timing line/);
  });
});
