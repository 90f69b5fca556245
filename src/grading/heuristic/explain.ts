import type { AdviceItem, DraftEvidence } from '../engine.js';
import type { Flag } from '../evaluation.js';
import type { CueCatalogue } from '../signals/cue-catalogue.js';
import { quoteAround } from './quotes.js';
import type { DimensionScore } from './scoring.js';

/** Turns dimension scores into what a reader sees: quotes, a rationale, and advice with its gain. */

const MAX_QUOTES = 4;
const MAX_MISSING_IN_ADVICE = 3;

type Span = { start: number; end: number };

const labelOf = (catalogue: CueCatalogue, cue: string) => catalogue.byId.get(cue)?.label ?? cue;

function list(labels: string[]): string {
  return labels.join(', ');
}

/**
 * The hits a score rests on, widened to readable sentences; each is an exact slice of `text`.
 * `breaks` is sentenceBreaks(text), shared by every dimension of one answer.
 */
export function evidenceFor(ds: DimensionScore, text: string, excluded: Span[], breaks: number[]): DraftEvidence[] {
  const used = ds.findings.filter((f) => f.hit && (f.firm || ds.claimLifted));
  const ordered = [...used].sort((a, b) => b.points * b.hit!.weight - a.points * a.hit!.weight || a.hit!.start - b.hit!.start);
  const seen = new Set<string>();
  const out: DraftEvidence[] = [];
  for (const f of ordered) {
    const span = quoteAround(text, f.hit!.start, f.hit!.end, excluded, breaks);
    const key = `${span.start}:${span.end}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ quote: text.slice(span.start, span.end), start: span.start, end: span.end });
    if (out.length === MAX_QUOTES) break;
  }
  return out;
}

/** "Found: … Claimed only in general terms: … Missing: … Penalty: … Level N: <rubric words>." */
export function rationaleFor(ds: DimensionScore, catalogue: CueCatalogue): string {
  // One pass over the findings: a firm one is found; a hit that is not firm is claimed (and missing).
  const found: string[] = [];
  const claimed: string[] = [];
  const missing: string[] = [];
  for (const f of ds.findings) {
    const label = labelOf(catalogue, f.cue);
    if (f.firm) found.push(label);
    else {
      if (f.hit) claimed.push(label);
      missing.push(label);
    }
  }
  let out = found.length > 0 ? `Found: ${list(found)}.` : 'Found: no concrete evidence for this dimension.';
  if (claimed.length > 0) {
    out += ` Claimed only in general terms: ${list(claimed)}${ds.claimLifted ? ' (counted for one level at most)' : ' (not counted)'}.`;
  }
  if (missing.length > 0) out += ` Missing: ${list(missing)}.`;
  for (const p of ds.penalties) {
    if (p.points > 0) out += ` Penalty -${p.points}: ${p.flag.label}.`;
  }
  return `${out} Level ${ds.score}: ${ds.dimension.levels[ds.score as 1 | 2 | 3 | 4 | 5]}`;
}

/**
 * Advice with the points it would likely gain: for a dimension below its potential, its advice
 * (gain = levels still reachable by showing the missing evidence); for a flag, its advice (gain =
 * the levels it actually cost). Dimension advice comes first at equal gain.
 */
export function adviceFor(scores: DimensionScore[], flags: Flag[], catalogue: CueCatalogue): AdviceItem[] {
  const items: AdviceItem[] = [];
  for (const ds of scores) {
    const gain = Math.min(5, ds.potential) - ds.level;
    if (ds.score >= 5 || gain <= 0) continue;
    const missing = ds.findings
      .filter((f) => !f.firm)
      .sort((a, b) => b.points - a.points)
      .slice(0, MAX_MISSING_IN_ADVICE)
      .map((f) => labelOf(catalogue, f.cue));
    const tail = missing.length > 0 ? ` (Missing: ${list(missing)}.)` : '';
    items.push({ text: `${ds.dimension.name}: ${ds.dimension.heuristic.advice.trim()}${tail}`, gain });
  }
  const lossByFlag = new Map<Flag, number>();
  for (const ds of scores) {
    let loss = ds.level - ds.score;
    for (const p of ds.penalties) {
      const taken = Math.min(p.points, loss);
      loss -= taken;
      lossByFlag.set(p.flag, (lossByFlag.get(p.flag) ?? 0) + taken);
    }
  }
  const seen = new Set<string>();
  for (const flag of flags) {
    if (seen.has(flag.id) || !flag.advice.trim()) continue;
    seen.add(flag.id);
    const gain = [...lossByFlag.entries()].filter(([f]) => f.id === flag.id).reduce((sum, [, g]) => sum + g, 0);
    items.push({ text: flag.advice, gain });
  }
  return items;
}
