import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluate } from '../../src/grading/evaluate.js';
import { exitCodeFor, TranscriptFormatError } from '../../src/grading/errors.js';
import { createHeuristicEngine } from '../../src/grading/heuristic/engine.js';
import { normalizeText } from '../../src/grading/normalize.js';
import { loadRubrics } from '../../src/grading/rubric-registry.js';
import { parseTranscript } from '../../src/transcripts/parse.js';

const DIR = join(import.meta.dirname, '..', '..', 'fixtures', 'transcripts', 'malformed');
const read = (f: string) => normalizeText(readFileSync(join(DIR, f), 'utf8'));
const grader = { rubrics: loadRubrics(), heuristic: createHeuristicEngine(), llm: null };

const CASES: [string, 'vtt' | 'srt', RegExp][] = [
  ['bad-arrow.vtt', 'vtt', /^line 6: expected a cue timing line .*found "00:00:05\.000 -> 00:00:07\.000"/],
  ['bad-timestamp.vtt', 'vtt', /^line 6: bad timestamp "00:00:05\.00" in cue timing/],
  ['end-before-start.vtt', 'vtt', /^line 3: the cue ends \(00:00:04\.000\) before it starts \(00:00:09\.000\)/],
  ['no-cues.vtt', 'vtt', /^no cues: the WebVTT file has a header but no timed cues/],
  ['no-header.vtt', 'vtt', /^line 1: a WebVTT file must start with "WEBVTT"/],
  ['missing-timing.vtt', 'vtt', /^line 3: expected a cue timing line .*found "cue-1"/],
  ['interviewer-only.vtt', 'vtt', /^no candidate speech: the WebVTT transcript has no words from the candidate \(every turn is the interviewer's: Interviewer/],
  ['bad-timestamp.srt', 'srt', /^line 6: bad timestamp "00:00:07,5" in cue timing/],
  ['missing-timing.srt', 'srt', /^line 6: cue 2 has no timing line/],
  ['no-cues.srt', 'srt', /^no cues: the SRT file has no timed cues/],
  ['prose.srt', 'srt', /^line 1: expected a cue number or a timing line, found "Just some prose/],
  ['interviewer-only.srt', 'srt', /^no candidate speech: the SRT transcript/],
];

describe('malformed subtitle files', () => {
  it.each(CASES)('%s is a TranscriptFormatError naming the problem', (file, format, message) => {
    const run = () => parseTranscript({ format, text: read(file) });
    expect(run).toThrow(TranscriptFormatError);
    expect(run).toThrow(message);
  });

  it.each(CASES.filter(([f]) => f !== 'no-cues.srt'))('%s fails evaluate() with status 400 and CLI exit 2', async (file, format) => {
    const err = await evaluate({ transcript: { format, text: read(file) } }, grader).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TranscriptFormatError);
    expect((err as TranscriptFormatError).status).toBe(400);
    expect((err as TranscriptFormatError).code).toBe('invalid_transcript');
    expect(exitCodeFor(err)).toBe(2);
  });

  it('a WebVTT file sent as SRT is named as such', () => {
    expect(() => parseTranscript({ format: 'srt', text: 'WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nhi\n' })).toThrow(/this is a WebVTT file/);
  });

  it('a missing blank line between cues is reported at the swallowed timing line', () => {
    const text = 'WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nfirst\n00:00:02.000 --> 00:00:03.000\nsecond\n';
    expect(() => parseTranscript({ format: 'vtt', text })).toThrow(/^line 5: a cue timing line inside a cue's text/);
  });

  it('a dialogue without speaker labels is refused, pointing at the plain format', () => {
    expect(() => parseTranscript({ format: 'dialogue', text: 'I led the migration.\nIt went well.' })).toThrow(/no speaker labels.*use format "plain"/);
  });

  it('an interviewer name that never speaks is refused, listing the speakers', () => {
    const text = 'Dana: What did you build?\nPriya: A queue.\nDana: Why?\nPriya: Cost.';
    expect(() => parseTranscript({ format: 'dialogue', text, interviewer: 'Sam' })).toThrow(
      /interviewer "Sam" does not speak in this transcript; its speakers are: Dana, Priya/,
    );
  });

  it('an interviewer for a plain transcript is refused: it has no speakers', () => {
    expect(() => parseTranscript({ format: 'plain', text: 'We shipped it.', interviewer: 'Dana' })).toThrow(/a plain transcript has no speaker labels/);
  });

  it('zero-length cues and hour-less timestamps are valid WebVTT', () => {
    const text = 'WEBVTT\n\n01:00.000 --> 01:00.000\nCandidate: um\n\n01:00.000 --> 01:02.500\nCandidate: we shipped it\n';
    const parsed = parseTranscript({ format: 'vtt', text });
    expect(parsed.text).toBe('um we shipped it');
    expect(parsed.speech?.durationSec).toBe(2.5);
  });
});
