import { join } from 'node:path';
import { z } from 'zod';
import { loadYamlFile, RUBRICS_DIR } from '../grading/rubric-registry.js';

/** rubrics/signals/fillers.yaml: the one filler lexicon, plus the delivery thresholds. */
const wordList = z.array(z.string().trim().min(1).toLowerCase());

export const FillerLexicon = z
  .object({
    hard: z.array(z.string().regex(/^\p{L}+$/u, 'a hard filler is one word of letters').toLowerCase()).min(1),
    soft: z
      .array(
        z
          .object({
            phrase: z.string().trim().min(1).toLowerCase(),
            notAfter: wordList.default([]),
            notBefore: wordList.default([]),
            notBeforeCapitalized: z.boolean().default(false),
          })
          .strict(),
      )
      .min(1),
    thresholds: z
      .object({
        fillerHeavy: z
          .object({
            perMinute: z.number().positive(),
            perMinuteSevere: z.number().positive(),
            per100Words: z.number().positive(),
            per100WordsSevere: z.number().positive(),
            minFillers: z.number().int().min(1),
          })
          .strict()
          .refine((t) => t.perMinuteSevere >= t.perMinute && t.per100WordsSevere >= t.per100Words, {
            message: 'a severe threshold must not be below its flag threshold',
          }),
        pace: z
          .object({
            minWordsPerMinute: z.number().positive(),
            maxWordsPerMinute: z.number().positive(),
            minDurationSec: z.number().min(0),
          })
          .strict()
          .refine((p) => p.maxWordsPerMinute > p.minWordsPerMinute, { message: 'maxWordsPerMinute must exceed minWordsPerMinute' }),
      })
      .strict(),
  })
  .strict();
export type FillerLexicon = z.infer<typeof FillerLexicon>;

export const FILLERS_FILE = join(RUBRICS_DIR, 'signals', 'fillers.yaml');

let cached: FillerLexicon | null = null;

/** The lexicon, loaded and validated once (a broken file is a RubricFileError naming the field). */
export function fillerLexicon(): FillerLexicon {
  cached ??= loadYamlFile(FILLERS_FILE, FillerLexicon);
  return cached;
}
