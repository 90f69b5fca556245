import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { evaluate } from '../../src/grading/evaluate.js';
import { evaluationInvariantViolations } from '../../src/grading/evaluation.js';
import { createHeuristicEngine } from '../../src/grading/heuristic/engine.js';
import { loadRubrics } from '../../src/grading/rubric-registry.js';
import { parseTranscript } from '../../src/transcripts/parse.js';
import { countWords } from '../../src/transcripts/words.js';

const dialogue = (text: string, interviewer?: string) => parseTranscript({ format: 'dialogue', text, ...(interviewer ? { interviewer } : {}) });
const fixture = (name: string) => readFileSync(new URL(`../../fixtures/transcripts/${name}`, import.meta.url), 'utf8');
/** The words of an export excerpt, its header lines left out. */
const paragraphs = (excerpt: string) => excerpt.split('\n').filter((l) => !/\d:\d\d\)?:?$/.test(l.trim())).join('\n');
const words = (n: number, word = 'queue') => Array.from({ length: n }, () => word).join(' ');

/** Every number in `speech` is finite and not negative (or null). */
function saneSpeech(speech: Record<string, unknown> | null) {
  for (const v of Object.values(speech ?? {})) if (v !== null) expect(Number.isFinite(v) && (v as number) >= 0, String(v)).toBe(true);
}

describe('Otter/Rev header timestamps time the candidate\'s turns', () => {
  it('a turn lasts until the next header; the last turn is timed at the pace of the timed ones', () => {
    // Candidate: 0:10-0:20 (30 words, 180 wpm), then the last turn (15 words, end unknown).
    const text = ['Interviewer  0:00', 'Why Kafka?', '', 'Jane Doe  0:10', words(30), '', 'Interviewer  0:20', 'And then?', '', 'Jane Doe  0:25', words(15), ''].join('\n');
    const { speech } = dialogue(text);
    expect(speech).toMatchObject({ words: 45, durationSec: 15, wordsPerMinute: 180 });
  });

  it('Rev: words after the colon, consecutive candidate headers add up, interviewer time is not the candidate\'s', () => {
    const text = [
      'Speaker 1 (00:00): Why Kafka?', // interviewer talks 0-40: not counted
      `Speaker 2 (00:40): ${words(20)}`, // 40-50
      `Speaker 2 (00:50): ${words(10)}`, // 50-60
      'Speaker 1 (01:00): Thanks?',
      `Speaker 2 (01:30): ${words(60)}`, // last turn: 60 words at 30 words / 20 s = 40 s
    ].join('\n');
    const { speech } = dialogue(text);
    expect(speech).toMatchObject({ words: 90, durationSec: 60, wordsPerMinute: 90 });
  });

  it('a one-off "Result: ..." line inside a Rev turn is words, and the transcript stays timed', () => {
    const text = ['Speaker 1 (00:00):', 'Why?', '', 'Speaker 2 (00:10):', words(25), 'Result: zero lost orders.', '', 'Speaker 1 (00:25):', 'Thanks.'].join('\n');
    const { text: answer, speech } = dialogue(text);
    expect(answer).toContain('Result: zero lost orders.');
    expect(speech).toMatchObject({ words: 29, durationSec: 15, wordsPerMinute: 116 });
  });

  it('fillers a minute count every filler over the whole (partly estimated) time, consistent with durationSec', () => {
    const text = ['Interviewer  0:00', 'Why?', '', 'Jane Doe  0:05', `um ${words(19)}`, '', 'Interviewer  0:15', 'Then?', '', 'Jane Doe  0:20', `uh um ${words(18)}`].join('\n');
    const { speech } = dialogue(text);
    // 20 timed words in 10 s; 20 more at that pace: 20 s, 3 fillers.
    expect(speech).toMatchObject({ words: 40, fillerCount: 3, durationSec: 20, wordsPerMinute: 120, fillersPerMinute: 9 });
  });

  it('the committed Otter and Rev fixtures get a pace measured over the turns whose end is known', () => {
    // Otter: Priya 0:08-0:20 and 0:20-0:33 are timed (25 s); her 0:36 turn is last.
    const otter = fixture('dialogue-otter.txt');
    const timedOtter = countWords(paragraphs(otter.slice(otter.indexOf('Priya Raman  0:08'), otter.indexOf('Dana Whitfield  0:33'))));
    expect(dialogue(otter).speech?.wordsPerMinute).toBe(Math.round((timedOtter / 25) * 60 * 10) / 10);
    // Rev: Speaker 2 00:03-00:10 and 00:10-00:20 are timed (17 s); the 00:22 turn is last.
    const rev = fixture('dialogue-rev.txt');
    const timedRev = countWords(paragraphs(rev.slice(rev.indexOf('Speaker 2 (00:03)'), rev.indexOf('Speaker 1 (00:20)'))));
    expect(dialogue(rev).speech?.wordsPerMinute).toBe(Math.round((timedRev / 17) * 60 * 10) / 10);
  });
});

describe('exports whose timestamps cannot time the turns stay untimed', () => {
  const untimed = { durationSec: null, wordsPerMinute: null, fillersPerMinute: null };

  it.each([
    ['timestamps going backwards', 'Interviewer  0:30\nWhy?\n\nJane Doe  0:10\nReplay, mostly.\n\nInterviewer  0:40\nThen?\n\nJane Doe  0:50\nWe shipped.'],
    ['a 0 s turn (same timestamp twice)', 'Speaker 1 (00:05):\nWhy?\n\nSpeaker 2 (00:05):\nReplay, mostly.\n\nSpeaker 1 (00:09):\nThen?\n\nSpeaker 2 (00:12):\nWe shipped.'],
    ['the candidate speaks only in the last turn', 'Interviewer  0:00\nTell me about a hard project.\n\nJane Doe  0:09\nI led the billing rewrite.'],
    ['one header (a solo recording)', 'Jane Doe  0:00\nI led the billing rewrite.\nIt cut errors by 90 percent.'],
    ['a speaker change without a timestamp', 'Dana (00:00):\nWhy?\n\nPriya (00:04):\nReplay.\nDana: Then?\nPriya: We shipped.\nDana: Thanks.\nPriya: Sure.\n\nDana (00:30):\nBye.'],
  ])('%s', (_, text) => {
    const { speech } = dialogue(text);
    expect(speech).toMatchObject(untimed);
    saneSpeech(speech);
  });

  it('plain labelled dialogues without timestamps stay untimed', () => {
    expect(dialogue(fixture('dialogue-names.txt')).speech).toMatchObject(untimed);
    expect(dialogue('Interviewer: Why?\nCandidate: Replay, mostly.\nInterviewer: Then?\nCandidate: We shipped it.').speech).toMatchObject(untimed);
  });
});

describe('graded end to end: header timing drives the pace flags', () => {
  const grade = (text: string) =>
    evaluate({ transcript: { format: 'dialogue', text }, engine: 'heuristic' }, { rubrics: loadRubrics(), heuristic: createHeuristicEngine(), llm: null });
  const paceFlags = (e: { flags: { id: string }[] }) => e.flags.map((f) => f.id).filter((id) => id.startsWith('pace-'));
  const answer = (n: number) =>
    Array.from({ length: n }, (_, i) => `We moved the queue in step ${i + 1} and measured latency.`).join(' ');

  it.each([
    ['0:20', 'pace-too-fast'], // 90 words in 19 s: 284 wpm
    ['1:30', 'pace-too-slow'], // 90 words in 89 s: 61 wpm
  ])('a turn ending at %s raises %s', async (end, flag) => {
    const text = ['Interviewer  0:00', 'Tell me about a migration.', '', 'Jane Doe  0:01', answer(10), '', `Interviewer  ${end}`, 'Thanks?', ''].join('\n');
    const e = await grade(text);
    expect(evaluationInvariantViolations(e)).toEqual([]);
    expect(paceFlags(e)).toEqual([flag]);
  });

  it('the same words without timestamps raise no pace flag', async () => {
    const e = await grade(`Interviewer: Tell me about a migration.\nCandidate: ${answer(10)}\nInterviewer: Thanks?`);
    expect(paceFlags(e)).toEqual([]);
  });
});
