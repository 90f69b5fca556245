import { readFile, rename, writeFile } from 'node:fs/promises';
import { z } from 'zod';
import { InvalidInputError } from '../../grading/errors.js';

/**
 * `OUT.batch.json`: where a `batch --via openai-batch` run is, so that running the same command
 * again picks up the same batches instead of paying for new ones. Written atomically (temp file,
 * then rename) after every step.
 */
export const BatchChunk = z.object({
  index: z.number().int().min(0),
  requestFile: z.string(),
  requests: z.number().int().min(0),
  inputFileId: z.string().nullable(),
  batchId: z.string().nullable(),
  status: z.string().nullable(),
  outputFileId: z.string().nullable(),
  errorFileId: z.string().nullable(),
  outputFile: z.string().nullable(),
  errorFile: z.string().nullable(),
  /** Set when the batch ended without results for every request (failed, expired, cancelled). */
  problem: z.string().nullable(),
});
export type BatchChunk = z.infer<typeof BatchChunk>;

export const BatchState = z.object({
  version: z.literal(1),
  input: z.string(),
  model: z.string(),
  createdAt: z.string(),
  /** preparing → submitted (chunks uploaded and created) → done (results written to OUT). */
  phase: z.enum(['preparing', 'prepared', 'submitted', 'done']),
  chunks: z.array(BatchChunk),
});
export type BatchState = z.infer<typeof BatchState>;

export const statePath = (out: string) => `${out}.batch.json`;

export async function loadState(path: string): Promise<BatchState | null> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new InvalidInputError(`${path} is not valid JSON; remove it to start a new batch`);
  }
  const parsed = BatchState.safeParse(raw);
  if (!parsed.success) throw new InvalidInputError(`${path} is not a batch state file this version can read; remove it to start a new batch`);
  return parsed.data;
}

export async function saveState(path: string, state: BatchState): Promise<void> {
  const tmp = `${path}.tmp`;
  await writeFile(tmp, `${JSON.stringify(state, null, 2)}\n`);
  await rename(tmp, path);
}
