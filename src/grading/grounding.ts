import type { DraftEvidence } from './engine.js';
import type { Evidence } from './evaluation.js';
import { nonEvidenceSpans } from '../transcripts/fillers.js';

/**
 * Grounding stage: every quote an engine proposes is located in the graded text and given exact
 * offsets, so that `text.slice(start, end) === quote` holds for everything we return. A quote
 * that cannot be found is dropped, never repaired into something the candidate did not say.
 */

interface FoldedText {
  /** The folded characters (lowercase, no accents, no punctuation or apostrophes, single spaces). */
  folded: string;
  /** For each folded character, the index of the original character it came from. */
  origin: number[];
  /** For each folded character, the end (exclusive) of that original character (2 for a surrogate pair). */
  originEnd: number[];
}

const QUOTE_LIKE: Record<string, string> = {
  '\u2018': "'", '\u2019': "'", '\u201A': "'", '\u201B': "'", '\u2032': "'",
  '\u201C': '"', '\u201D': '"', '\u201E': '"', '\u2033': '"',
  '\u2013': '-', '\u2014': '-', '\u2212': '-',
};

/**
 * Folds text for tolerant matching, remembering where each kept character came from.
 * Characters inside `skip` spans (sorted) are treated as separators.
 */
function fold(text: string, skip: { start: number; end: number }[] = []): FoldedText {
  const folded: string[] = [];
  const origin: number[] = [];
  const originEnd: number[] = [];
  let pendingSpace = false;
  let k = 0;
  // Steps by code point, so letters outside the BMP stay letters.
  for (let i = 0, width = 1; i < text.length; i += width) {
    width = text.codePointAt(i)! > 0xffff ? 2 : 1;
    while (k < skip.length && skip[k]!.end <= i) k++;
    if (k < skip.length && skip[k]!.start <= i) {
      pendingSpace = true;
      continue;
    }
    const raw = text.slice(i, i + width);
    const mapped = QUOTE_LIKE[raw] ?? raw;
    // Apostrophes and combining marks join rather than separate: "don't", "don’t" and "dont"
    // fold alike, and so do "café" and "cafe" (which also keeps "İ" → "i̇" from adding a unit).
    if (mapped === "'" || /^\p{M}+$/u.test(mapped)) continue;
    const ch = mapped.toLowerCase().normalize('NFD').replace(/\p{M}/gu, '');
    if (/^[\p{L}\p{N}]+$/u.test(ch)) {
      if (pendingSpace && folded.length > 0) {
        folded.push(' ');
        origin.push(i);
        originEnd.push(i);
      }
      pendingSpace = false;
      // Lowercasing can lengthen a character ("İ" → "i̇"): every unit keeps its origin.
      for (let j = 0; j < ch.length; j++) {
        folded.push(ch[j]!);
        origin.push(i);
        originEnd.push(i + width);
      }
    } else {
      // Whitespace and punctuation both separate words; runs collapse to one space.
      pendingSpace = true;
    }
  }
  return { folded: folded.join(''), origin, originEnd };
}

/** The first occurrence of `needle` that starts and ends on word boundaries ("art" is not in "start"). */
function findWords(hay: string, needle: string): number {
  for (let at = hay.indexOf(needle); at >= 0; at = hay.indexOf(needle, at + 1)) {
    const end = at + needle.length;
    if ((at === 0 || hay[at - 1] === ' ') && (end === hay.length || hay[end] === ' ')) return at;
  }
  return -1;
}

const spanOf = (f: FoldedText, at: number, length: number) => ({ start: f.origin[at]!, end: f.originEnd[at + length - 1]! });

export interface Locator {
  /** Finds the quote in the text; returns exact offsets, or null when it is not there. */
  locate(quote: string, from?: number): { start: number; end: number } | null;
}

/** Builds a locator for one text; the folded index is built once, lazily. */
export function createLocator(text: string): Locator {
  let foldedText: FoldedText | null = null;
  let spokenText: FoldedText | null = null;
  return {
    locate(quote, from = 0) {
      // Text is NFC (see normalize.ts); a quote in another form must not miss for that alone.
      const trimmed = quote.normalize('NFC').trim();
      if (!trimmed) return null;
      const exact = text.indexOf(trimmed, from);
      if (exact >= 0) return { start: exact, end: exact + trimmed.length };
      if (from > 0) {
        const again = text.indexOf(trimmed);
        if (again >= 0) return { start: again, end: again + trimmed.length };
      }
      foldedText ??= fold(text);
      const needle = fold(trimmed).folded;
      if (needle.length < 3) return null;
      const at = findWords(foldedText.folded, needle);
      if (at >= 0) return spanOf(foldedText, at, needle.length);
      // Spoken text: a quote tidied of fillers and false starts ("we moved" for "we, um, we moved").
      spokenText ??= fold(text, nonEvidenceSpans(text));
      const spoken = fold(trimmed, nonEvidenceSpans(trimmed)).folded;
      if (spoken.length < 3) return null;
      const at2 = findWords(spokenText.folded, spoken);
      if (at2 < 0) return null;
      return spanOf(spokenText, at2, spoken.length);
    },
  };
}

export interface GroundedEvidence {
  evidence: Evidence[];
  /** Quotes that could not be found in the text (dropped). */
  dropped: string[];
}

/**
 * Verifies draft evidence against the text. Offsets given by the engine are kept when they
 * slice exactly to the quote; otherwise the quote is searched for. Duplicate spans are merged,
 * and spans inside `excluded` ranges (fillers, instructions to the grader) are not evidence.
 */
export function groundEvidence(
  text: string,
  drafts: DraftEvidence[],
  options: { locator?: Locator; excluded?: { start: number; end: number }[] } = {},
): GroundedEvidence {
  const locator = options.locator ?? createLocator(text);
  const excluded = options.excluded ?? [];
  const evidence: Evidence[] = [];
  const dropped: string[] = [];
  const seen = new Set<string>();
  for (const d of drafts) {
    let span: { start: number; end: number } | null = null;
    if (d.start != null && d.end != null && d.end > d.start && text.slice(d.start, d.end) === d.quote) {
      span = { start: d.start, end: d.end };
    } else {
      span = locator.locate(d.quote, d.start ?? 0);
    }
    if (!span) {
      dropped.push(d.quote);
      continue;
    }
    const inside = excluded.some((x) => span!.start >= x.start && span!.end <= x.end);
    if (inside) continue;
    const key = `${span.start}:${span.end}`;
    if (seen.has(key)) continue;
    seen.add(key);
    evidence.push({ quote: text.slice(span.start, span.end), start: span.start, end: span.end });
  }
  return { evidence, dropped };
}
