import { createReadStream } from 'node:fs';
import { badItem, checkId, type BatchItem } from './item.js';
import { READER_CODES } from './line.js';
import { splitLines } from './split-lines.js';

/** A request line may be this long; the longest valid request (200k characters of text) fits. */
export const MAX_LINE_BYTES = 4 * 1024 * 1024;

/** Keys of an input line that belong to the batch, not to the evaluation request. */
const BATCH_KEYS = new Set(['id', 'labels']);

/**
 * Reads a `.jsonl` file one line at a time: each non-blank line is one request object with an `id`.
 * A line that is not a JSON object, or has no usable id, becomes an item carrying its error.
 */
export async function* readJsonl(path: string): AsyncGenerator<BatchItem> {
  for await (const line of splitLines(createReadStream(path), MAX_LINE_BYTES)) {
    const where = `line ${line.number}`;
    if (line.tooLong) {
      yield badItem(null, line.number, where, { code: READER_CODES.invalidLine, message: `${where} is longer than ${MAX_LINE_BYTES} bytes` });
      continue;
    }
    if (line.text.trim() === '') continue;
    yield parseRequestLine(line.text, line.number);
  }
}

/** One JSONL request line as an item. Also used for NDJSON request bodies. */
export function parseRequestLine(text: string, number: number): BatchItem {
  const where = `line ${number}`;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return badItem(null, number, where, { code: READER_CODES.invalidLine, message: `${where} is not valid JSON: ${(err as Error).message}` });
  }
  return requestItem(value, number, where);
}

/** A parsed request object (with its `id`) as an item. */
export function requestItem(value: unknown, line: number | undefined, where: string): BatchItem {
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    return badItem(null, line, where, { code: READER_CODES.invalidLine, message: `${where} is not a JSON object` });
  }
  const record = value as Record<string, unknown>;
  const checked = checkId(record.id, where);
  if (checked.id === null) return badItem(null, line, where, checked.error);
  const request = Object.fromEntries(Object.entries(record).filter(([k]) => !BATCH_KEYS.has(k)));
  return { id: checked.id, line, where, load: async () => request };
}
