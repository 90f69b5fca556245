import type { Flag, Speech } from '../evaluation.js';
import type { Rubric } from '../rubric.js';
import { flagCatalogue, type CompiledAbsenceRule, type CompiledFlagRule } from './catalogue.js';
import { TextContext } from './context.js';
import { dimensionForFlag } from './detect.js';
import { excludedSpan, spanRuleHits, spanRuleSet } from './span-rules.js';
import { trimSpan, type Span } from './text-views.js';
import type { CueHit } from './types.js';
import { wholeRuleFinding, type WholeInputs } from './whole-rules.js';

/**
 * Weak-signal flags, from the catalogue in rubrics/signals/flags.yaml. Span flags are found
 * first (some mark text that must never be evidence); whole-answer and absence flags after the
 * evidence cues, since absences are judged from them.
 */

export interface ExcludedSpan extends Span {
  reason: string;
}

function flagOf(rubric: Rubric, rule: CompiledFlagRule, text: string, span: Span | null, overrides: Partial<Flag> = {}): Flag {
  return {
    id: rule.rule.id,
    label: rule.rule.label,
    severity: rule.rule.severity,
    dimension: dimensionForFlag(rubric, rule.rule.id),
    quote: span ? text.slice(span.start, span.end) : null,
    start: span?.start ?? null,
    end: span?.end ?? null,
    advice: rule.rule.advice,
    ...overrides,
  };
}

export function findSpanFlags(
  text: string,
  rubric: Rubric,
  rules: CompiledFlagRule[] = flagCatalogue(),
): { flags: Flag[]; excluded: ExcludedSpan[] } {
  const ctx = TextContext.of(text);
  const spans = spanRuleSet(rules);
  const matches = spans.index.matches(ctx);
  const flags: Flag[] = [];
  const excluded: ExcludedSpan[] = [];
  for (let r = 0; r < spans.rules.length; r++) {
    const rule = spans.rules[r]!;
    const hits = spanRuleHits(rule, ctx, matches[r]!);
    hits.slice(0, rule.maxHits).forEach((h) => flags.push(flagOf(rubric, rule, text, h)));
    let last: Span | null = null;
    for (const h of hits) {
      const x = excludedSpan(ctx, h);
      // Hits come in text order, so a repeat of the same sentence or paragraph is the previous one.
      if (!x || x.end <= x.start || (last && x.start === last.start && x.end === last.end)) continue;
      excluded.push({ start: x.start, end: x.end, reason: rule.rule.id });
      last = x;
    }
  }
  flags.sort((a, b) => a.start! - b.start! || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { flags, excluded };
}

export interface AnswerContext {
  question: string | null;
  /** Delivery metrics of spoken input (null for written answers): filler and pace flags use them. */
  speech?: Speech | null;
}

/** Flags judged on the whole answer: whole-answer detectors, then absences. */
export function findAbsenceFlags(
  text: string,
  rubric: Rubric,
  cues: CueHit[],
  ctx: AnswerContext,
  rules: CompiledFlagRule[] = flagCatalogue(),
): Flag[] {
  const tctx = TextContext.of(text);
  const inputs: WholeInputs = { speech: ctx.speech ?? null };
  const flags: Flag[] = [];
  for (const rule of rules) {
    if (rule.kind === 'whole') {
      const f = wholeRuleFinding(rule, tctx, inputs);
      if (!f) continue;
      const span = f.span ? trimSpan(text, f.span) : null;
      flags.push(
        flagOf(rubric, rule, text, span && span.end > span.start ? span : null, {
          ...(f.severity ? { severity: f.severity } : {}),
          ...(f.detail ? { advice: `${f.detail}. ${rule.rule.advice}` } : {}),
        }),
      );
    } else if (rule.kind === 'absence' && isAbsent(rule, text, cues)) {
      flags.push(flagOf(rubric, rule, text, null));
    }
  }
  return flags;
}

function isAbsent(rule: CompiledAbsenceRule, text: string, cues: CueHit[]): boolean {
  if (rule.onlyIf) {
    let n = 0;
    rule.onlyIf.re.lastIndex = 0;
    while (n < rule.onlyIf.minCount && rule.onlyIf.re.exec(text) !== null) n++;
    if (n < rule.onlyIf.minCount) return false;
  }
  const minWeight = rule.rule.absentUnless.minWeight;
  if (cues.some((c) => c.weight >= minWeight && rule.cues.has(c.cue))) return false;
  return !rule.patterns.some((re) => re.test(text));
}
