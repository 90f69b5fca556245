import type { DraftEvidence } from './engine.js';
import type { Evidence } from './evaluation.js';

/**
 * Grounding stage: every quote an engine proposes is located in the graded text and given exact
 * offsets, so that `text.slice(start, end) === quote` holds for everything we return. A quote
 * that cannot be found is dropped, never repaired into something the candidate did not say.
 */

interface FoldedText {
  /** The folded characters (lowercase, straight quotes, no punctuation, single spaces). */
  folded: string;
  /** For each folded character, the index of the original character it came from. */
  origin: number[];
}

const QUOTE_LIKE: Record<string, string> = {
  '\u2018': "'", '\u2019': "'", '\u201A': "'", '\u201B': "'", '\u2032': "'",
  '\u201C': '"', '\u201D': '"', '\u201E': '"', '\u2033': '"',
  '\u2013': '-', '\u2014': '-', '\u2212': '-',
};

/** Folds text for tolerant matching, remembering where each kept character came from. */
function fold(text: string): FoldedText {
  const folded: string[] = [];
  const origin: number[] = [];
  let pendingSpace = false;
  for (let i = 0; i < text.length; i++) {
    const raw = text[i]!;
    const ch = (QUOTE_LIKE[raw] ?? raw).toLowerCase();
    if (/[\p{L}\p{N}]/u.test(ch)) {
      if (pendingSpace && folded.length > 0) {
        folded.push(' ');
        origin.push(i);
      }
      pendingSpace = false;
      folded.push(ch);
      origin.push(i);
    } else {
      // Whitespace and punctuation both separate words; runs collapse to one space.
      pendingSpace = true;
    }
  }
  return { folded: folded.join(''), origin };
}

export interface Locator {
  /** Finds the quote in the text; returns exact offsets, or null when it is not there. */
  locate(quote: string, from?: number): { start: number; end: number } | null;
}

/** Builds a locator for one text; the folded index is built once, lazily. */
export function createLocator(text: string): Locator {
  let foldedText: FoldedText | null = null;
  return {
    locate(quote, from = 0) {
      const trimmed = quote.trim();
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
      const at = foldedText.folded.indexOf(needle);
      if (at < 0) return null;
      const start = foldedText.origin[at]!;
      const end = foldedText.origin[at + needle.length - 1]! + 1;
      return { start, end };
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
