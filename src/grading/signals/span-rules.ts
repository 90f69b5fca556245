import type { ExcludeScope } from './catalogue-schema.js';
import type { CompiledFlagRule, CompiledSpanRule, Guard } from './catalogue.js';
import type { TextContext } from './context.js';
import { PatternIndex, type GroupMatches } from './pattern-index.js';
import { paragraphAt, trimSpan, unfold, type Span } from './text-views.js';

/** One place where a span rule fired, after its guards. */
export interface SpanHit extends Span {
  exclude: ExcludeScope;
}

/** Longest gap between two technology names that can still belong to one list. */
const MAX_TECH_GAP = 40;
/**
 * Guards look at most this far either side of a hit, even in a run-on sentence (an unpunctuated
 * transcript is one long sentence): context is local, and per-hit cost stays constant.
 */
export const MAX_GUARD_CONTEXT = 300;

/** A flag catalogue's span rules, with one index over all their patterns. */
export interface SpanRuleSet {
  rules: CompiledSpanRule[];
  index: PatternIndex;
}

const ruleSets = new WeakMap<CompiledFlagRule[], SpanRuleSet>();

/** The span rules of a flag catalogue, indexed on first use. */
export function spanRuleSet(catalogue: CompiledFlagRule[]): SpanRuleSet {
  let set = ruleSets.get(catalogue);
  if (!set) {
    const rules = catalogue.filter((r): r is CompiledSpanRule => r.kind === 'span');
    ruleSets.set(catalogue, (set = { rules, index: new PatternIndex(rules.map((r) => r.patterns)) }));
  }
  return set;
}

/**
 * Every hit of a span rule, in text order, without overlaps, guards applied. `matches`: the raw
 * matches of each of its patterns (pattern-index.ts).
 */
export function spanRuleHits(rule: CompiledSpanRule, ctx: TextContext, matches: GroupMatches): SpanHit[] {
  const raw: SpanHit[] = [];
  rule.patterns.forEach((p, j) => {
    const folded = p.view === 'folded' ? ctx.folded() : null;
    for (const m of matches[j]!) {
      const span = trimSpan(ctx.text, folded ? unfold(folded, m.start, m.end) : m);
      // Explicit fields: `{ ...span, exclude }` takes a slow path in V8 (a spread followed by a key).
      if (span.end > span.start) raw.push({ start: span.start, end: span.end, exclude: p.exclude });
    }
  });
  if (rule.technologyRun) {
    for (const run of technologyRuns(ctx, rule.technologyRun)) raw.push({ start: run.start, end: run.end, exclude: rule.rule.exclude });
  }
  const kept = raw.filter((h) => rule.unless.every((g) => !guardMatches(g, h, ctx)) && rule.requires.every((g) => guardMatches(g, h, ctx)));
  kept.sort((a, b) => a.start - b.start || b.end - a.end);
  const out: SpanHit[] = [];
  for (const h of kept) {
    const last = out[out.length - 1];
    if (last && h.start < last.end) continue;
    out.push(h);
  }
  return out;
}

function guardMatches(g: Guard, h: Span, ctx: TextContext): boolean {
  if (g.scope === 'text') return ctx.textMatches(g.re);
  const s = ctx.sentences();
  const lastChar = Math.max(h.start, h.end - 1);
  let from: number;
  let to: number;
  switch (g.scope) {
    case 'before':
      [from, to] = [s.at(h.start).start, h.start];
      break;
    case 'after':
      [from, to] = [h.end, s.at(lastChar).end];
      break;
    case 'sentence':
      [from, to] = [s.at(h.start).start, s.at(lastChar).end];
      break;
    case 'following':
      [from, to] = [s.at(h.start).start, s.spans[Math.min(s.spans.length - 1, s.indexAt(lastChar) + 1)]!.end];
      break;
    case 'neighbourhood':
      [from, to] = [s.neighbourhood(h.start).start, s.neighbourhood(lastChar).end];
      break;
  }
  from = Math.max(from, h.start - MAX_GUARD_CONTEXT);
  to = Math.min(to, h.end + MAX_GUARD_CONTEXT);
  return g.re.test(ctx.text.slice(from, Math.max(from, to)));
}

/**
 * Runs of at least `minRun` technology names separated only by what `gap` allows
 * (commas, "and", a version number, a role word such as "backend").
 */
function technologyRuns(ctx: TextContext, cfg: { minRun: number; gap: RegExp }): Span[] {
  const mentions = ctx.technologies();
  const runs: Span[] = [];
  let first = 0;
  for (let i = 1; i <= mentions.length; i++) {
    const prev = mentions[i - 1]!;
    const next = mentions[i];
    const joined = next !== undefined && next.start - prev.end <= MAX_TECH_GAP && cfg.gap.test(ctx.text.slice(prev.end, next.start));
    if (joined) continue;
    if (i - first >= cfg.minRun) runs.push({ start: mentions[first]!.start, end: prev.end });
    first = i;
  }
  return runs;
}

/** The text a hit removes from evidence. */
export function excludedSpan(ctx: TextContext, h: SpanHit): Span | null {
  switch (h.exclude) {
    case 'none':
      return null;
    case 'match':
      return { start: h.start, end: h.end };
    case 'sentence': {
      const s = ctx.sentences();
      return trimSpan(ctx.text, { start: s.at(h.start).start, end: s.at(Math.max(h.start, h.end - 1)).end });
    }
    case 'paragraph':
      return trimSpan(ctx.text, { start: paragraphAt(ctx.text, h.start).start, end: paragraphAt(ctx.text, Math.max(h.start, h.end - 1)).end });
  }
}
