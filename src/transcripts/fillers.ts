import { fillerLexicon, type FillerLexicon } from './lexicon.js';
import { wordTokens, type WordToken } from './words.js';

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

/** The tokens of the last text seen: findFillers and findFalseStarts run on the same text in turn. */
let lastTokens: { text: string; tokens: readonly WordToken[] } | null = null;

function tokensOf(text: string): readonly WordToken[] {
  if (lastTokens?.text !== text) lastTokens = { text, tokens: wordTokens(text) };
  return lastTokens.tokens;
}

/** Two tokens are neighbours when only spaces separate them: punctuation breaks adjacency. */
function adjacent(text: string, a: WordToken, b: WordToken): boolean {
  for (let i = a.end; i < b.start; i++) {
    const c = text.charCodeAt(i);
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
    c = { hard: new Map(lexicon.hard.map((h) => [collapse(h), h])), soft };
    compiled.set(lexicon, c);
  }
  return c;
}

/** Every filler in `text`, in order, each with its kind; soft fillers only in filler positions. */
export function findFillers(text: string, lexicon: FillerLexicon = fillerLexicon()): FillerSpan[] {
  const { hard, soft } = compile(lexicon);
  const tokens = tokensOf(text);
  const found: FillerSpan[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    const h = hard.get(collapse(t.word));
    // An all-caps token ("ER", "AH") is an acronym, not a hesitation.
    if (h && !(t.raw.length > 1 && t.raw === t.raw.toUpperCase())) {
      found.push({ start: t.start, end: t.end, kind: 'hard', filler: h });
      continue;
    }
    const phrases = soft.get(t.word);
    if (!phrases) continue;
    for (const s of phrases) {
      const last = i + s.words.length - 1;
      if (last >= tokens.length) continue;
      const matches = s.words.every((w, k) => k === 0 || (tokens[i + k]!.word === w && adjacent(text, tokens[i + k - 1]!, tokens[i + k]!)));
      if (!matches) continue;
      const prev = i > 0 && adjacent(text, tokens[i - 1]!, t) ? tokens[i - 1]! : null;
      const next = last + 1 < tokens.length && adjacent(text, tokens[last]!, tokens[last + 1]!) ? tokens[last + 1]! : null;
      if (prev && s.notAfter.has(prev.word)) continue;
      if (next && s.notBefore.has(next.word)) continue;
      if (next && s.notBeforeCapitalized && /^\p{Lu}/u.test(next.raw)) continue;
      found.push({ start: t.start, end: tokens[last]!.end, kind: 'soft', filler: s.filler });
      i = last;
      break;
    }
  }
  return found;
}

const REPEAT_GAP = /^[ \t]*(?:[-\u2013\u2014,]|\.\.\.|\u2026)?[ \t]+$|^[-\u2013\u2014]$/u;
const isWordy = (t: WordToken) => /\p{L}/u.test(t.word);
const isDash = (c: number) => c === 45 || c === 0x2013 || c === 0x2014;

/**
 * False starts: a repeated word or pair ("we, we decided", "I think I think"), and a cut-off
 * word ("I- I think", "we d- we decided", "th- the"). The span is the abandoned attempt, up to the
 * start of the restart, so the restart itself still reads as the candidate's words.
 */
export function findFalseStarts(text: string): Span[] {
  const tokens = tokensOf(text);
  const spans: Span[] = [];
  for (let i = 0; i + 1 < tokens.length; i++) {
    const a = tokens[i]!;
    const b = tokens[i + 1]!;
    if (a.word === b.word && isWordy(a) && REPEAT_GAP.test(text.slice(a.end, b.start))) {
      spans.push({ start: a.start, end: b.start });
      continue;
    }
    const c = tokens[i + 2];
    const d = tokens[i + 3];
    if (c && d && a.word === c.word && b.word === d.word && isWordy(a) && adjacent(text, a, b) && REPEAT_GAP.test(text.slice(b.end, c.start))) {
      spans.push({ start: a.start, end: c.start });
      continue;
    }
    // A cut-off: a word followed straight by a dash and a space.
    const cutOff = isDash(text.charCodeAt(a.end)) && /\s/.test(text.charAt(a.end + 1)) && isWordy(a);
    if (cutOff) {
      const prev = tokens[i - 1];
      if (b.word.startsWith(a.word)) spans.push({ start: a.start, end: b.start });
      else if (prev && prev.word === b.word && adjacent(text, prev, a)) spans.push({ start: prev.start, end: b.start });
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
export function nonEvidenceSpans(text: string, fillers: FillerSpan[] = findFillers(text)): Span[] {
  return mergeSpans([...fillers, ...findFalseStarts(text)]);
}
