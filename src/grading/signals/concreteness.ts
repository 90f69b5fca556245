import type { ConcretenessRule, ConcretenessRules } from './cue-catalogue.js';

/**
 * How much a cue hit counts, judged on the sentence around it: a concrete narrative sentence
 * (past tense, measured specifics) counts fully; an abstract or habitual claim ("I always think
 * about trade-offs", a comma-separated keyword list) counts little; a sentence addressed to the
 * grader counts nothing. Rules and weights come from the cue catalogue.
 */
export type SentenceKind = 'meta' | 'claim' | 'neutral' | 'concrete';

export interface ConcretenessJudge {
  /** The weight of a hit spanning [start, end): 0 (never evidence) up to 1. */
  weightAt(start: number, end: number): number;
  kindAt(start: number, end: number): SentenceKind;
}

/** A sentence ends after `\n`, `!`, `?`, or a `.` followed by a space, quote, bracket or the end. */
export function isBreak(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c === 10 || c === 33 || c === 63) return true; // \n ! ?
  if (c !== 46) return false; // .
  const next = text.charCodeAt(i + 1);
  return Number.isNaN(next) || next === 32 || next === 10 || next === 9 || next === 34 || next === 41;
}

/** Finds the indexed patterns of the rules in whole sentences of one text (see cue-search.ts). */
export interface RuleIndex {
  /** Whether an indexed pattern of rule `bit` matches in `sentence`, the text from `from` on. */
  ruleMatches(bit: number, sentence: string, from: number): boolean;
}

/** `sentence` starts at `from` in the text `index` was built for; no index: the rule's regex alone. */
function ruleMatches(rule: ConcretenessRule, sentence: string, index: RuleIndex | null, from: number): boolean {
  if (!index) return rule.regex.test(sentence);
  return index.ruleMatches(rule.bit, sentence, from) || (rule.residual !== null && rule.residual.test(sentence));
}

/**
 * meta: addressed to the grader. claim: a keyword list, or a habitual/abstract marker with no
 * measured specific (past tense alone does not rescue "I always made sure we tested everything").
 * concrete: past-tense narrative or a measured specific. neutral: everything else.
 * With an `index`, the sentence is whole sentences of its text, starting at `from`.
 */
export function classifySentence(sentence: string, rules: ConcretenessRules, index: RuleIndex | null = null, from = 0): SentenceKind {
  if (ruleMatches(rules.meta, sentence, index, from)) return 'meta';
  if (isList(sentence, rules.list)) return 'claim';
  const specific = ruleMatches(rules.specific, sentence, index, from);
  if (!specific && ruleMatches(rules.claim, sentence, index, from) && !ruleMatches(rules.notClaim, sentence, index, from)) return 'claim';
  return specific || ruleMatches(rules.narrative, sentence, index, from) ? 'concrete' : 'neutral';
}

/** "Skills: Kafka, Go, scalability, trade-offs": many commas, few words between them. */
function isList(sentence: string, list: ConcretenessRules['list']): boolean {
  // Most sentences have too few commas to be a list; counting them natively spares the loop below.
  let at = -1;
  for (let n = 0; n < list.minCommas; n++) if ((at = sentence.indexOf(',', at + 1)) < 0) return false;
  let commas = 0;
  let words = 0;
  let inWord = false;
  for (let i = 0; i < sentence.length; i++) {
    const c = sentence.charCodeAt(i);
    if (c === 44) commas++;
    const space = c === 32 || c === 10 || c === 9 || c === 44;
    if (!space && !inWord) words++;
    inWord = !space;
  }
  return commas >= list.minCommas && words / (commas + 1) <= list.maxWordsPerItem;
}

/** The characters that can end a sentence (see isBreak). */
const BREAK_MARKS = ['.', '\n', '!', '?'];

/**
 * Offsets just past each sentence break, in order. Each mark is found with indexOf (native, far
 * faster than reading every character) and the four runs are merged as they go.
 */
export function sentenceBreaks(text: string): number[] {
  const out: number[] = [];
  const next = BREAK_MARKS.map((mark) => text.indexOf(mark));
  for (;;) {
    let m = -1;
    for (let j = 0; j < next.length; j++) if (next[j]! >= 0 && (m < 0 || next[j]! < next[m]!)) m = j;
    if (m < 0) return out;
    const i = next[m]!;
    if (isBreak(text, i)) out.push(i + 1);
    next[m] = text.indexOf(BREAK_MARKS[m]!, i + 1);
  }
}

/** The last break <= pos (the start of its sentence), or 0. */
function sentenceStart(breaks: number[], pos: number): number {
  let lo = 0;
  let hi = breaks.length - 1;
  let best = 0;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (breaks[mid]! <= pos) {
      best = breaks[mid]!;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return best;
}

/** The first break >= pos (the end of its sentence), or `length`. */
function sentenceEnd(breaks: number[], pos: number, length: number): number {
  let lo = 0;
  let hi = breaks.length - 1;
  let best = length;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (breaks[mid]! >= pos) {
      best = breaks[mid]!;
      hi = mid - 1;
    } else lo = mid + 1;
  }
  return best;
}

/**
 * A judge for one text. Sentence breaks are indexed once (linear), lazily on the first hit;
 * sentences are classified once each. A run-on sentence longer than `maxSentenceChars` (common in
 * speech) is judged in consecutive windows of that length, each classified once, so the total
 * cost stays linear in the text even when every word is a hit.
 */
class SentenceJudge implements ConcretenessJudge {
  private breaks: number[] | null = null;
  private readonly cache = new Map<number, SentenceKind>();

  constructor(
    private readonly text: string,
    private readonly rules: ConcretenessRules,
    private readonly index: RuleIndex | null,
  ) {}

  kindAt(start: number, end: number): SentenceKind {
    const breaks = (this.breaks ??= sentenceBreaks(this.text));
    const size = this.rules.maxSentenceChars;
    const s = sentenceStart(breaks, start);
    const e = sentenceEnd(breaks, Math.max(end, start + 1), this.text.length);
    // Long sentences: the window of `size` characters (from the sentence start) holding the hit.
    const from = e - s <= size ? s : s + Math.floor((start - s) / size) * size;
    const to = e - s <= size ? e : Math.min(e, from + size);
    let kind = this.cache.get(from);
    if (kind === undefined) {
      // A window cut out of a long sentence may split words, unlike the index: its rules are tested in full.
      kind = classifySentence(this.text.slice(from, to), this.rules, e - s <= size ? this.index : null, from);
      this.cache.set(from, kind);
    }
    return kind;
  }

  weightAt(start: number, end: number): number {
    const kind = this.kindAt(start, end);
    return kind === 'meta' ? 0 : this.rules.weights[kind];
  }
}

/** A judge for `text`; `index`: where the rules' indexed patterns may match in it. */
export function createConcretenessJudge(text: string, rules: ConcretenessRules, index: RuleIndex | null = null): ConcretenessJudge {
  return new SentenceJudge(text, rules, index);
}
