import { EVIDENCE_STACK_STEPS, type EvidenceStackStep } from '../evaluation.js';
import { defaultCueCatalogue, type CompiledCue, type CueCatalogue } from './cue-catalogue.js';
import { createConcretenessJudge } from './concreteness.js';
import type { CueHit } from './types.js';

/**
 * Evidence cues: where the answer shows problem framing, trade-offs, rollout, outcomes, leverage
 * and the rest (patterns in rubrics/signals/cues.yaml), found in one pass over the words of the
 * text (cue-search.ts), each pattern tried only where a match of it can start.
 */

type Span = { start: number; end: number };
/** Excluded spans from the detector; `reason: 'filler'` marks spoken noise (um, you know, false starts). */
type ExcludedSpan = Span & { reason?: string };

/** A hit is dropped when it overlaps an excluded span (instructions to the grader, tool lists, fillers). */
function overlapsAny(sorted: Span[], start: number, end: number): boolean {
  let lo = 0;
  let hi = sorted.length - 1;
  // First span whose end is after `start`; spans are sorted by start and checked from there.
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]!.end <= start) lo = mid + 1;
    else hi = mid - 1;
  }
  for (let i = Math.max(0, lo - 1); i < sorted.length && sorted[i]!.start < end; i++) {
    if (sorted[i]!.end > start && sorted[i]!.start < end) return true;
  }
  return false;
}

/** Merges spans into sorted, disjoint ranges so the binary search above is valid. */
function mergeSpans(spans: Span[]): Span[] {
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  const out: Span[] = [];
  for (const s of sorted) {
    const last = out[out.length - 1];
    if (last && s.start <= last.end) last.end = Math.max(last.end, s.end);
    else out.push({ start: s.start, end: s.end });
  }
  return out;
}

/**
 * The text with fillers (and the commas around them) blanked to spaces: same length, so offsets
 * still index `text`, but "went from, like, a few hundred" reads "went from        a few hundred"
 * to the patterns, whose spaces absorb such runs.
 */
export function blankFillers(text: string, fillers: Span[]): string {
  if (fillers.length === 0) return text;
  let out = '';
  let at = 0;
  for (const f of mergeSpans(fillers)) {
    let start = Math.max(f.start, at);
    let end = f.end;
    if (end <= start) continue;
    let s = start;
    while (s > at && text[s - 1] === ' ') s--;
    if (s > at && text[s - 1] === ',') start = s - 1;
    if (text[end] === ',') end++;
    out += text.slice(at, start) + ' '.repeat(end - start);
    at = end;
  }
  return out + text.slice(at);
}

export function findCuesWith(catalogue: CueCatalogue, text: string, excluded: ExcludedSpan[]): CueHit[] {
  const fillers = excluded.filter((x) => x.reason === 'filler');
  const view = blankFillers(text, fillers);
  const search = catalogue.index.search(view);
  const judge = createConcretenessJudge(view, catalogue.concreteness, search);
  const hard = excluded.filter((x) => x.reason !== 'filler');
  const skip = hard.length > 0 ? mergeSpans(hard) : hard;
  const hits: CueHit[] = [];
  const consider = (cue: CompiledCue, start: number, end: number) => {
    if (end === start || (skip.length > 0 && overlapsAny(skip, start, end))) return;
    const kind = judge.kindAt(start, end);
    if (kind === 'meta') return;
    const weight = cue.presentTense && kind === 'neutral' ? 1 : catalogue.concreteness.weights[kind];
    hits.push({ cue: cue.id, quote: text.slice(start, end), start, end, weight });
  };

  // Indexed patterns, each anchored at a word it can start with.
  for (const m of search.matches) consider(m.payload, m.start, m.end);
  // The rest: patterns with no known first word, scanned in full.
  for (const cue of catalogue.cues) {
    const re = cue.residual;
    if (!re) continue;
    re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = re.exec(view)) !== null) {
      if (m[0].length === 0) re.lastIndex++;
      else consider(cue, m.index, m.index + m[0].length);
    }
  }
  return withoutOverlaps(hits);
}

/** In text order; of two hits of the same cue that overlap, the earlier (then longer) one stays. */
function withoutOverlaps(hits: CueHit[]): CueHit[] {
  hits.sort((a, b) => a.start - b.start || b.end - a.end || (a.cue < b.cue ? -1 : a.cue > b.cue ? 1 : 0));
  const lastEnd = new Map<string, number>();
  return hits.filter((h) => {
    if (h.start < (lastEnd.get(h.cue) ?? -1)) return false;
    lastEnd.set(h.cue, h.end);
    return true;
  });
}

/**
 * Finds every evidence cue in `text` with the shipped catalogue. Hits overlapping an excluded
 * span (instructions to the grader, tool lists) are dropped; fillers are read past, never matched.
 */
export function findCues(text: string, excluded: ExcludedSpan[]): CueHit[] {
  return findCuesWith(defaultCueCatalogue(), text, excluded);
}

/**
 * A step of the evidence stack is present when a cue supporting it was found in a sentence that
 * is more than an abstract claim (weight above the catalogue's claim weight).
 */
export function evidenceStackFrom(
  cues: CueHit[],
  catalogue: CueCatalogue = defaultCueCatalogue(),
): { step: EvidenceStackStep; present: boolean }[] {
  const present = new Set<EvidenceStackStep>();
  const claimWeight = catalogue.concreteness.weights.claim;
  for (const hit of cues) {
    const step = catalogue.byId.get(hit.cue)?.step;
    if (step && hit.weight > claimWeight) present.add(step);
  }
  return EVIDENCE_STACK_STEPS.map((step) => ({ step, present: present.has(step) }));
}
