import type { Severity, Speech } from '../evaluation.js';
import { deliveryFindings, type DeliveryFinding } from '../../transcripts/delivery.js';
import { fillerLexicon, type FillerLexicon } from '../../transcripts/lexicon.js';
import { countWords } from '../../transcripts/words.js';
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
    inputs.delivery ??= inputs.speech || mayBeFillerHeavy(ctx.text) ? deliveryFindings(ctx.text, inputs.speech) : [];
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

/**
 * Written answers (no speech metrics) are judged on fillers per 100 words, and most have none.
 * Counting every lexicon word regardless of context over-counts what findFillers would keep
 * (it drops "I like", "you know how"...), so when even that count cannot reach the threshold,
 * filler-heavy cannot fire and the full analysis is skipped.
 */
function mayBeFillerHeavy(text: string, lexicon: FillerLexicon = fillerLexicon()): boolean {
  const re = (upperBoundCache ??= upperBoundPattern(lexicon));
  const { minFillers, per100Words } = lexicon.thresholds.fillerHeavy;
  let n = 0;
  re.lastIndex = 0;
  while (re.exec(text) !== null) n++;
  if (n < minFillers) return false;
  const words = countWords(text);
  return words > 0 && (n / words) * 100 > per100Words;
}

let upperBoundCache: RegExp | null = null;

function upperBoundPattern(lexicon: FillerLexicon): RegExp {
  const escape = (w: string) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  // Hard fillers may be drawn out ("ummm"): each letter may repeat, as in findFillers. Distinct
  // letters in a row keep this linear.
  const hard = lexicon.hard.map((w) => [...w].filter((c, i, all) => c !== all[i - 1]).map((c) => `${escape(c)}+`).join(''));
  const soft = lexicon.soft.map((s) => s.phrase.split(/\s+/).map(escape).join('[ \\t]+'));
  return new RegExp(`(?<![\\p{L}\\p{N}])(?:${[...hard, ...soft].join('|')})(?![\\p{L}\\p{N}])`, 'giu');
}
