import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { APIError } from 'openai';
import { z } from 'zod';
import { toGraderError } from '../../llm/map-error.js';
import { itemError } from '../grade-item.js';
import { duplicateError, scanInput, type BatchInput } from '../input.js';
import { notYetWritten, type BatchItem } from '../item.js';
import type { BatchLine, ItemError } from '../line.js';
import type { OutputFile } from '../output-file.js';
import { runPool } from '../pool.js';
import { splitLines } from '../split-lines.js';
import type { BatchEngines } from './engines.js';
import { customIdFor, withDefaults } from './prepare.js';
import type { BatchChunk } from './state.js';
import type { ItemDefaults } from '../grade-item.js';

/** A line of a Batch API output or error file. */
export const BatchResultLine = z.object({
  custom_id: z.string(),
  response: z.object({ status_code: z.number().int(), body: z.unknown() }).nullable().optional(),
  error: z.object({ code: z.string().nullable().optional(), message: z.string().nullable().optional() }).nullable().optional(),
});
export type BatchResultLine = z.infer<typeof BatchResultLine>;

interface Located {
  file: string;
  start: number;
  bytes: number;
}

/**
 * Where each custom_id's result is in the downloaded output and error files. Only offsets are kept:
 * a result is read back when its item is replayed, so memory does not grow with the replies.
 */
export async function indexResults(chunks: readonly BatchChunk[]): Promise<Map<string, Located>> {
  const index = new Map<string, Located>();
  for (const chunk of chunks) {
    // Error file first, so that a request with lines in both files uses its output line.
    for (const file of [chunk.errorFile, chunk.outputFile]) {
      if (!file) continue;
      for await (const line of splitLines(createReadStream(file), 256 * 1024 * 1024)) {
        const m = /"custom_id"\s*:\s*"([^"\\]*)"/.exec(line.text);
        if (m) index.set(m[1]!, { file, start: line.start, bytes: line.bytes });
      }
    }
  }
  return index;
}

async function readResult(at: Located): Promise<BatchResultLine | null> {
  const fh = await open(at.file, 'r');
  try {
    const buf = Buffer.alloc(at.bytes);
    await fh.read(buf, 0, at.bytes, at.start);
    const parsed = BatchResultLine.safeParse(JSON.parse(buf.toString('utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  } finally {
    await fh.close();
  }
}

/** A failed Batch API request, as the same typed error a live call with that answer would give. */
export function resultError(result: BatchResultLine, model: string, baseURL: string): ItemError {
  const status = result.response?.status_code;
  if (status !== undefined && status !== 200) {
    const body = result.response?.body as Record<string, unknown> | undefined;
    const apiError = APIError.generate(status, body, undefined, new Headers());
    try {
      return itemError(toGraderError(apiError, { model, baseURL, timeoutMs: 0, deadline: new AbortController().signal }));
    } catch (err) {
      return itemError(err);
    }
  }
  const code = result.error?.code ?? 'unknown';
  return { code: 'batch_request_failed', message: `the Batch API did not run this request (${code}): ${result.error?.message ?? 'no message'}` };
}

export interface ApplyOptions {
  input: BatchInput;
  out: OutputFile;
  existing: Map<string, number>;
  chunks: readonly BatchChunk[];
  engines: BatchEngines;
  defaults: ItemDefaults;
  concurrency: number;
  model: string;
  baseURL: string;
  onLine?: (line: BatchLine) => void;
}

/**
 * Writes the line of every item not yet in OUT: the Batch API's reply for it, replayed through the
 * live pipeline (schema validation, repair, grounding, aggregation), or the error it got.
 */
export async function applyResults(options: ApplyOptions): Promise<number> {
  const scan = await scanInput(options.input);
  const index = await indexResults(options.chunks);
  const problems = options.chunks.map((c) => c.problem).filter((p): p is string => p !== null);
  let written = 0;

  await runPool(notYetWritten(options.input.items(), options.existing), options.concurrency, async (item) => {
    const line = await lineFor(item);
    await options.out.append(line);
    written += 1;
    options.onLine?.(line);
  });
  return written;

  async function lineFor(item: BatchItem): Promise<BatchLine> {
    const head = { id: item.id, ...(item.id === null ? { line: item.line } : {}) };
    const dup = item.id !== null && !item.error ? scan.duplicates.get(item.id) : undefined;
    if (item.error || dup) return { ...head, ok: false, error: item.error ?? duplicateError(item.id!, dup!) };
    const at = index.get(customIdFor(item.id!));
    if (!at) {
      const why = problems.length > 0 ? problems.join('; ') : 'the batch output has no result for this item (was the input changed after the batch was submitted?)';
      return { ...head, ok: false, error: { code: 'batch_incomplete', message: why } };
    }
    const result = await readResult(at);
    if (!result) return { ...head, ok: false, error: { code: 'batch_result_unreadable', message: `the Batch API result for this item in ${at.file} is not a valid result line` } };
    if (result.response?.status_code !== 200) return { ...head, ok: false, error: resultError(result, options.model, options.baseURL) };
    try {
      const request = withDefaults(await item.load(), options.defaults);
      const evaluation = await options.engines.replay(request, JSON.stringify(result.response.body));
      return { ...head, ok: true, evaluation };
    } catch (err) {
      return { ...head, ok: false, error: itemError(err) };
    }
  }
}
