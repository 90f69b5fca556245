import { describe, expect, it } from 'vitest';
import { defaultCueCatalogue } from '../../src/grading/signals/cue-catalogue.js';
import { TrigramIndex, literalSet } from '../../src/grading/signals/prefilter.js';
import { FOLDABLE, mayFold } from '../../src/grading/signals/text-views.js';
import { findFillers } from '../../src/transcripts/fillers.js';
import { countWords, wordTokens } from '../../src/transcripts/words.js';

/**
 * The fast paths added for speed must agree with the plain definitions they replace, on text
 * chosen to hit their edges (non-ASCII case rules, drawn-out letters, astral characters).
 */

/** A deterministic pseudo-random generator, so a failure can be replayed. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const PIECES = ['a', 'A', 'm', 'M', 'um', 'Ummm', 'hmm', 'ER', 'like', ' ', '  ', ',', '.', '-', "'", '\u2019', '\n', 'ΣΑΣ', 'ς', 'İ', 'é', 'e\u0301', '😀', 'ß', 'Σ.', 'x9', 'you know', 'kind of'];

function randomText(next: () => number, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += PIECES[Math.floor(next() * PIECES.length)]!;
  return out;
}

/** The definition the tokenizer follows: each word lowercased on its own, curly apostrophes straightened. */
function referenceWords(text: string): string[] {
  return wordTokens(text).map((t) => {
    const lower = t.raw.toLowerCase();
    return lower.includes('\u2019') ? lower.replace(/\u2019/g, "'") : lower;
  });
}

describe('fast paths agree with their plain definitions', () => {
  it('wordTokens lowercases each word as the word alone would be, ASCII or not', () => {
    const next = rng(7);
    for (let n = 0; n < 400; n++) {
      const text = randomText(next, 1 + Math.floor(next() * 30));
      const ascii = text.replace(/[^\x00-\x7f]/g, 'x');
      for (const t of [text, ascii]) {
        expect(wordTokens(t).map((w) => w.word)).toEqual(referenceWords(t));
        expect(countWords(t)).toBe(wordTokens(t).length);
      }
    }
  });

  it('drawn-out fillers collapse like /(.)\\1+/gu: repeated letters, never different ones', () => {
    const found = (text: string) => findFillers(text).map((f) => text.slice(f.start, f.end));
    expect(found('ummmmm uuuhhh hmmmmmm errrr')).toEqual(['ummmmm', 'uuuhhh', 'hmmmmmm', 'errrr']);
    expect(found('summer umami hum humm')).toEqual([]);
    // Astral letters (mathematical bold u, m) collapse only with themselves, so none of these is "um".
    expect(found('\u{1D42E}\u{1D42E}m u\u{1D426}\u{1D426} umm\u00E9')).toEqual([]);
    expect(found('Ummm\u{1F600}\u{1F600} ok')).toEqual(['Ummm']);
  });

  it('the same text twice in a row gives the same fillers (the token memo is keyed by content)', () => {
    const text = 'Um, we, we moved the, uh, queue. Like, you know, it was kind of hard.';
    const first = findFillers(text);
    expect(findFillers(`${text}`)).toEqual(first);
    expect(findFillers(text.replace('queue', 'table'))).toEqual(first);
  });

  it('mayFold answers exactly as the FOLDABLE regex', () => {
    const next = rng(3);
    const units = ['a', 'B', '7', 'ab', ' ', '  ', '    ', '\t', '.', '_', '*', '-', '\u00B7', '/', ',', '\n', '\u200B', '\u00AD', '\uFF21', 'é'];
    let folding = 0;
    for (let n = 0; n < 20000; n++) {
      let text = '';
      const length = 1 + Math.floor(next() * 14);
      for (let k = 0; k < length; k++) {
        const u = units[Math.floor(next() * units.length)]!;
        // Invisible and fullwidth characters are rare, so the spaced-letter branch gets exercised.
        text += /[\u200B\u00AD\uFF21]/.test(u) && next() < 0.9 ? 'x' : u;
      }
      const expected = FOLDABLE.test(text);
      if (expected) folding++;
      expect(mayFold(text), JSON.stringify(text)).toBe(expected);
    }
    expect(folding).toBeGreaterThan(100);
    for (const text of ['i g n o r e', 'i.g.n.o.r.e', 'i  g  n  o', 'i    g n o r', 'ab c d e', 'a b c d', 'a b c de', 'x\u200By']) {
      expect(mayFold(text), text).toBe(FOLDABLE.test(text));
    }
  });

  it('the trigram index answers like a substring search', () => {
    const next = rng(11);
    for (let n = 0; n < 200; n++) {
      const text = randomText(next, 40).toLowerCase();
      const index = new TrigramIndex(text);
      for (let k = 0; k < 5; k++) {
        const at = Math.floor(next() * Math.max(1, text.length - 4));
        const literal = text.slice(at, at + 3 + Math.floor(next() * 3));
        if (literal.length < 3) continue;
        expect(index.mayContain(literalSet([literal])!)).toBe(true);
      }
    }
    expect(new TrigramIndex('the queue was slow').mayContain(literalSet(['kafka'])!)).toBe(false);
  });

  it('the cue index gives the same candidates for a word pair every time it is asked', () => {
    const { index } = defaultCueCatalogue();
    const words = ['we', 'chose', 'the', 'problem', 'i', 'reconciliation', '42', 'rolled', 'out', ''];
    const seen = new Map<string, string[]>();
    for (let round = 0; round < 3; round++) {
      for (const a of words) {
        for (const b of words) {
          const ids = index.candidates(a, b).map((p) => p.payload.id);
          const key = `${a} ${b}`;
          if (round === 0) seen.set(key, ids);
          else expect(ids).toEqual(seen.get(key));
        }
      }
    }
    expect([...seen.values()].some((ids) => ids.length > 0)).toBe(true);
  });
});
