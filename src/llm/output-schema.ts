import { zodResponseFormat } from 'openai/helpers/zod';
import { z } from 'zod';
import { EVIDENCE_STACK_STEPS } from '../grading/evaluation.js';
import type { Rubric } from '../grading/rubric.js';

/**
 * The model's output schema: what one grading call must return. It is its own schema, separate
 * from the public API schemas, because strict structured outputs need `.nullable()` rather than
 * `.optional()`, explicit objects rather than records, and `.describe()` annotations. Keys are
 * generated in schema order, so each dimension asks for evidence, then rationale, then score.
 */

export const VERDICTS = ['confirm', 'reject'] as const;

// Descriptions stay short: the system prompt explains each field once, and the schema is sent
// (and billed) with every request.
const DimensionOutput = z.object({
  evidence: z.array(z.string()).describe('Verbatim quotes from the answer'),
  rationale: z.string(),
  score: z.number().int().min(1).max(5),
  advice: z.string().nullable().describe('null at 5'),
});

const CandidateFlagVerdict = z.object({
  index: z.number().int().min(0).max(999).describe('[index] in the candidate list'),
  id: z.string(),
  verdict: z.enum(VERDICTS),
  quote: z.string().nullable(),
});

/** Builds the output schema for one rubric and one flag catalogue (both decide the keys). */
export function buildOutputSchema(rubric: Rubric, flagIds: readonly string[]) {
  if (flagIds.length === 0) throw new Error('the flag catalogue is empty');
  const dimensions = z.object(Object.fromEntries(rubric.dimensions.map((d) => [d.id, DimensionOutput])));
  const extraFlag = z.object({ id: z.enum(flagIds as [string, ...string[]]), quote: z.string().nullable() });
  const evidenceStack = z.object(Object.fromEntries(EVIDENCE_STACK_STEPS.map((s) => [s, z.boolean()])));
  return z.object({
    dimensions,
    candidateFlags: z.array(CandidateFlagVerdict),
    extraFlags: z.array(extraFlag),
    evidenceStack,
  });
}

/** The strict `json_schema` response format; the dimension object is defined once and referenced. */
export function outputResponseFormat(schema: OutputSchema) {
  return zodResponseFormat(schema, 'interview_grade', { schemaDefinitions: { dimension: DimensionOutput } });
}

export type OutputSchema = ReturnType<typeof buildOutputSchema>;
export type ModelOutput = z.infer<OutputSchema>;
export type DimensionOutput = z.infer<typeof DimensionOutput>;
export type CandidateFlagVerdict = z.infer<typeof CandidateFlagVerdict>;
