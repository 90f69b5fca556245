/**
 * Views of the candidate text that rules look at: its sentences (for context guards and quotes)
 * and a folded copy (for instructions hidden by odd spacing). Both are built in one linear pass
 * and map every position back to `text`, so quotes stay exact slices of it.
 */

export interface Span {
  start: number;
  end: number;
}

/** What `/\s/` matches, by char code, without a regex call per character. */
export function isWhitespaceCode(c: number): boolean {
  if (c <= 32) return c === 32 || (c >= 9 && c <= 13);
  if (c < 0xa0) return false;
  return (
    c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff
  );
}

/** Sentences: split after . ! ? followed by whitespace, and at line breaks. */
export class Sentences {
  readonly spans: Span[] = [];

  constructor(readonly text: string) {
    let start = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10 /* \n */) {
        this.spans.push({ start, end: i });
        start = i + 1;
      } else if ((c === 46 || c === 33 || c === 63) /* . ! ? */ && (i + 1 === text.length || isWhitespaceCode(text.charCodeAt(i + 1)))) {
        this.spans.push({ start, end: i + 1 });
        start = i + 1;
      }
    }
    this.spans.push({ start, end: text.length });
  }

  /** Index of the sentence containing `offset`. */
  indexAt(offset: number): number {
    let lo = 0;
    let hi = this.spans.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.spans[mid]!.start <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  at(offset: number): Span {
    return this.spans[this.indexAt(offset)]!;
  }

  /** The sentence before, this one and the one after. */
  neighbourhood(offset: number): Span {
    const i = this.indexAt(offset);
    return { start: this.spans[Math.max(0, i - 1)]!.start, end: this.spans[Math.min(this.spans.length - 1, i + 1)]!.end };
  }

  /** Non-blank sentences, trimmed. */
  trimmed(): Span[] {
    return this.spans.map((s) => trimSpan(this.text, s)).filter((s) => s.end > s.start);
  }
}

/** Index of the first element of `sorted` (ascending) that is >= `at`; sorted.length when none is. */
export function firstAtOrAfter(sorted: ArrayLike<number>, at: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! < at) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The paragraph (text between blank lines) containing `offset`. */
export function paragraphAt(text: string, offset: number): Span {
  const before = text.lastIndexOf('\n\n', offset);
  const after = text.indexOf('\n\n', offset);
  return { start: before < 0 ? 0 : before + 2, end: after < 0 ? text.length : after };
}

export function trimSpan(text: string, s: Span): Span {
  let { start, end } = s;
  while (start < end && isWhitespaceCode(text.charCodeAt(start))) start++;
  while (end > start && isWhitespaceCode(text.charCodeAt(end - 1))) end--;
  return { start, end };
}

export interface FoldedView {
  text: string;
  /** map[i] = index in the original text of folded character i; null when nothing was folded. */
  map: number[] | null;
}

const isAlnumCode = (c: number) => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);

/** Runs of ASCII letters and digits (what `\b` sees as a word, but for `_`), lowercased, with their start offsets. */
export interface Words {
  starts: number[];
  words: string[];
}

export function asciiWords(text: string): Words {
  // One toLowerCase for the whole text; only "İ" changes length when lowercased, and then
  // offsets no longer line up, so each word is lowercased on its own.
  const lower = text.toLowerCase();
  const aligned = lower.length === text.length;
  const starts: number[] = [];
  const words: string[] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    if (!isAlnumCode(text.charCodeAt(i))) {
      i++;
      continue;
    }
    let j = i + 1;
    while (j < n && isAlnumCode(text.charCodeAt(j))) j++;
    starts.push(i);
    words.push(aligned ? lower.slice(i, j) : text.slice(i, j).toLowerCase());
    i = j;
  }
  return { starts, words };
}

/** Invisible format characters used to split words: soft hyphen, zero-width and bidi marks, BOM. */
const isInvisible = (code: number) =>
  code === 0xad || (code >= 0x200b && code <= 0x200f) || (code >= 0x2060 && code <= 0x2064) || code === 0xfeff || code === 0x180e || code === 0x034f;
/** What may separate spaced-out letters: "i g n o r e", "i.g.n.o.r.e", "i-g-n-o-r-e". */
const LETTER_GAP = ' \t._*-·/';
/** The definition of `mayFold` as a regex (kept for the equivalence test). */
export const FOLDABLE = /[\u00AD\u034F\u180E\u200B-\u200F\u2060-\u2064\uFEFF\uFF01-\uFF5E]|(?<![A-Za-z0-9])[A-Za-z0-9](?:[ \t._*\-·/]{1,3}[A-Za-z0-9](?![A-Za-z0-9])){3}/;

const isLetterGap = (c: number) => c === 32 || c === 9 || c === 46 || c === 95 || c === 42 || c === 45 || c === 0xb7 || c === 47;

/** The characters the folded view removes or rewrites (the first half of FOLDABLE). */
const FOLDED_CHARACTER = /[\u00AD\u034F\u180E\u200B-\u200F\u2060-\u2064\uFEFF\uFF01-\uFF5E]/;

/** Whether words k..k+3 are single letters, each gap between them 1-3 separators (the second half of FOLDABLE). */
function spacedRunAt(text: string, { starts, words }: Words, k: number): boolean {
  for (let n = 0; n < 4; n++) if (words[k + n]!.length !== 1) return false;
  for (let n = 0; n < 3; n++) {
    const from = starts[k + n]! + 1;
    const to = starts[k + n + 1]!;
    if (to - from > 3) return false;
    for (let i = from; i < to; i++) if (!isLetterGap(text.charCodeAt(i))) return false;
  }
  return true;
}

/** Cheap test for anything the folded view would change (most answers: nothing): FOLDABLE.test, from the words of the text. */
export function mayFold(text: string, words: Words = asciiWords(text)): boolean {
  if (FOLDED_CHARACTER.test(text)) return true;
  for (let k = 0; k + 3 < words.words.length; k++) if (spacedRunAt(text, words, k)) return true;
  return false;
}

/**
 * The folded view: invisible characters removed, fullwidth letters made ASCII, and runs of 4 or
 * more single spaced-out letters joined ("I g n o r e" → "Ignore"). Whitespace is kept: folded
 * patterns allow a short run of it between words.
 */
export function foldedView(text: string, words?: Words): FoldedView {
  if (!mayFold(text, words)) return { text, map: null };
  const codes: number[] = [];
  const idx: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (isInvisible(code)) continue;
    codes.push(code >= 0xff01 && code <= 0xff5e ? code - 0xfee0 : code);
    idx.push(i);
  }
  const drop = joinSpacedLetters(codes);
  const out: number[] = [];
  const map: number[] = [];
  for (let j = 0; j < codes.length; j++) {
    if (drop[j]) continue;
    out.push(codes[j]!);
    map.push(idx[j]!);
  }
  let folded = '';
  for (let k = 0; k < out.length; k += 8192) folded += String.fromCharCode(...out.slice(k, k + 8192));
  return { text: folded, map };
}

/** Marks the gap characters inside runs of spaced-out single letters, for removal. */
function joinSpacedLetters(codes: number[]): Uint8Array {
  const drop = new Uint8Array(codes.length);
  const alnum = (j: number) => j >= 0 && j < codes.length && isAlnumCode(codes[j]!);
  const single = (j: number) => alnum(j) && !alnum(j - 1) && !alnum(j + 1);
  const isGap = (j: number) => j < codes.length && LETTER_GAP.includes(String.fromCharCode(codes[j]!));
  let j = 0;
  while (j < codes.length) {
    if (!single(j)) {
      j++;
      continue;
    }
    const run = [j];
    let k = j;
    for (;;) {
      // The gap is 1-3 copies of one separator ("i g n", "i  g  n", "i.g.n"), so that
      // sentence punctuation ("5. I") never joins letters across it.
      let g = k + 1;
      const sep = codes[g];
      while (g - k <= 3 && isGap(g) && codes[g] === sep) g++;
      if (g - k >= 2 && g - k <= 4 && single(g)) {
        run.push(g);
        k = g;
      } else break;
    }
    if (run.length >= 4) {
      for (let r = 0; r < run.length - 1; r++) for (let g = run[r]! + 1; g < run[r + 1]!; g++) drop[g] = 1;
    }
    j = k + 1;
  }
  return drop;
}

/** Maps a match [start, end) in the folded view back to the original text. */
export function unfold(view: FoldedView, start: number, end: number): Span {
  return view.map ? { start: view.map[start]!, end: view.map[end - 1]! + 1 } : { start, end };
}
