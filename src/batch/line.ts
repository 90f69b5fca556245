import { z } from 'zod';
import { Evaluation } from '../grading/evaluation.js';

/**
 * One line of batch output (OUT.jsonl, and the NDJSON of POST /v1/evaluations:batch): exactly one
 * per input item. `id` is null only when the input gave no usable id; `line` then says where the
 * item was in the input, so the line still points back at it.
 */
export const ItemError = z
  .object({
    code: z.string().describe('Stable machine-readable code: a grader error code or a batch input code'),
    message: z.string(),
  })
  .meta({ id: 'BatchItemError' });
export type ItemError = z.infer<typeof ItemError>;

const lineId = z.string().nullable().describe("The item's id; null when the input gave none (see `line`)");
const inputLine = z.number().int().min(1).optional().describe('With a null id: the input line of the item');

export const OkLine = z.object({ id: lineId, line: inputLine, ok: z.literal(true), evaluation: Evaluation }).meta({ id: 'BatchOkLine' });
export const ErrorLine = z.object({ id: lineId, line: inputLine, ok: z.literal(false), error: ItemError }).meta({ id: 'BatchErrorLine' });
export const BatchLine = z.discriminatedUnion('ok', [OkLine, ErrorLine]).meta({ id: 'BatchLine' });
export type BatchLine = z.infer<typeof BatchLine>;

/** Codes the batch readers give items they cannot turn into a request. */
export const READER_CODES = {
  invalidLine: 'invalid_line',
  missingId: 'missing_id',
  invalidId: 'invalid_id',
  duplicateId: 'duplicate_id',
  internal: 'internal_error',
} as const;

/**
 * The key a line is matched on when resuming: the id, or the input line for an item without one.
 * Keys count: an id that occurs twice in the input is matched twice.
 */
export function resumeKey(id: string | null, line: number | undefined): string {
  return id ?? `\u0000line:${line ?? 0}`;
}

/** Serialises a line with `id` (and `line`) first, so that resume can read the key from the prefix. */
export function serializeLine(line: BatchLine): string {
  const head = line.id === null ? { id: null, line: line.line } : { id: line.id };
  const body = line.ok ? { ok: true, evaluation: line.evaluation } : { ok: false, error: line.error };
  return `${JSON.stringify({ ...head, ...body })}\n`;
}

const PREFIX = /^\{"id":(null|"(?:[^"\\]|\\.)*")(?:,"line":(\d+))?,"ok":(true|false)[,}]/;

export interface LineKey {
  key: string;
  ok: boolean;
}

/** Reads the key of a written line: from the prefix when it has our layout, else by parsing it. */
export function keyOfLine(text: string): LineKey | null {
  const m = PREFIX.exec(text);
  if (m) {
    const id = JSON.parse(m[1]!) as string | null;
    return { key: resumeKey(id, m[2] === undefined ? undefined : Number(m[2])), ok: m[3] === 'true' };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (!value || typeof value !== 'object') return null;
  const v = value as { id?: unknown; line?: unknown; ok?: unknown };
  if (!(typeof v.id === 'string' || v.id === null) || typeof v.ok !== 'boolean') return null;
  return { key: resumeKey(v.id, typeof v.line === 'number' ? v.line : undefined), ok: v.ok };
}
