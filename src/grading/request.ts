import { z } from 'zod';

/** Longest candidate text accepted, in characters (a 45-minute interview transcript is ~60k). */
export const MAX_TEXT_CHARS = 200_000;
export const MAX_QUESTION_CHARS = 4_000;

export const EngineChoice = z
  .enum(['auto', 'llm', 'heuristic'])
  .describe('`auto` (default): the LLM engine when a model is configured, else the heuristic engine');
export type EngineChoice = z.infer<typeof EngineChoice>;

export const TranscriptFormat = z.enum(['plain', 'dialogue', 'vtt', 'srt']);
export type TranscriptFormat = z.infer<typeof TranscriptFormat>;

const nonBlank = (what: string) =>
  z
    .string()
    .max(MAX_TEXT_CHARS, `${what} is longer than ${MAX_TEXT_CHARS} characters`)
    .refine((s) => s.trim().length > 0, `${what} is blank`);

export const Transcript = z
  .object({
    format: TranscriptFormat,
    text: nonBlank('transcript.text'),
    interviewer: z
      .string()
      .min(1)
      .max(200)
      .optional()
      .describe("The interviewer's speaker label, when the transcript labels speakers by name"),
  })
  .strict()
  .meta({ id: 'Transcript' });
export type Transcript = z.infer<typeof Transcript>;

export const EvaluationRequest = z
  .object({
    answer: nonBlank('answer').optional().describe('A written answer (or a plain transcript)'),
    transcript: Transcript.optional(),
    question: z.string().max(MAX_QUESTION_CHARS).optional().describe('The interview question, if known'),
    rubric: z
      .string()
      .min(1)
      .max(100)
      .optional()
      .describe('Rubric id (default `senior-swe`); see GET /v1/rubrics'),
    engine: EngineChoice.optional(),
    metadata: z
      .record(z.string(), z.unknown())
      .optional()
      .describe('Free-form, echoed back in the result'),
  })
  .strict()
  .superRefine((req, ctx) => {
    const given = Number(req.answer !== undefined) + Number(req.transcript !== undefined);
    if (given !== 1) {
      ctx.addIssue({
        code: 'custom',
        path: given === 0 ? ['answer'] : ['transcript'],
        message: given === 0 ? 'give one of `answer` or `transcript`' : 'give only one of `answer` or `transcript`',
      });
    }
  })
  .meta({ id: 'EvaluationRequest', description: 'Exactly one of `answer` or `transcript` is required' });
export type EvaluationRequest = z.infer<typeof EvaluationRequest>;

export const DEFAULT_RUBRIC_ID = 'senior-swe';
