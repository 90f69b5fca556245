import type { Severity, Speech } from '../evaluation.js';
import { deliveryFindings, type DeliveryFinding } from '../../transcripts/delivery.js';
import type { CompiledWholeRule } from './catalogue.js';
import type { TextContext } from './context.js';
import type { Span } from './text-views.js';

/** What a whole-answer rule found: optionally a sentence to point at, and a measured detail. */
export interface WholeFinding {
  span: Span | null;
  severity: Severity | null;
  detail: string | null;
}

/** Lazily computed once per run: several delivery rules share one measurement. */
export interface WholeInputs {
  speech: Speech | null;
  delivery?: DeliveryFinding[];
}

export function wholeRuleFinding(rule: CompiledWholeRule, ctx: TextContext, inputs: WholeInputs): WholeFinding | null {
  const d = rule.rule.detector;
  if (d.type === 'delivery') {
    inputs.delivery ??= deliveryFindings(ctx.text, inputs.speech);
    const f = inputs.delivery.find((x) => x.id === rule.rule.id);
    if (!f) return null;
    return { span: f.start !== null && f.end !== null ? { start: f.start, end: f.end } : null, severity: f.severity, detail: f.detail };
  }
  return managementOnly(rule, ctx, d);
}

/**
 * Management-only: enough sentences about meetings, people and plans, a large enough share of
 * the answer, and (almost) nothing technical. Points at the sentence with the most management talk.
 */
function managementOnly(
  rule: CompiledWholeRule,
  ctx: TextContext,
  cfg: { minManagementSentences: number; maxTechnicalMentions: number; minManagementShare: number },
): WholeFinding | null {
  const res = rule.management!;
  let technical = ctx.technologies().length;
  if (technical > cfg.maxTechnicalMentions) return null;
  res.technical.lastIndex = 0;
  while (res.technical.exec(ctx.text) !== null) {
    if (++technical > cfg.maxTechnicalMentions) return null;
  }
  const sentences = ctx.sentences();
  const perSentence = new Map<number, number>();
  res.management.lastIndex = 0;
  for (let m = res.management.exec(ctx.text); m !== null; m = res.management.exec(ctx.text)) {
    const i = sentences.indexAt(m.index);
    perSentence.set(i, (perSentence.get(i) ?? 0) + 1);
  }
  const total = sentences.trimmed().length;
  if (perSentence.size < cfg.minManagementSentences || perSentence.size / Math.max(1, total) < cfg.minManagementShare) return null;
  let best = -1;
  let bestCount = 0;
  for (const [i, n] of perSentence) if (n > bestCount || (n === bestCount && i < best)) [best, bestCount] = [i, n];
  const s = sentences.spans[best]!;
  return { span: { start: s.start, end: s.end }, severity: null, detail: null };
}
