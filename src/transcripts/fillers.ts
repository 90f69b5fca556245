import { fillerLexicon, type FillerLexicon } from './lexicon.js';
import { WordScan } from './words.js';

/**
 * Fillers and false starts: spoken noise that never counts as evidence. The lexicon is data
 * (rubrics/signals/fillers.yaml); this is the only code that reads it, so every consumer (speech
 * metrics, the `filler-heavy` flag, the evidence exclusions) counts the same fillers.
 */
export type FillerKind = 'hard' | 'soft';

export interface FillerSpan {
  start: number;
  end: number;
  kind: FillerKind;
  /** The lexicon entry that matched ("um", "you know"). */
  filler: string;
}

export interface Span {
  start: number;
  end: number;
}

/** The words of the last text seen: findFillers and findFalseStarts run on the same text in turn. */
let lastScan: WordScan | null = null;

function wordsOf(text: string): WordScan {
  if (lastScan?.text !== text) lastScan = new WordScan(text);
  return lastScan;
}

/** Words a and b (a before b) are neighbours when only spaces separate them: punctuation breaks adjacency. */
function adjacent(words: WordScan, a: number, b: number): boolean {
  for (let i = words.end(a); i < words.start(b); i++) {
    const c = words.text.charCodeAt(i);
    if (c !== 32 && c !== 9) return false;
  }
  return true;
}

/** What `.` never matches, so a run of these is never collapsed. */
const isLineTerminator = (cp: number) => cp === 10 || cp === 13 || cp === 0x2028 || cp === 0x2029;

/**
 * "ummm" → "um", "hmmm" → "hm": drawn-out spellings compare equal to the lexicon entry. Same
 * result as `word.replace(/(.)\1+/gu, '$1')` (each run of one code point kept once), without a
 * Unicode regex per word: most words repeat nothing and are returned as they are.
 */
function collapse(word: string): string {
  let out: string | null = null;
  let prev = -1;
  for (let i = 0; i < word.length; ) {
    const cp = word.codePointAt(i)!;
    const width = cp > 0xffff ? 2 : 1;
    if (cp === prev && !isLineTerminator(cp)) {
      out ??= word.slice(0, i);
    } else if (out !== null) {
      out += word.slice(i, i + width);
    }
    prev = cp;
    i += width;
  }
  return out ?? word;
}

interface SoftEntry {
  filler: string;
  words: string[];
  notAfter: Set<string>;
  notBefore: Set<string>;
  notBeforeCapitalized: boolean;
}

interface CompiledLexicon {
  /** Collapsed spelling → lexicon entry. */
  hard: Map<string, string>;
  /** First word → the soft phrases that start with it. */
  soft: Map<string, SoftEntry[]>;
  /**
   * Per UTF-16 code unit, which keys of `hard` and `soft` start (HARD_FIRST, SOFT_FIRST) or end
   * (HARD_LAST, SOFT_LAST) with it. Collapsing keeps a word's first and last code point, so a
   * word that starts or ends otherwise is in neither map, and is not sliced to be looked up.
   */
  edges: Uint8Array;
  /** The longest first word of a soft phrase. */
  softMaxLength: number;
}

const HARD_FIRST = 1;
const HARD_LAST = 2;
const SOFT_FIRST = 4;
const SOFT_LAST = 8;

function markEdges(edges: Uint8Array, keys: Iterable<string>, first: number, last: number): void {
  for (const k of keys) {
    edges[k.charCodeAt(0)]! |= first;
    edges[k.charCodeAt(k.length - 1)]! |= last;
  }
}

const compiled = new WeakMap<FillerLexicon, CompiledLexicon>();

function compile(lexicon: FillerLexicon): CompiledLexicon {
  let c = compiled.get(lexicon);
  if (!c) {
    const soft = new Map<string, SoftEntry[]>();
    for (const s of lexicon.soft) {
      const words = s.phrase.split(/\s+/);
      const entry = { filler: s.phrase, words, notAfter: new Set(s.notAfter), notBefore: new Set(s.notBefore), notBeforeCapitalized: s.notBeforeCapitalized };
      soft.set(words[0]!, [...(soft.get(words[0]!) ?? []), entry]);
    }
    const hard = new Map(lexicon.hard.map((h) => [collapse(h), h]));
    const edges = new Uint8Array(0x10000);
    markEdges(edges, hard.keys(), HARD_FIRST, HARD_LAST);
    markEdges(edges, soft.keys(), SOFT_FIRST, SOFT_LAST);
    c = { hard, soft, edges, softMaxLength: Math.max(...[...soft.keys()].map((w) => w.length)) };
    compiled.set(lexicon, c);
  }
  return c;
}

/** An all-caps token ("ER", "AH") is an acronym, not a hesitation. */
const isAcronym = (raw: string) => raw.length > 1 && raw === raw.toUpperCase();

/** The fillers of the last text seen: normalize and the delivery flags ask for the same text in turn. */
let lastFillers: { text: string; lexicon: FillerLexicon; fillers: readonly FillerSpan[] } | null = null;

/**
 * Every filler in `text`, in order, each with its kind; soft fillers only in filler positions.
 * The list is shared with the next caller asking about the same text: never modify it.
 */
export function findFillers(text: string, lexicon: FillerLexicon = fillerLexicon()): readonly FillerSpan[] {
  if (lastFillers?.text !== text || lastFillers.lexicon !== lexicon) lastFillers = { text, lexicon, fillers: scanFillers(text, lexicon) };
  return lastFillers.fillers;
}

function scanFillers(text: string, lexicon: FillerLexicon): FillerSpan[] {
  const { hard, soft, edges, softMaxLength } = compile(lexicon);
  const words = wordsOf(text);
  const { count } = words;
  const found: FillerSpan[] = [];
  for (let i = 0; i < count; i++) {
    const first = edges[words.wordCodeAt(i, 0)]!;
    if (first === 0) continue;
    const length = words.wordLength(i);
    const last = edges[words.wordCodeAt(i, length - 1)]!;
    if (first & HARD_FIRST && last & HARD_LAST) {
      const h = hard.get(collapse(words.word(i)));
      if (h !== undefined && !isAcronym(words.raw(i))) {
        found.push({ start: words.start(i), end: words.end(i), kind: 'hard', filler: h });
        continue;
      }
    }
    if (!(first & SOFT_FIRST && last & SOFT_LAST && length <= softMaxLength)) continue;
    const phrases = soft.get(words.word(i));
    if (!phrases) continue;
    for (const s of phrases) {
      const end = i + s.words.length - 1;
      if (end >= count) continue;
      const matches = s.words.every((w, k) => k === 0 || (words.word(i + k) === w && adjacent(words, i + k - 1, i + k)));
      if (!matches) continue;
      const prev = i > 0 && adjacent(words, i - 1, i) ? i - 1 : -1;
      const next = end + 1 < count && adjacent(words, end, end + 1) ? end + 1 : -1;
      if (prev >= 0 && s.notAfter.has(words.word(prev))) continue;
      if (next >= 0 && s.notBefore.has(words.word(next))) continue;
      if (next >= 0 && s.notBeforeCapitalized && /^\p{Lu}/u.test(words.raw(next))) continue;
      found.push({ start: words.start(i), end: words.end(end), kind: 'soft', filler: s.filler });
      i = end;
      break;
    }
  }
  return found;
}

const REPEAT_GAP = /^[ \t]*(?:[-\u2013\u2014,]|\.\.\.|\u2026)?[ \t]+$|^[-\u2013\u2014]$/u;
const isWordy = (word: string) => /\p{L}/u.test(word);
const isDash = (c: number) => c === 45 || c === 0x2013 || c === 0x2014;

/**
 * False starts: a repeated word or pair ("we, we decided", "I think I think"), and a cut-off
 * word ("I- I think", "we d- we decided", "th- the"). The span is the abandoned attempt, up to the
 * start of the restart, so the restart itself still reads as the candidate's words.
 */
export function findFalseStarts(text: string): Span[] {
  const words = wordsOf(text);
  const { count } = words;
  const spans: Span[] = [];
  for (let a = 0, b = 1; b < count; a++, b++) {
    if (words.sameWord(a, b) && isWordy(words.word(a)) && REPEAT_GAP.test(text.slice(words.end(a), words.start(b)))) {
      spans.push({ start: words.start(a), end: words.start(b) });
      continue;
    }
    const c = b + 1;
    if (c + 1 < count && words.sameWord(a, c) && words.sameWord(b, c + 1) && isWordy(words.word(a)) && adjacent(words, a, b) && REPEAT_GAP.test(text.slice(words.end(b), words.start(c)))) {
      spans.push({ start: words.start(a), end: words.start(c) });
      continue;
    }
    // A cut-off: a word followed straight by a dash and a space.
    const cutOff = isDash(text.charCodeAt(words.end(a))) && /\s/.test(text.charAt(words.end(a) + 1)) && isWordy(words.word(a));
    if (cutOff) {
      const prev = a - 1;
      if (words.word(b).startsWith(words.word(a))) spans.push({ start: words.start(a), end: words.start(b) });
      else if (prev >= 0 && words.sameWord(prev, b) && adjacent(words, prev, a)) spans.push({ start: words.start(prev), end: words.start(b) });
    }
  }
  return spans;
}

/** Sorted, merged union of spans. */
export function mergeSpans(spans: Span[]): Span[] {
  const sorted = [...spans].sort((x, y) => x.start - y.start || x.end - y.end);
  const merged: Span[] = [];
  for (const s of sorted) {
    const last = merged[merged.length - 1];
    if (last && s.start <= last.end) last.end = Math.max(last.end, s.end);
    else merged.push({ start: s.start, end: s.end });
  }
  return merged;
}

/** Everything in `text` that is spoken noise (fillers and false starts): never evidence. */
export function nonEvidenceSpans(text: string, fillers: readonly FillerSpan[] = findFillers(text)): Span[] {
  return mergeSpans([...fillers, ...findFalseStarts(text)]);
}
