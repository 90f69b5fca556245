import { z } from 'zod';

/**
 * The Evaluation: the public result object (see the contract). This file is the single
 * source of truth for its shape: validation, TypeScript types and the OpenAPI document
 * all come from these schemas.
 */

const offset = z.number().int().min(0);

export const Evidence = z
  .object({
    quote: z.string().min(1).describe('Verbatim words from `text`'),
    start: offset.describe('Start index into `text` (JavaScript string index)'),
    end: offset.describe('End index into `text`, exclusive'),
  })
  .meta({ id: 'Evidence', description: 'A verbatim quote with its offsets: text.slice(start, end) === quote' });
export type Evidence = z.infer<typeof Evidence>;

export const DimensionResult = z
  .object({
    id: z.string(),
    name: z.string(),
    score: z.number().int().min(1).max(5),
    rationale: z.string().describe('What was found and what is missing'),
    evidence: z.array(Evidence),
    spread: z
      .object({ min: z.number().int(), max: z.number().int(), samples: z.array(z.number().int()) })
      .nullable()
      .optional()
      .describe('With self-consistency sampling: the sampled scores (the reported score is their median)'),
    expectedScore: z
      .number()
      .nullable()
      .optional()
      .describe('Probability-weighted score from the model logprobs; null when the server returns none'),
  })
  .meta({ id: 'DimensionResult' });
export type DimensionResult = z.infer<typeof DimensionResult>;

export const Severity = z.enum(['info', 'warning', 'critical']);
export type Severity = z.infer<typeof Severity>;

export const Flag = z
  .object({
    id: z.string(),
    label: z.string(),
    severity: Severity,
    dimension: z.string().nullable().describe('The rubric dimension this weak signal drags down'),
    quote: z.string().nullable().describe('The words that triggered the flag; null for an absence flag'),
    start: offset.nullable(),
    end: offset.nullable(),
    advice: z.string(),
  })
  .meta({ id: 'Flag', description: 'A weak signal, pointing at the words that triggered it' });
export type Flag = z.infer<typeof Flag>;

export const Strength = z
  .object({ id: z.string(), label: z.string(), quote: z.string(), start: offset, end: offset })
  .meta({ id: 'Strength', description: 'A credible senior signal backed by specifics' });
export type Strength = z.infer<typeof Strength>;

export const EvidenceStackStep = z.enum([
  'problem',
  'scope',
  'decision',
  'risk',
  'delivery',
  'impact',
  'leverage',
  'reflection',
]);
export type EvidenceStackStep = z.infer<typeof EvidenceStackStep>;
export const EVIDENCE_STACK_STEPS = EvidenceStackStep.options;

export const Speech = z
  .object({
    words: z.number().int().min(0),
    fillerCount: z.number().int().min(0),
    fillerRate: z.number().min(0).describe('Fillers per 100 words'),
    durationSec: z.number().min(0).nullable(),
    wordsPerMinute: z.number().min(0).nullable(),
    hardFillers: z.number().int().min(0).optional(),
    softFillers: z.number().int().min(0).optional(),
    fillersPerMinute: z.number().min(0).nullable().optional(),
  })
  .meta({ id: 'Speech', description: 'Delivery metrics for spoken input' });
export type Speech = z.infer<typeof Speech>;

export const Usage = z
  .object({
    model: z.string(),
    promptTokens: z.number().int().min(0),
    completionTokens: z.number().int().min(0),
    cachedTokens: z.number().int().min(0),
    calls: z.number().int().min(0),
    costUsd: z.number().min(0).nullable().optional(),
  })
  .meta({ id: 'Usage' });
export type Usage = z.infer<typeof Usage>;

export const Segment = z
  .object({
    question: z.string().nullable(),
    start: offset,
    end: offset,
  })
  .meta({ id: 'Segment', description: "One interviewer question and the span of the candidate's answer to it in `text`" });
export type Segment = z.infer<typeof Segment>;

export const EngineInfo = z
  .object({
    kind: z.enum(['llm', 'heuristic']),
    model: z.string().nullable(),
    promptVersion: z.string().nullable(),
    systemFingerprint: z.string().nullable().optional(),
  })
  .meta({ id: 'EngineInfo' });
export type EngineInfo = z.infer<typeof EngineInfo>;

export const RubricRef = z.object({ id: z.string(), version: z.string(), name: z.string() }).meta({ id: 'RubricRef' });

export const Band = z
  .object({ id: z.string(), min: z.number().int(), max: z.number().int(), label: z.string() })
  .meta({ id: 'Band' });
export type Band = z.infer<typeof Band>;

export const Evaluation = z
  .object({
    id: z.string(),
    createdAt: z.string().describe('ISO-8601 time'),
    rubric: RubricRef,
    engine: EngineInfo,
    question: z.string().nullable(),
    text: z.string().describe('The exact candidate text graded; every offset indexes into it'),
    dimensions: z.array(DimensionResult),
    total: z.number().int(),
    maxTotal: z.number().int(),
    band: Band,
    evidenceStack: z.array(z.object({ step: EvidenceStackStep, present: z.boolean() })),
    flags: z.array(Flag),
    strengths: z.array(Strength),
    speech: Speech.nullable(),
    segments: z.array(Segment).nullable().optional(),
    advice: z.array(z.string()),
    usage: Usage.nullable(),
    warnings: z.array(z.string()).describe('Non-fatal notes: dropped unverifiable quotes, fallbacks, caps applied'),
    metadata: z.record(z.string(), z.unknown()),
  })
  .meta({ id: 'Evaluation', description: 'The result of grading one answer' });
export type Evaluation = z.infer<typeof Evaluation>;

/**
 * Invariants the shape alone cannot state. Checked on every result before it leaves evaluate().
 * Returns a list of violations (empty when the evaluation is consistent).
 */
export function evaluationInvariantViolations(e: Evaluation): string[] {
  const problems: string[] = [];
  const checkSpan = (where: string, quote: string | null, start: number | null, end: number | null) => {
    if (quote === null && start === null && end === null) return;
    if (quote === null || start === null || end === null) {
      problems.push(`${where}: quote, start and end must be all null or all set`);
    } else if (e.text.slice(start, end) !== quote) {
      problems.push(`${where}: text.slice(${start}, ${end}) does not equal the quote`);
    }
  };
  e.dimensions.forEach((d, i) =>
    d.evidence.forEach((ev, j) => checkSpan(`dimensions[${i}].evidence[${j}]`, ev.quote, ev.start, ev.end)),
  );
  e.flags.forEach((f, i) => checkSpan(`flags[${i}]`, f.quote, f.start, f.end));
  e.strengths.forEach((s, i) => checkSpan(`strengths[${i}]`, s.quote, s.start, s.end));
  const sum = e.dimensions.reduce((acc, d) => acc + d.score, 0);
  if (sum !== e.total) problems.push(`total ${e.total} is not the sum of the dimension scores (${sum})`);
  if (e.maxTotal !== 5 * e.dimensions.length) problems.push('maxTotal is not 5 × the number of dimensions');
  if (e.total < e.band.min || e.total > e.band.max) problems.push(`band ${e.band.id} does not contain total ${e.total}`);
  if (e.evidenceStack.map((s) => s.step).join() !== EVIDENCE_STACK_STEPS.join()) {
    problems.push('evidenceStack must list the 8 steps in order');
  }
  return problems;
}
