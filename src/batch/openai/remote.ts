import { createReadStream, createWriteStream } from 'node:fs';
import { rename } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import type { Batch } from 'openai/resources/batches';
import type { Config } from '../../config.js';
import { createModelClient } from '../../llm/client.js';
import { OPENAI_BASE_URL } from '../../llm/client.js';
import type { Fetch } from '../../llm/deadline-fetch.js';
import { CHAT_COMPLETIONS_URL } from './prepare.js';

/** One Batch API operation (an upload of up to 200 MB included) may take this long. */
const OPERATION_TIMEOUT_MS = 15 * 60_000;

export const TERMINAL_STATUSES: ReadonlySet<string> = new Set(['completed', 'failed', 'expired', 'cancelled']);

/** The four Batch API calls a run needs, over the project's model client (Retry-After kept in bounds). */
export interface BatchApi {
  upload(path: string): Promise<string>;
  create(inputFileId: string, metadata: Record<string, string>): Promise<Batch>;
  retrieve(batchId: string): Promise<Batch>;
  download(fileId: string, path: string): Promise<void>;
}

export function createBatchApi(config: Config, fetch?: Fetch): BatchApi {
  const client = () =>
    createModelClient(
      { apiKey: config.OPENAI_API_KEY, baseURL: config.OPENAI_BASE_URL ?? OPENAI_BASE_URL, maxRetries: config.EVAL_MAX_RETRIES, fetch },
      Date.now() + OPERATION_TIMEOUT_MS,
    );
  const options = () => ({ timeout: OPERATION_TIMEOUT_MS });
  return {
    async upload(path) {
      const file = await client().files.create({ file: createReadStream(path), purpose: 'batch' }, options());
      return file.id;
    },
    create(inputFileId, metadata) {
      return client().batches.create({ input_file_id: inputFileId, endpoint: CHAT_COMPLETIONS_URL, completion_window: '24h', metadata }, options());
    },
    retrieve(batchId) {
      return client().batches.retrieve(batchId, options());
    },
    async download(fileId, path) {
      const response = await client().files.content(fileId, options());
      if (!response.body) throw new Error(`file ${fileId} has no content`);
      const tmp = `${path}.part`;
      await pipeline(Readable.fromWeb(response.body as WebReadableStream<Uint8Array>), createWriteStream(tmp));
      await rename(tmp, path);
    },
  };
}

/** Why a finished batch has no result for some requests, or null when every request has one. */
export function batchProblem(batch: Batch): string | null {
  if (batch.status === 'completed') return null;
  const errors = batch.errors?.data?.map((e) => `${e.code ?? 'error'}${e.line ? ` (request line ${e.line})` : ''}: ${e.message ?? ''}`) ?? [];
  return `the batch ${batch.id} ended with status "${batch.status}"${errors.length > 0 ? `: ${errors.slice(0, 3).join('; ')}` : ''}`;
}
