import { describe, expect, it } from 'vitest';
import { foldedView, paragraphAt, Sentences, unfold } from '../../src/grading/signals/text-views.js';

describe('sentences', () => {
  it('split after . ! ? followed by whitespace, and at line breaks; decimals stay whole', () => {
    const text = 'p99 went to 2.5 s. Why? Because!\nNext line';
    const s = new Sentences(text);
    expect(s.trimmed().map((x) => text.slice(x.start, x.end))).toEqual(['p99 went to 2.5 s.', 'Why?', 'Because!', 'Next line']);
    expect(text.slice(s.at(20).start, s.at(20).end).trim()).toBe('Why?');
  });

  it('paragraphs are separated by blank lines', () => {
    const text = 'one\ntwo\n\nthree';
    expect(paragraphAt(text, 1)).toEqual({ start: 0, end: 7 });
    expect(paragraphAt(text, 10)).toEqual({ start: 9, end: 14 });
  });
});

describe('folded view', () => {
  it('is the text itself when there is nothing to fold', () => {
    const text = 'We cut p99 from 900 ms to 250 ms.';
    expect(foldedView(text)).toEqual({ text, map: null });
  });

  it('joins spaced-out letters and maps every position back', () => {
    const text = 'so I g n o r e  p r e v i o u s then';
    const v = foldedView(text);
    expect(v.text).toBe('so Ignoreprevious then');
    const at = v.text.indexOf('Ignoreprevious');
    const back = unfold(v, at, at + 'Ignoreprevious'.length);
    expect(text.slice(back.start, back.end)).toBe('I g n o r e  p r e v i o u s');
  });

  it('removes invisible characters and makes fullwidth letters ASCII', () => {
    const text = 'ig\u200Bnore ＡＢＣ';
    const v = foldedView(text);
    expect(v.text).toBe('ignore ABC');
    expect(text.slice(unfold(v, 0, 6).start, unfold(v, 0, 6).end)).toBe('ig\u200Bnore');
  });

  it('never joins letters across sentence punctuation (a gap is one repeated separator)', () => {
    expect(foldedView('score 5/5. I g n o r e').text).toBe('score 5/5. Ignore');
    expect(foldedView('a b. c d').text).toBe('a b. c d');
  });
});
