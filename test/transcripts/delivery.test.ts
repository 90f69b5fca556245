import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Transcript } from '../../src/grading/request.js';
import { normalizeText } from '../../src/grading/normalize.js';
import { deliveryFindings } from '../../src/transcripts/delivery.js';
import { parseTranscript } from '../../src/transcripts/parse.js';

const DIR = join(import.meta.dirname, '..', '..', 'fixtures', 'transcripts');
const parsed = (file: string, format: Transcript['format']) =>
  parseTranscript({ format, text: normalizeText(readFileSync(join(DIR, file), 'utf8')) });
const findingsFor = (file: string, format: Transcript['format']) => {
  const p = parsed(file, format);
  return { p, findings: deliveryFindings(p.text, p.speech) };
};

describe('filler-heavy', () => {
  it('is critical at 12 or more fillers a minute (interview.srt: 3 fillers in 12 s = 15/min)', () => {
    const { p, findings } = findingsFor('interview.srt', 'srt');
    expect(findings).toHaveLength(1);
    const f = findings[0]!;
    expect(f).toMatchObject({ id: 'filler-heavy', severity: 'critical' });
    expect(f.detail).toMatch(/^15 fillers a minute \(3 in 32 words\); listeners tolerate about 5 a minute/);
    expect(p.text.slice(f.start!, f.end!)).toBe(f.quote);
    expect(f.quote).toBe('Hmm, I treat every page as a bug report. We, like, keep a weekly review of pages. Last quarter we cut pages by half, sort of');
  });

  it('is a warning between 5 and 12 a minute (interview-names.vtt: 3 in 18 s = 10/min)', () => {
    const { findings } = findingsFor('interview-names.vtt', 'vtt');
    expect(findings.map((f) => [f.id, f.severity])).toEqual([['filler-heavy', 'warning']]);
  });

  it('needs at least 3 fillers (interview-voice.vtt has 2, at 7.7/min)', () => {
    const { findings } = findingsFor('interview-voice.vtt', 'vtt');
    expect(findings.map((f) => f.id)).not.toContain('filler-heavy');
  });

  it('without timings uses fillers per 100 words (plain.txt: 5 in 80 words = 6.25, between 3.5 and 8.4)', () => {
    const { findings } = findingsFor('plain.txt', 'plain');
    expect(findings.map((f) => [f.id, f.severity])).toEqual([['filler-heavy', 'warning']]);
    expect(findings[0]!.detail).toBe(
      '6.3 fillers per 100 words (5 in 80 words); listeners tolerate about 3.5 per 100 words (5 a minute at a comfortable pace), and past 8.4 they clearly hurt',
    );
  });

  it('applies to written answers too (speech null), per 100 words', () => {
    const text = 'Um, so, uh, we, like, moved the queue, you know, to Kafka, and, um, it worked.';
    const findings = deliveryFindings(text, null);
    expect(findings.map((f) => [f.id, f.severity])).toEqual([['filler-heavy', 'critical']]); // 5 in 16 words
    expect(deliveryFindings('We moved the queue to Kafka, um, and it worked for a year with no pages at all since.', null)).toEqual([]);
  });

  it('stays quiet at the threshold itself (5 a minute exactly)', () => {
    const text = 'um one two. uh three four. er five six seven eight nine ten eleven twelve thirteen fourteen fifteen';
    const speech = { ...parsed('interview.srt', 'srt').speech!, words: 18, fillerCount: 3, durationSec: 36, wordsPerMinute: 140 };
    expect(deliveryFindings(text, speech)).toEqual([]);
    expect(deliveryFindings(text, { ...speech, durationSec: 35 }).map((f) => f.id)).toEqual(['filler-heavy']);
  });
});

describe('pace', () => {
  const base = { words: 100, fillerCount: 0, fillerRate: 0, hardFillers: 0, softFillers: 0, fillersPerMinute: 0 };

  it('is too slow below 120 words a minute (interview-voice.vtt: 112.3 wpm over 15.5 s)', () => {
    const { findings } = findingsFor('interview-voice.vtt', 'vtt');
    expect(findings).toEqual([
      {
        id: 'pace-too-slow',
        severity: 'info',
        quote: null,
        start: null,
        end: null,
        detail: '112.3 words a minute; a comfortable pace is about 120-165 words a minute',
      },
    ]);
  });

  it('is too fast above 165, and fine inside the range', () => {
    const fast = deliveryFindings('x', { ...base, durationSec: 30, wordsPerMinute: 200 });
    expect(fast.map((f) => [f.id, f.severity, f.quote])).toEqual([['pace-too-fast', 'info', null]]);
    expect(deliveryFindings('x', { ...base, durationSec: 30, wordsPerMinute: 165 })).toEqual([]);
    expect(deliveryFindings('x', { ...base, durationSec: 30, wordsPerMinute: 120 })).toEqual([]);
  });

  it('is judged only with timings, and on at least 15 s of speech', () => {
    expect(deliveryFindings('x', { ...base, durationSec: null, wordsPerMinute: null })).toEqual([]);
    expect(deliveryFindings('x', { ...base, durationSec: 14, wordsPerMinute: 300 })).toEqual([]);
    expect(findingsFor('dialogue-roles.txt', 'dialogue').findings.map((f) => f.id)).not.toContain('pace-too-fast');
  });
});
