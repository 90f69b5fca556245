import { READER_CODES, resumeKey, type ItemError } from './line.js';

/**
 * One input item, as every reader yields it. Readers never load an item's text up front: `load()`
 * does, when a worker is ready for it, so memory holds only the items in flight.
 */
export interface BatchItem {
  /** The item's id, or null when the input gave none usable. */
  id: string | null;
  /** The input line (JSONL, CSV) where the item is; undefined for a directory entry. */
  line: number | undefined;
  /** Where the item is, for messages: "line 12", "alice.vtt". */
  where: string;
  /** Builds the evaluation request (not yet validated: evaluate() does that). */
  load(): Promise<Record<string, unknown>>;
  /** Set when the reader could not make a request of this item; it becomes an ok:false line. */
  error?: ItemError;
}

export const itemKey = (item: Pick<BatchItem, 'id' | 'line'>) => resumeKey(item.id, item.line);

/** Longest id accepted: ids are kept in memory for the duplicate check, and echoed in every line. */
export const MAX_ID_CHARS = 256;

export type IdCheck = { id: string } | { id: null; error: ItemError };

/** Ids are non-blank strings (integers are accepted and read as strings). */
export function checkId(raw: unknown, where: string): IdCheck {
  if (raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '')) {
    return { id: null, error: { code: READER_CODES.missingId, message: `${where} has no id` } };
  }
  if (typeof raw === 'number' && Number.isSafeInteger(raw)) return { id: String(raw) };
  if (typeof raw !== 'string') {
    return { id: null, error: { code: READER_CODES.invalidId, message: `${where}: id must be a string, got ${typeof raw}` } };
  }
  if (raw.length > MAX_ID_CHARS) {
    return { id: null, error: { code: READER_CODES.invalidId, message: `${where}: id is longer than ${MAX_ID_CHARS} characters` } };
  }
  return { id: raw };
}

/** An item the reader rejected. */
export function badItem(id: string | null, line: number | undefined, where: string, error: ItemError): BatchItem {
  return {
    id,
    line,
    where,
    error,
    load: () => Promise.reject(new Error(error.message)),
  };
}

/**
 * The items not yet in OUT: `written` counts the lines OUT already holds per item key (an id can
 * stand in OUT more than once when the input repeats it), and each is skipped that many times.
 */
export async function* notYetWritten(items: AsyncIterable<BatchItem>, written: Map<string, number>, onSkip?: () => void): AsyncGenerator<BatchItem> {
  const remaining = new Map(written);
  for await (const item of items) {
    const key = itemKey(item);
    const left = remaining.get(key) ?? 0;
    if (left > 0) {
      remaining.set(key, left - 1);
      onSkip?.();
      continue;
    }
    yield item;
  }
}
