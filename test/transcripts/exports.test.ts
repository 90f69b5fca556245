import { describe, expect, it } from 'vitest';
import { TranscriptFormatError } from '../../src/grading/errors.js';
import { evaluate } from '../../src/grading/evaluate.js';
import { evaluationInvariantViolations } from '../../src/grading/evaluation.js';
import { createHeuristicEngine } from '../../src/grading/heuristic/engine.js';
import { loadRubrics } from '../../src/grading/rubric-registry.js';
import { looksLikeDialogue } from '../../src/transcripts/dialogue.js';
import { sourceFromText } from '../../src/transcripts/files.js';
import { parseTranscript } from '../../src/transcripts/parse.js';

const dialogue = (text: string, interviewer?: string) => parseTranscript({ format: 'dialogue', text, ...(interviewer ? { interviewer } : {}) });

const OTTER = [
  'Interviewer  0:02',
  'Tell me about a hard project.',
  '',
  'Jane Doe  0:09',
  'Sure. Last year I led the billing rewrite, and we cut invoice errors by 90 percent.',
  '',
].join('\n');

describe('Otter.ai exports ("Name  0:02" on its own line)', () => {
  it('grades only the candidate, with the question from the interviewer turn', () => {
    const parsed = dialogue(OTTER);
    expect(parsed.text).toBe('Sure. Last year I led the billing rewrite, and we cut invoice errors by 90 percent.');
    expect(parsed.segments).toEqual([{ question: 'Tell me about a hard project.', start: 0, end: parsed.text.length }]);
  });

  it('accepts h:mm:ss stamps and trailing spaces, and drops bare timestamps and the "Transcribed by" footer', () => {
    const text = [
      'Mock interview, March',
      '',
      'Dana Whitfield  00:00:02  ',
      'Why Kafka?',
      '',
      'Priya  00:00:06',
      'Replay, mostly.',
      '',
      '0:15  ',
      'We rebuilt state twice after bad deploys.',
      '',
      'Dana Whitfield  1:02:03',
      'Anything else?',
      '',
      'Priya  1:02:07',
      'No.',
      '',
      'Transcribed by https://otter.ai',
    ].join('\n');
    const parsed = dialogue(text);
    expect(parsed.text).toBe('Replay, mostly.\nWe rebuilt state twice after bad deploys.\n\nNo.');
    expect(parsed.segments?.map((s) => s.question)).toEqual(['Why Kafka?', 'Anything else?']);
    expect(parsed.text).not.toMatch(/Mock interview|0:15|otter|Transcribed/);
  });

  it('keeps "Result: ..." and "Situation: ..." inside a paragraph as words, even with one speaker', () => {
    const text = 'Priya Raman  0:00\nSituation: our queue fell behind every Friday.\n\nPriya Raman  0:40\nResult: it kept up, with 3 times the traffic.\n';
    const parsed = dialogue(text);
    expect(parsed.text).toBe('Situation: our queue fell behind every Friday.\nResult: it kept up, with 3 times the traffic.');
    expect(parsed.segments).toBeNull();
  });

  it('names the interviewer with `interviewer`, and lists the speakers when the name is wrong', () => {
    const text = 'Jane Doe  0:00\nSo, why did you leave?\n\nSam Lee  0:04\nWhy not stay?\n\nJane Doe  0:08\nThe team was dissolved.\n';
    expect(dialogue(text, 'Sam Lee').text).toBe('So, why did you leave?\n\nThe team was dissolved.');
    expect(() => dialogue(text, 'Dana')).toThrow(TranscriptFormatError);
    expect(() => dialogue(text, 'Dana')).toThrow(/its speakers are: Jane Doe, Sam Lee/);
  });

  it('reads one opening header as a speaker (a solo practice recording)', () => {
    expect(dialogue('Jane Doe  0:00\nI led the billing rewrite.\nIt cut errors by 90 percent.').text).toBe('I led the billing rewrite.\nIt cut errors by 90 percent.');
  });
});

describe('Rev exports ("Name (00:02):")', () => {
  it.each([
    ['paragraph below', 'Speaker 1 (00:00):\nWhy Kafka?\n\nSpeaker 2 (00:04):\nReplay, mostly.\n'],
    ['words after the colon', 'Speaker 1 (00:00): Why Kafka?\nSpeaker 2 (00:04): Replay, mostly.\n'],
    ['"Name: (00:02)" style', 'Speaker 1: (00:00)\nWhy Kafka?\n\nSpeaker 2: (00:04) Replay, mostly.\n'],
    ['hours and brackets', 'Speaker 1 [01:00:00]:\nWhy Kafka?\n\nSpeaker 2 (01:00:04):\nReplay, mostly.\n'],
  ])('%s', (_, text) => {
    const parsed = dialogue(text);
    expect(parsed.text).toBe('Replay, mostly.');
    expect(parsed.segments).toEqual([{ question: 'Why Kafka?', start: 0, end: 15 }]);
  });

  it('counts a timestamped name as a speaker even when it speaks once in a panel', () => {
    const text = [
      'Dana (00:00):', 'What did you own?', '',
      'Priya (00:03):', 'The queue migration.', '',
      'Sam (00:06):', 'How long did it take?', '',
      'Priya (00:09):', 'Six weeks.', '',
      'Dana (00:12):', 'And the outcome?', '',
      'Priya (00:14):', 'Zero lost orders.',
    ].join('\n');
    const parsed = dialogue(text, 'Dana, Sam');
    expect(parsed.text).toBe('The queue migration.\n\nSix weeks.\n\nZero lost orders.');
    expect(parsed.text).not.toContain('Sam');
  });
});

describe('near misses are not speaker lines', () => {
  it('a "Name  time"-looking line inside an ordinary labelled dialogue stays the candidate\'s words', () => {
    const text = 'Interviewer: When did the incident start?\nCandidate: On a Friday.\nStandup At 9:30\nwas when we saw it, and we met at 10:30\nto decide.\nInterviewer: Then?\nCandidate: We rolled back.';
    const parsed = dialogue(text);
    expect(parsed.text).toBe('On a Friday.\nStandup At 9:30\nwas when we saw it, and we met at 10:30\nto decide.\n\nWe rolled back.');
  });

  it('a list of times is not a set of speakers', () => {
    expect(() => dialogue('Plan\nKickoff 9:00\nReview 10:30\nLaunch 14:00')).toThrow(/no speaker labels/);
  });

  it.each([
    ['an answer with "Result  2024" lines', 'My proudest project was the billing rewrite.\n\nResult  2024\nWe cut invoice errors by 90 percent.\n\nImpact  2025\nThe team kept the design.'],
    ['sentences ending in a time', 'I set up a meeting with the payments team.\n\nwe met at 10:30\nand agreed on a schema.\n\nThen we met at 14:00\nto review it.'],
    ['a schedule', 'Plan for the launch\nKickoff 9:00\nReview 10:30\nLaunch 14:00\nWe shipped on time and nobody was paged.'],
    ['title lines whose times go back', 'Phase Two  2:00\nWe moved the writes.\n\nPhase One  1:00\nWe moved the reads first, which was the real trick.'],
  ])('%s is a written answer', (_, text) => {
    expect(looksLikeDialogue(text)).toBe(false);
    expect(sourceFromText(text, '.txt')).toEqual({ answer: text });
  });
});

describe('file detection of transcription-service exports', () => {
  it.each([
    ['Otter', OTTER],
    ['Otter with Windows line endings and names', 'Dana Whitfield  0:02\r\nWhy Kafka?\r\n\r\nPriya Raman  0:06\r\nReplay, mostly. It let us rebuild state\r\nafter two bad deploys.\r\n'],
    ['Rev', 'Speaker 1 (00:00):\nWhy Kafka?\n\nSpeaker 2 (00:04):\nReplay, mostly. It let us rebuild state\nafter two bad deploys.\nTwice.\n'],
    ['Rev with a title line', 'interview.mp3\n\nDana (00:00):\nWhy Kafka?\n\nPriya (00:04):\nReplay, mostly.\n'],
  ])('%s is a dialogue', (_, text) => {
    expect(sourceFromText(text, '.txt')).toEqual({ transcript: { format: 'dialogue', text } });
  });

  it('grades a detected Otter export end to end with exact offsets', async () => {
    const source = sourceFromText(OTTER, '.txt');
    const e = await evaluate({ ...source, engine: 'heuristic' }, { rubrics: loadRubrics(), heuristic: createHeuristicEngine(), llm: null });
    expect(evaluationInvariantViolations(e)).toEqual([]);
    expect(e.text).toBe('Sure. Last year I led the billing rewrite, and we cut invoice errors by 90 percent.');
    expect(e.question).toBe('Tell me about a hard project.');
  });
});
