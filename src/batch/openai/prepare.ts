import { createHash } from 'node:crypto';
import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import type { Grader } from '../../grading/evaluate.js';
import { gradeItem, itemError, type ItemDefaults } from '../grade-item.js';
import { duplicateError, scanInput, type BatchInput, type InputScan } from '../input.js';
import { notYetWritten } from '../item.js';
import type { BatchLine } from '../line.js';
import type { OutputFile } from '../output-file.js';
import type { Pacer } from '../pacer.js';
import type { BatchEngines } from './engines.js';
import type { BatchChunk } from './state.js';

/** The Batch API's limits per batch: 50,000 requests and 200 MB of input (kept under, with room). */
export const MAX_REQUESTS_PER_BATCH = 50_000;
export const MAX_BYTES_PER_BATCH = 190 * 1024 * 1024;
export const CHAT_COMPLETIONS_URL = '/v1/chat/completions';

/** custom_id of an item: derived from its id (unique once duplicates are excluded), short and opaque. */
export function customIdFor(id: string): string {
  return `item-${createHash('sha256').update(id).digest('hex').slice(0, 40)}`;
}

export interface PrepareOptions {
  input: BatchInput;
  out: OutputFile;
  /** Keys already in OUT (from an earlier, interrupted preparation or a live run). */
  existing: Map<string, number>;
  grader: Grader;
  engines: BatchEngines;
  defaults: ItemDefaults;
  pacer: Pacer;
  requestFile: (index: number) => string;
  onScan?: (scan: InputScan) => void;
  onLine?: (line: BatchLine) => void;
}

export interface Prepared {
  chunks: BatchChunk[];
  /** Lines written to OUT now: items that failed before the model (or asked for the heuristic engine). */
  written: number;
}

/**
 * Builds the Batch API input: one `{custom_id, method, url, body}` line per item that needs the
 * model, the body being exactly what a live call would send. Items that fail before any model call
 * (bad line, duplicate id, invalid request) get their ok:false line in OUT now; items that ask for
 * the heuristic engine are graded now.
 */
export async function prepareRequests(options: PrepareOptions): Promise<Prepared> {
  const scan = await scanInput(options.input);
  options.onScan?.(scan);
  const chunks: BatchChunk[] = [];
  let current: { chunk: BatchChunk; stream: WriteStream; bytes: number } | null = null;
  let written = 0;

  const write = async (line: BatchLine) => {
    await options.out.append(line);
    written += 1;
    options.onLine?.(line);
  };
  const closeCurrent = async () => {
    if (!current) return;
    current.stream.end();
    await once(current.stream, 'close');
    current = null;
  };
  const request = async (text: string) => {
    const bytes = Buffer.byteLength(text);
    if (current && (current.chunk.requests >= MAX_REQUESTS_PER_BATCH || current.bytes + bytes > MAX_BYTES_PER_BATCH)) await closeCurrent();
    if (!current) {
      const index = chunks.length;
      const chunk: BatchChunk = { index, requestFile: options.requestFile(index), requests: 0, inputFileId: null, batchId: null, status: null, outputFileId: null, errorFileId: null, outputFile: null, errorFile: null, problem: null };
      chunks.push(chunk);
      const stream = createWriteStream(chunk.requestFile, { flags: 'w' });
      await once(stream, 'open');
      current = { chunk, stream, bytes: 0 };
    }
    current.chunk.requests += 1;
    current.bytes += bytes;
    if (!current.stream.write(text)) await once(current.stream, 'drain');
  };

  try {
    for await (const item of notYetWritten(options.input.items(), options.existing)) {
      const head = { id: item.id, ...(item.id === null ? { line: item.line } : {}) };
      const dup = item.id !== null && !item.error ? scan.duplicates.get(item.id) : undefined;
      if (item.error || dup) {
        await write({ ...head, ok: false, error: item.error ?? duplicateError(item.id!, dup!) });
        continue;
      }
      let req: Record<string, unknown>;
      try {
        req = withDefaults(await item.load(), options.defaults);
      } catch (err) {
        await write({ ...head, ok: false, error: itemError(err) });
        continue;
      }
      if (req.engine === 'heuristic') {
        await write(await gradeItem({ ...item, load: async () => req }, { grader: options.grader, defaults: {}, pacer: options.pacer, retries: 0 }));
        continue;
      }
      const captured = await options.engines.capture(req);
      if (!captured.ok) {
        await write({ ...head, ok: false, error: itemError(captured.error) });
        continue;
      }
      await request(`${JSON.stringify({ custom_id: customIdFor(item.id!), method: 'POST', url: CHAT_COMPLETIONS_URL, body: captured.body })}\n`);
    }
  } finally {
    await closeCurrent();
  }
  return { chunks, written };
}

export function withDefaults(request: Record<string, unknown>, defaults: ItemDefaults): Record<string, unknown> {
  const req = { ...request };
  if (req.engine === undefined && defaults.engine) req.engine = defaults.engine;
  if (req.rubric === undefined && defaults.rubric) req.rubric = defaults.rubric;
  return req;
}
