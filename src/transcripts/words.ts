import { Buffer } from 'node:buffer';

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

/** 1 for an ASCII letter or digit, by code unit. */
const ASCII_WORD_CHAR = Uint8Array.from({ length: 128 }, (_, c) => (/[0-9A-Za-z]/.test(String.fromCharCode(c)) ? 1 : 0));

/** Length of the letter/digit code point at i (1 or 2 UTF-16 units), or 0 when it is not one. */
function wordCharAt(text: string, i: number, c = text.charCodeAt(i)): number {
  return c < 128 ? ASCII_WORD_CHAR[c]! : otherWordCharAt(text, i);
}

function otherWordCharAt(text: string, i: number): number {
  const ch = String.fromCodePoint(text.codePointAt(i)!);
  return LETTER_OR_DIGIT.test(ch) ? ch.length : 0;
}

const isJoiner = (c: number) => c === 39 /* ' */ || c === 0x2019 /* ’ */ || c === 45; /* - */

/** A UTF-16 unit at or above 0x80 takes at least two bytes in UTF-8. */
export const isAscii = (text: string) => Buffer.byteLength(text, 'utf8') === text.length;

/** How many words `text` holds; with `bounds`, word i's start and end go to bounds[2i] and bounds[2i + 1]. */
function scanWords(text: string, bounds: Int32Array | null): number {
  const n = text.length;
  let count = 0;
  for (let i = 0; i < n; ) {
    const w = wordCharAt(text, i);
    if (w === 0) {
      i++;
      continue;
    }
    if (bounds) bounds[2 * count] = i;
    i += w;
    while (i < n) {
      const c = text.charCodeAt(i);
      const more = wordCharAt(text, i, c);
      if (more > 0) i += more;
      else if (isJoiner(c) && i + 1 < n && wordCharAt(text, i + 1) > 0) i += 1;
      else break;
    }
    if (bounds) bounds[2 * count + 1] = i;
    count++;
  }
  return count;
}

/**
 * The word tokens of one text, each word sliced (and lowercased) only when asked for: the filler
 * scan looks at a letter or two of most words and needs few whole words.
 */
export class WordScan {
  readonly count: number;
  /** Word i spans [bounds[2i], bounds[2i + 1]); one array, as each typed array is a native allocation. */
  private readonly bounds: Int32Array;
  /**
   * ASCII text lowercases letter by letter, so it is lowercased once and words are its slices.
   * Elsewhere (null) each word is lowercased alone: context-dependent rules (Greek final sigma)
   * must see only the word.
   */
  private readonly lower: string | null;
  private readonly words: (string | undefined)[];

  constructor(readonly text: string) {
    // Words are separated by at least one other character: at most (length + 1) / 2 words.
    this.bounds = new Int32Array(text.length + 1);
    this.count = scanWords(text, this.bounds);
    this.lower = isAscii(text) ? text.toLowerCase() : null;
    this.words = new Array<string | undefined>(this.count);
  }

  start(i: number): number {
    return this.bounds[2 * i]!;
  }

  end(i: number): number {
    return this.bounds[2 * i + 1]!;
  }

  /** Word i lowercased, curly apostrophes straightened. */
  word(i: number): string {
    let w = this.words[i];
    if (w === undefined) {
      if (this.lower !== null) {
        w = this.lower.slice(this.start(i), this.end(i));
      } else {
        const lower = this.raw(i).toLowerCase();
        w = lower.includes('\u2019') ? lower.replace(/\u2019/g, "'") : lower;
      }
      this.words[i] = w;
    }
    return w;
  }

  /** Word i as written. */
  raw(i: number): string {
    return this.text.slice(this.start(i), this.end(i));
  }

  /** Length of `word(i)`, which outside ASCII may differ from the length of `raw(i)`. */
  wordLength(i: number): number {
    return this.lower !== null ? this.end(i) - this.start(i) : this.word(i).length;
  }

  /** UTF-16 code unit k of `word(i)`. */
  wordCodeAt(i: number, k: number): number {
    return this.lower !== null ? this.lower.charCodeAt(this.start(i) + k) : this.word(i).charCodeAt(k);
  }

  /** `word(i) === word(j)`, without slicing ASCII words. */
  sameWord(i: number, j: number): boolean {
    if (this.lower === null) return this.word(i) === this.word(j);
    const a = this.start(i);
    const b = this.start(j);
    const length = this.end(i) - a;
    if (this.end(j) - b !== length) return false;
    for (let k = 0; k < length; k++) if (this.lower.charCodeAt(a + k) !== this.lower.charCodeAt(b + k)) return false;
    return true;
  }
}

export function wordTokens(text: string): WordToken[] {
  const words = new WordScan(text);
  return Array.from({ length: words.count }, (_, i) => ({ word: words.word(i), raw: words.raw(i), start: words.start(i), end: words.end(i) }));
}

export function countWords(text: string): number {
  return scanWords(text, null);
}
