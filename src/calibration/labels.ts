import { z } from 'zod';
import { Evaluation } from '../grading/evaluation.js';
import { ItemError } from '../batch/line.js';

/** What human graders gave one item. Every field is optional: label what you have. */
export const HumanLabels = z
  .object({
    total: z.number().int().optional(),
    band: z.string().min(1).optional(),
    dimensions: z.record(z.string(), z.number().int().min(1).max(5)).optional(),
  })
  .strict()
  .meta({ id: 'HumanLabels' });
export type HumanLabels = z.infer<typeof HumanLabels>;

/** The parts of an Evaluation calibration compares. */
export const GradedScores = Evaluation.pick({ rubric: true, dimensions: true, total: true, band: true });
export type GradedScores = z.infer<typeof GradedScores>;

/**
 * A line of LABELED.jsonl: a batch output line (or a batch input line: a request with an id) plus
 * `labels`. Request fields are kept, so a line without an evaluation can be graded.
 */
export const LabeledLine = z
  .object({
    id: z.union([z.string(), z.number()]).nullable().optional(),
    ok: z.boolean().optional(),
    evaluation: GradedScores.optional(),
    error: ItemError.optional(),
    labels: HumanLabels.optional(),
  })
  .loose();
export type LabeledLine = z.infer<typeof LabeledLine>;

/** Keys of a labeled line that are not part of an evaluation request. */
export const NON_REQUEST_KEYS = ['id', 'ok', 'evaluation', 'error', 'labels', 'line'];
