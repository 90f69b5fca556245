import type { ConcretenessRules } from './cue-catalogue.js';

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

/**
 * meta: addressed to the grader. claim: a keyword list, or a habitual/abstract marker with no
 * measured specific (past tense alone does not rescue "I always made sure we tested everything").
 * concrete: past-tense narrative or a measured specific. neutral: everything else.
 */
export function classifySentence(sentence: string, rules: ConcretenessRules): SentenceKind {
  if (rules.meta.test(sentence)) return 'meta';
  if (isList(sentence, rules.list)) return 'claim';
  const specific = rules.specific.test(sentence);
  if (!specific && rules.claim.test(sentence) && !rules.notClaim.test(sentence)) return 'claim';
  return specific || rules.narrative.test(sentence) ? 'concrete' : 'neutral';
}

/** "Skills: Kafka, Go, scalability, trade-offs": many commas, few words between them. */
function isList(sentence: string, list: ConcretenessRules['list']): boolean {
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

/**
 * A judge for one text. Sentence breaks are indexed once (linear), lazily on the first hit;
 * sentences are classified once each. A run-on sentence longer than `maxSentenceChars` (common in
 * speech) is judged in consecutive windows of that length, each classified once, so the total
 * cost stays linear in the text even when every word is a hit.
 */
export function createConcretenessJudge(text: string, rules: ConcretenessRules): ConcretenessJudge {
  let breaks: number[] | null = null;
  const cache = new Map<number, SentenceKind>();
  const size = rules.maxSentenceChars;

  const indexBreaks = (): number[] => {
    const out: number[] = [];
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      // Only \n ! ? . can break; the full test runs on those alone.
      if ((c === 10 || c === 33 || c === 63 || c === 46) && isBreak(text, i)) out.push(i + 1);
    }
    return out;
  };

  /** Index of the last break <= pos (sentence start), via binary search. */
  const sentenceStart = (b: number[], pos: number): number => {
    let lo = 0;
    let hi = b.length - 1;
    let best = 0;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (b[mid]! <= pos) {
        best = b[mid]!;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return best;
  };
  const sentenceEnd = (b: number[], pos: number): number => {
    let lo = 0;
    let hi = b.length - 1;
    let best = text.length;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (b[mid]! >= pos) {
        best = b[mid]!;
        hi = mid - 1;
      } else lo = mid + 1;
    }
    return best;
  };

  const kindAt = (start: number, end: number): SentenceKind => {
    breaks ??= indexBreaks();
    const s = sentenceStart(breaks, start);
    const e = sentenceEnd(breaks, Math.max(end, start + 1));
    // Long sentences: the window of `size` characters (from the sentence start) holding the hit.
    const from = e - s <= size ? s : s + Math.floor((start - s) / size) * size;
    const to = e - s <= size ? e : Math.min(e, from + size);
    let kind = cache.get(from);
    if (kind === undefined) {
      kind = classifySentence(text.slice(from, to), rules);
      cache.set(from, kind);
    }
    return kind;
  };

  return {
    kindAt,
    weightAt(start, end) {
      const kind = kindAt(start, end);
      return kind === 'meta' ? 0 : rules.weights[kind];
    },
  };
}
