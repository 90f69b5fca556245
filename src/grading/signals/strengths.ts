import type { Strength } from '../evaluation.js';
import { strengthCatalogue, type CompiledStrengths } from './catalogue.js';
import { TextContext } from './context.js';
import { trimSpan, type Span } from './text-views.js';
import type { CueHit } from './types.js';

/**
 * Strengths: the source's credible senior phrases ("The key trade-off was...", "My personal
 * contribution was..."), credited only when the rest of the sentence carries specifics
 * (rubrics/signals/strengths.yaml). A phrase inside text excluded from evidence (instructions
 * to the grader, tool lists) is never a strength.
 */
export function findStrengths(
  text: string,
  cues: CueHit[],
  excluded: Span[] = [],
  cat: CompiledStrengths = strengthCatalogue(),
): Strength[] {
  const ctx = TextContext.of(text);
  const out: Strength[] = [];
  for (const s of cat.strengths) {
    const hits: Span[] = [];
    for (const { re, literals } of s.patterns) {
      if (!ctx.mayMatch(literals)) continue;
      re.lastIndex = 0;
      for (let m = re.exec(text); m !== null; m = re.exec(text)) {
        if (m[0].length === 0) re.lastIndex++;
        else hits.push({ start: m.index, end: m.index + m[0].length });
      }
    }
    hits.sort((a, b) => a.start - b.start);
    let kept = 0;
    let lastEnd = -1;
    for (const h of hits) {
      if (kept >= cat.maxPerStrength) break;
      if (h.start < lastEnd || excluded.some((x) => x.start < h.end && x.end > h.start)) continue;
      // The quote, and the specifics that back it, end with the sentence or the quote length cap.
      const end = capEnd(text, h.start, ctx.sentences().at(h.end - 1).end, cat.maxQuoteChars);
      if (s.rule.specifics === 'required' && !hasSpecifics(ctx, cat, cues, h.end, end)) continue;
      const span = trimSpan(text, { start: h.start, end });
      out.push({ id: s.rule.id, label: s.rule.label, quote: text.slice(span.start, span.end), start: span.start, end: span.end });
      kept++;
      lastEnd = span.end;
    }
  }
  return out.sort((a, b) => a.start - b.start || (a.id < b.id ? -1 : 1));
}

const WORD = /[A-Za-z0-9][A-Za-z0-9'’%.-]{0,40}/g;

/** The rest of the sentence, [from, to), has enough content words and at least one specific. */
function hasSpecifics(ctx: TextContext, cat: CompiledStrengths, cues: CueHit[], from: number, to: number): boolean {
  const tail = ctx.text.slice(from, to);
  let content = 0;
  for (const m of tail.matchAll(WORD)) {
    const w = m[0].toLowerCase().replace(/[.'’]+$/, '');
    if ((w.length >= 3 || /\d/.test(w)) && !cat.stopwords.has(w)) content++;
  }
  if (content < cat.minContentWords) return false;
  return (
    cat.markers.some((re) => re.test(tail)) ||
    ctx.technologies().some((t) => t.start >= from && t.end <= to) ||
    cueReaches(cues, from, to)
  );
}

/** Longest stretch before `from` where a cue reaching into [from, to) is looked for. */
const CUE_LOOKBACK = 500;

/**
 * A cue reaching past the phrase into the rest of the sentence (one inside the phrase itself,
 * like "trade-off was", says nothing about what follows). Cues are sorted by start.
 */
function cueReaches(cues: CueHit[], from: number, to: number): boolean {
  let lo = 0;
  let hi = cues.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cues[mid]!.start < from - CUE_LOOKBACK) lo = mid + 1;
    else hi = mid;
  }
  for (let i = lo; i < cues.length && cues[i]!.start < to; i++) if (cues[i]!.end > from) return true;
  return false;
}

/** Ends a quote at the sentence end, or at the last word boundary within `max` characters. */
function capEnd(text: string, start: number, end: number, max: number): number {
  if (end - start <= max) return end;
  const cut = text.lastIndexOf(' ', start + max);
  return cut > start ? cut : start + max;
}
