import type { CueLine } from './cue-text.js';

/**
 * Roll-up ("rolling") captions: YouTube's auto-captions, live and broadcast captions. Each cue
 * shows the line(s) of the cue before it again, then the new words:
 *
 *   00:00:00.160 --> 00:00:03.429        so we moved the queue
 *   00:00:03.429 --> 00:00:03.439        so we moved the queue            (a 10 ms "hold" cue)
 *   00:00:03.439 --> 00:00:05.749        so we moved the queue / to Kafka
 *
 * Read cue by cue, every word is counted two or three times. `dropRollUp` removes from each cue
 * the words it repeats from the end of the cue before (same voice, same words), so each spoken
 * word is read once, in the cue where it was new, and that cue keeps its own timing.
 *
 * Genuine repetition is kept: overlaps are only removed when the file rolls (at least half of
 * the consecutive cues, and at least two, overlap by two words from a line start or by three
 * anywhere), and then only a repeated whole line, or two or more words. "we, we decided" inside a cue is never an overlap,
 * and a cue that starts with the one word the previous cue ended on ("... and we" / "we decided")
 * keeps it.
 */

interface Token {
  /** Voice and normalised word: a word only overlaps with the same word in the same voice. */
  key: string;
  /** Index of the line the token is in. */
  line: number;
  /** Whether the token is the first of its line. */
  first: boolean;
  /** End offset of the token in its line's text. */
  end: number;
}

interface Overlap {
  /** How many tokens at the start of the cue repeat the end of the cue before. */
  words: number;
  /** The repeated tokens are whole lines in both cues. */
  wholeLines: boolean;
  /** The repeated tokens start at the start of a line of the cue before. */
  fromLineStart: boolean;
}

const WORD = /\S+/g;

const EDGE_PUNCTUATION = /^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu;
const PLAIN_WORD = /^[a-z0-9](?:.*[a-z0-9])?$/;

/** Lowercase, without surrounding punctuation ("Going," and "going" are the same word). */
function normalise(word: string): string {
  const lower = word.toLowerCase();
  return PLAIN_WORD.test(lower) ? lower : lower.replace(EDGE_PUNCTUATION, '');
}

function tokens(lines: CueLine[]): Token[] {
  const out: Token[] = [];
  lines.forEach((l, i) => {
    let first = true;
    for (const m of l.text.matchAll(WORD)) {
      const word = normalise(m[0]);
      if (!word) continue;
      out.push({ key: `${l.voice ?? ''}\u0000${word}`, line: i, first, end: m.index + m[0].length });
      first = false;
    }
  });
  return out;
}

/** Whether `a[i..i+n)` and `b[j..j+n)` are the same words. */
function same(a: Token[], i: number, b: Token[], j: number, n: number): boolean {
  for (let x = 0; x < n; x++) if (a[i + x]!.key !== b[j + x]!.key) return false;
  return true;
}

/**
 * A caption display holds two or three lines: no roll-up repeats more words than this. The cap
 * also keeps the search cheap on a pathological file with thousands of words per cue.
 */
const MAX_OVERLAP = 64;

/**
 * The overlap of `cur` with the end of `prev`. Whole repeated lines are preferred (that is how
 * roll-up captions repeat, and it cannot swallow a repetition in the new line); otherwise the
 * longest run of words that ends `prev` and starts `cur`.
 */
function overlap(prev: Token[], cur: Token[]): Overlap {
  const none = { words: 0, wholeLines: false, fromLineStart: false };
  if (prev.length === 0 || cur.length === 0) return none;
  // Token index where each of prev's lines starts, counted from the end; where cur's lines end.
  const prevStarts = prev.flatMap((t, i) => (t.first ? [i] : [])).reverse();
  const curEnds = cur.flatMap((t, i) => (i + 1 === cur.length || cur[i + 1]!.line !== t.line ? [i + 1] : []));
  for (let m = Math.min(prevStarts.length, curEnds.length); m >= 1; m--) {
    const start = prevStarts[m - 1]!;
    const n = prev.length - start;
    if (n <= MAX_OVERLAP && n === curEnds[m - 1] && same(prev, start, cur, 0, n)) return { words: n, wholeLines: true, fromLineStart: true };
  }
  for (let k = Math.min(prev.length, cur.length, MAX_OVERLAP); k >= 1; k--) {
    const start = prev.length - k;
    if (prev[start]!.key === cur[0]!.key && same(prev, start, cur, 0, k)) return { words: k, wholeLines: false, fromLineStart: prev[start]!.first };
  }
  return none;
}

/** An overlap no ordinary transcript has by chance: evidence that the file rolls. */
const rolls = (o: Overlap) => o.words >= 3 || (o.words >= 2 && o.fromLineStart);

/** In a rolling file, the overlaps to remove. */
const repeated = (o: Overlap) => o.wholeLines || o.words >= 2;

/** Removes the first `count` tokens of `cur` from its lines. */
function dropTokens(lines: CueLine[], cur: Token[], count: number): CueLine[] {
  if (count === 0) return lines;
  const last = cur[count - 1]!;
  const rest = lines[last.line]!.text.slice(last.end).trim();
  const kept = lines.slice(last.line + 1);
  // Punctuation left after the repeated words ("..." after "job is") is not a line of its own.
  return /[\p{L}\p{N}]/u.test(rest) ? [{ ...lines[last.line]!, text: rest }, ...kept] : kept;
}

/**
 * Each cue's lines without what it repeats from the cue before, when the file rolls; otherwise
 * the cues unchanged. Cues are compared as written (a cue is compared with the previous cue's
 * full text, not what is left of it), skipping cues without words.
 */
export function dropRollUp<C extends { lines: CueLine[] }>(cues: C[]): C[] {
  const toks = cues.map((c) => tokens(c.lines));
  const overlaps: (Overlap | null)[] = [];
  let prev: Token[] | null = null;
  for (const t of toks) {
    overlaps.push(prev && t.length > 0 ? overlap(prev, t) : null);
    if (t.length > 0) prev = t;
  }
  const compared = overlaps.filter((o): o is Overlap => o !== null);
  const evidence = compared.filter(rolls).length;
  // Roll-up files overlap at nearly every cue; one coincidence in a long file is not enough.
  if (evidence * 2 < compared.length || (evidence < 2 && compared.length > 1) || evidence === 0) return cues;
  return cues.map((c, i) => {
    const o = overlaps[i];
    return o && repeated(o) ? { ...c, lines: dropTokens(c.lines, toks[i]!, o.words) } : c;
  });
}
