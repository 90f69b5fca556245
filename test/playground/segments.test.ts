import { describe, expect, it } from 'vitest';
import { segmentText } from '../../src/playground/static/segments.js';

type Span = { id: string; start: number | null; end: number | null };
const ids = (segs: ReturnType<typeof segmentText<Span>>) => segs.map((s) => [s.text, s.spans.map((x) => x.id).join('+')]);

describe('segmentText', () => {
  const text = 'I have nine years of experience here.';

  it('returns the whole text as one plain segment when there are no spans', () => {
    expect(ids(segmentText(text, []))).toEqual([[text, '']]);
  });

  it('cuts at span boundaries, and the segments join back to the text', () => {
    const segs = segmentText(text, [{ id: 'a', start: 7, end: 17 }]);
    expect(ids(segs)).toEqual([
      ['I have ', ''],
      ['nine years', 'a'],
      [' of experience here.', ''],
    ]);
    expect(segs.map((s) => s.text).join('')).toBe(text);
    expect(segs.every((s) => text.slice(s.start, s.end) === s.text)).toBe(true);
  });

  it('splits overlapping spans into runs that list every covering span', () => {
    const segs = segmentText(text, [
      { id: 'a', start: 2, end: 17 }, // "have nine years"
      { id: 'b', start: 7, end: 31 }, // "nine years of experience"
    ]);
    expect(ids(segs)).toEqual([
      ['I ', ''],
      ['have ', 'a'],
      ['nine years', 'a+b'],
      [' of experience', 'b'],
      [' here.', ''],
    ]);
  });

  it('handles nested, identical and adjacent spans', () => {
    const segs = segmentText('abcdef', [
      { id: 'outer', start: 0, end: 6 },
      { id: 'inner', start: 2, end: 4 },
      { id: 'same', start: 2, end: 4 },
      { id: 'next', start: 4, end: 5 },
    ]);
    expect(ids(segs)).toEqual([
      ['ab', 'outer'],
      ['cd', 'outer+inner+same'],
      ['e', 'outer+next'],
      ['f', 'outer'],
    ]);
  });

  it('leaves out absence spans (null offsets), empty and out-of-range spans', () => {
    const segs = segmentText('abc', [
      { id: 'absent', start: null, end: null },
      { id: 'empty', start: 1, end: 1 },
      { id: 'past', start: 2, end: 9 },
      { id: 'negative', start: -1, end: 2 },
      { id: 'backwards', start: 2, end: 1 },
    ]);
    expect(ids(segs)).toEqual([['abc', '']]);
  });

  it('returns no segments for empty text', () => {
    expect(segmentText('', [])).toEqual([]);
  });
});
