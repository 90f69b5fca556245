/**
 * Word tokens: letters and digits, with inner apostrophes and hyphens kept ("I'd", "don't",
 * "e-mail", "p99" are one word each). Every count in `speech` uses this one definition.
 * A hand-written scanner: a Unicode-property regex over a 200 KB transcript is several times slower.
 */
export interface WordToken {
  /** Lowercased, curly apostrophes straightened. */
  word: string;
  /** The word as written. */
  raw: string;
  start: number;
  end: number;
}

const LETTER_OR_DIGIT = /^[\p{L}\p{N}\p{M}]$/u;

/** Length of the letter/digit code point at i (1 or 2 UTF-16 units), or 0 when it is not one. */
function wordCharAt(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c < 128) return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) ? 1 : 0;
  const cp = text.codePointAt(i)!;
  const ch = String.fromCodePoint(cp);
  return LETTER_OR_DIGIT.test(ch) ? ch.length : 0;
}

const isJoiner = (c: number) => c === 39 /* ' */ || c === 0x2019 /* ’ */ || c === 45; /* - */

/** The end of the word that starts at `start` (a letter or digit), joiners included. */
function wordEnd(text: string, start: number, first: number): number {
  const n = text.length;
  let i = start + first;
  for (;;) {
    const more = i < n ? wordCharAt(text, i) : 0;
    if (more > 0) {
      i += more;
    } else if (i + 1 < n && isJoiner(text.charCodeAt(i)) && wordCharAt(text, i + 1) > 0) {
      i += 1;
    } else {
      return i;
    }
  }
}

const NON_ASCII = /[^\x00-\x7f]/;

export function wordTokens(text: string): WordToken[] {
  const tokens: WordToken[] = [];
  // ASCII text lowercases letter by letter, so it is lowercased once and sliced. Elsewhere each
  // word is lowercased alone: context-dependent rules (Greek final sigma) must see only the word.
  const lowerText = NON_ASCII.test(text) ? null : text.toLowerCase();
  for (let i = 0; i < text.length; ) {
    const w = wordCharAt(text, i);
    if (w === 0) {
      i++;
      continue;
    }
    const start = i;
    i = wordEnd(text, start, w);
    const raw = text.slice(start, i);
    if (lowerText !== null) {
      tokens.push({ word: lowerText.slice(start, i), raw, start, end: i });
      continue;
    }
    const lower = raw.toLowerCase();
    tokens.push({ word: lower.includes('\u2019') ? lower.replace(/\u2019/g, "'") : lower, raw, start, end: i });
  }
  return tokens;
}

export function countWords(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; ) {
    const w = wordCharAt(text, i);
    if (w === 0) {
      i++;
      continue;
    }
    i = wordEnd(text, i, w);
    n++;
  }
  return n;
}
