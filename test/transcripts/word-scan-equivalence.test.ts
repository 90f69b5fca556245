import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { normalizeText } from '../../src/grading/normalize.js';
import { findFalseStarts, findFillers, nonEvidenceSpans } from '../../src/transcripts/fillers.js';
import { fillerLexicon, type FillerLexicon } from '../../src/transcripts/lexicon.js';
import { countWords, wordTokens } from '../../src/transcripts/words.js';

/**
 * The word scan, the filler and false-start finders and normalizeText were rewritten for speed
 * (no object per word, words sliced only when looked at, ASCII fast paths). Below are the
 * implementations they replaced, kept verbatim as the reference: every fixture text and a few
 * thousand generated edge cases must come out identical.
 */

// ---- reference: src/grading/normalize.ts ----

function referenceNormalizeText(s: string): string {
  return s.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n').normalize('NFC');
}

// ---- reference: src/transcripts/words.ts ----

interface WordToken {
  word: string;
  raw: string;
  start: number;
  end: number;
}

const LETTER_OR_DIGIT = /^[\p{L}\p{N}\p{M}]$/u;

function wordCharAt(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c < 128) return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) ? 1 : 0;
  const cp = text.codePointAt(i)!;
  const ch = String.fromCodePoint(cp);
  return LETTER_OR_DIGIT.test(ch) ? ch.length : 0;
}

const isJoiner = (c: number) => c === 39 || c === 0x2019 || c === 45;

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

function referenceWordTokens(text: string): WordToken[] {
  const tokens: WordToken[] = [];
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

// ---- reference: src/transcripts/fillers.ts ----

function adjacent(text: string, a: WordToken, b: WordToken): boolean {
  for (let i = a.end; i < b.start; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 9) return false;
  }
  return true;
}

const isLineTerminator = (cp: number) => cp === 10 || cp === 13 || cp === 0x2028 || cp === 0x2029;

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

function compile(lexicon: FillerLexicon): { hard: Map<string, string>; soft: Map<string, SoftEntry[]> } {
  const soft = new Map<string, SoftEntry[]>();
  for (const s of lexicon.soft) {
    const words = s.phrase.split(/\s+/);
    const entry = { filler: s.phrase, words, notAfter: new Set(s.notAfter), notBefore: new Set(s.notBefore), notBeforeCapitalized: s.notBeforeCapitalized };
    soft.set(words[0]!, [...(soft.get(words[0]!) ?? []), entry]);
  }
  return { hard: new Map(lexicon.hard.map((h) => [collapse(h), h])), soft };
}

function referenceFindFillers(text: string, lexicon: FillerLexicon = fillerLexicon()) {
  const { hard, soft } = compile(lexicon);
  const tokens = referenceWordTokens(text);
  const found: { start: number; end: number; kind: 'hard' | 'soft'; filler: string }[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    const h = hard.get(collapse(t.word));
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

function referenceFindFalseStarts(text: string): { start: number; end: number }[] {
  const tokens = referenceWordTokens(text);
  const spans: { start: number; end: number }[] = [];
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
    const cutOff = isDash(text.charCodeAt(a.end)) && /\s/.test(text.charAt(a.end + 1)) && isWordy(a);
    if (cutOff) {
      const prev = tokens[i - 1];
      if (b.word.startsWith(a.word)) spans.push({ start: a.start, end: b.start });
      else if (prev && prev.word === b.word && adjacent(text, prev, a)) spans.push({ start: prev.start, end: b.start });
    }
  }
  return spans;
}

// ---- the texts ----

const FIXTURES = join(import.meta.dirname, '..', '..', 'fixtures');

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)]));
}

/** Every string inside a JSON value (answers, transcripts, questions). */
function stringsIn(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(stringsIn);
  if (value && typeof value === 'object') return Object.values(value).flatMap(stringsIn);
  return [];
}

/** Each fixture file whole, and every string in the JSON ones (JSON Lines: line by line). */
function fixtureTexts(): string[] {
  return filesUnder(FIXTURES).flatMap((file) => {
    const content = readFileSync(file, 'utf8');
    if (file.endsWith('.json')) return [content, ...stringsIn(JSON.parse(content))];
    if (file.endsWith('.jsonl')) return [content, ...content.split('\n').filter(Boolean).flatMap((l) => stringsIn(JSON.parse(l)))];
    return [content];
  });
}

/** A deterministic pseudo-random generator, so a failure can be replayed. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const PIECES = [
  ...['um', 'Um', 'UM', 'uM', 'ummmm', 'Ummm', 'uhhh', 'hmmmm', 'HMM', 'ER', 'Er', 'errr', 'erm', 'ah', 'AH-64', 'uhm', 'hum', 'mum', 'her', 'a', 'I', 'i'],
  ...['like', 'Like', 'LIKE', 'you know', 'You know', 'you  know', 'you\tknow', 'you, know', 'i mean', 'I mean', 'sort of', 'sorta', 'kind of', 'kinda'],
  ...['Kafka', 'the', 'a', 'how', 'it', 'do', 'let', 'what', 'that', 'thing', 'we', 'we d-', 'd-', 'I-', 'th-', 'decided', 'the the'],
  ...['I’d', 'don’t', "don't", 'we’d', '’d', "'d", 'you’d', 'e-mail', 'p99', '20'],
  ...['ΣΑΣ', 'Σ', 'ς', 'σ', 'İ', 'é', 'e\u0301', 'Ü', '😀', '\u{1D42E}', 'ß', 'ẞ', '\u212Aind', '\u212A', 'ǅ', 'ﬀ', '中文', 'Ω'],
  ...[' ', ' ', ' ', '  ', '\t', ',', ', ', '.', '. ', '...', '…', '-', ' - ', '–', '—', ' — ', "'", '’', '\n', '\r\n', '\r', '\uFEFF', '\u2028'],
];

function randomText(next: () => number, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += PIECES[Math.floor(next() * PIECES.length)]!;
  return out;
}

/** Generated texts: mostly spaced-out pieces, some glued together, and an ASCII-only copy of each. */
function generatedTexts(): string[] {
  const next = rng(11);
  const texts: string[] = [];
  for (let n = 0; n < 3000; n++) {
    const text = randomText(next, 1 + Math.floor(next() * 24));
    const spaced = text.split(/(?=[A-Za-z])/).join(next() < 0.5 ? ' ' : '');
    for (const t of [text, spaced]) texts.push(t, t.replace(/[^\x00-\x7f]/g, next() < 0.5 ? 'x' : ' '));
  }
  return texts;
}

const EDGE_CASES = [
  'we d- we decided',
  'I- I think we should.',
  'We, we decided. I think I think it worked. th- the index',
  'It was, you know, fine. Do you know Kafka? You know how it is. you know',
  'ummmm, UMMM, Ummmm… hmmmmm ERRR errr',
  'Ο ΟΔΥΣΣΕΥΣ ΚΑΙ Η ΟΔΥΣΣΕΙΑ: ΣΑΣ ΣΑΣ, ΣΑΣ',
  'I’d like to say, like, it’s kind of — you know — sort of ﬁne.',
  'tools like \u212Aafka and like İstanbul',
  '\uFEFFUm,\r\nwe,\rwe d- we decided\r\n',
  'cafe\u0301 cafe\u0301 like é',
];

const ALL_TEXTS = [...fixtureTexts(), ...EDGE_CASES, ...generatedTexts()];

describe('the fast word scan, filler and false-start finders agree with the implementations they replaced', () => {
  it('has texts to compare', () => {
    expect(fixtureTexts().length).toBeGreaterThan(100);
  });

  it('normalizeText', () => {
    for (const t of ALL_TEXTS) for (const s of [t, t.normalize('NFD'), `\uFEFF${t}`]) expect(normalizeText(s)).toBe(referenceNormalizeText(s));
  });

  it('wordTokens and countWords', () => {
    for (const t of ALL_TEXTS) {
      const expected = referenceWordTokens(t);
      expect(wordTokens(t)).toEqual(expected);
      expect(countWords(t)).toBe(expected.length);
    }
  });

  it('findFillers and findFalseStarts, on raw and on normalised text', () => {
    for (const raw of ALL_TEXTS) {
      for (const t of [raw, referenceNormalizeText(raw)]) {
        expect(findFillers(t)).toEqual(referenceFindFillers(t));
        expect(findFalseStarts(t)).toEqual(referenceFindFalseStarts(t));
      }
    }
  });

  it('with texts alternating, so no result comes from the memo of another text', () => {
    const texts = ALL_TEXTS.slice(0, 400);
    for (let round = 0; round < 2; round++) {
      for (const t of texts) {
        expect(findFalseStarts(t)).toEqual(referenceFindFalseStarts(t));
        expect(findFillers(t)).toEqual(referenceFindFillers(t));
        expect(nonEvidenceSpans(t)).toEqual(nonEvidenceSpans(`${t} `.slice(0, t.length)));
      }
    }
  });
});
