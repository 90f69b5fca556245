import { stat } from 'node:fs/promises';
import { extname } from 'node:path';
import { InvalidInputError } from '../grading/errors.js';
import type { BatchItem } from './item.js';
import { READER_CODES } from './line.js';
import { readCsv } from './read-csv.js';
import { readDir, type DirStats } from './read-dir.js';
import { readJsonl } from './read-jsonl.js';

export type InputKind = 'jsonl' | 'csv' | 'dir';

/** A batch input that can be read (streamed) more than once: once to check it, once to grade it. */
export interface BatchInput {
  path: string;
  kind: InputKind;
  items(): AsyncIterable<BatchItem>;
  dirStats?: DirStats;
}

/** Chooses the reader: a directory, `.jsonl`/`.ndjson`, or `.csv`. */
export async function openInput(path: string): Promise<BatchInput> {
  let isDir: boolean;
  try {
    isDir = (await stat(path)).isDirectory();
  } catch (err) {
    throw new InvalidInputError(`cannot read the batch input "${path}": ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  if (isDir) {
    const dirStats: DirStats = { ignored: 0 };
    const items = () => {
      dirStats.ignored = 0; // counted afresh on every pass
      return readDir(path, dirStats);
    };
    return { path, kind: 'dir', dirStats, items };
  }
  const ext = extname(path).toLowerCase();
  if (ext === '.jsonl' || ext === '.ndjson') return { path, kind: 'jsonl', items: () => readJsonl(path) };
  if (ext === '.csv') return { path, kind: 'csv', items: () => readCsv(path) };
  throw new InvalidInputError(`cannot tell how to read "${path}": the batch input must be a .jsonl file, a .csv file or a directory`);
}

/** What the pre-pass found: enough to report problems before grading and to size the progress bar. */
export interface InputScan {
  total: number;
  /** Ids that occur more than once, with where each occurrence is (every occurrence fails). */
  duplicates: Map<string, string[]>;
  /** How many items the reader rejected (no id, invalid line...), and the first few of them. */
  rejectedCount: number;
  rejected: { where: string; code: string; message: string }[];
}

const REJECTED_EXAMPLES = 10;

/**
 * Streams the input once, keeping only ids. Memory grows with the number of items (one id each),
 * never with the size of their texts.
 */
export async function scanInput(input: BatchInput): Promise<InputScan> {
  const firstWhere = new Map<string, string>();
  const duplicates = new Map<string, string[]>();
  const rejected: InputScan['rejected'] = [];
  let rejectedCount = 0;
  let total = 0;
  for await (const item of input.items()) {
    total += 1;
    if (item.error) {
      rejectedCount += 1;
      if (rejected.length < REJECTED_EXAMPLES) rejected.push({ where: item.where, ...item.error });
      continue;
    }
    if (item.id === null) continue;
    const first = firstWhere.get(item.id);
    if (first === undefined) firstWhere.set(item.id, item.where);
    else duplicates.set(item.id, [...(duplicates.get(item.id) ?? [first]), item.where]);
  }
  return { total, duplicates, rejectedCount, rejected };
}

/** The error a duplicated item's line carries. */
export function duplicateError(id: string, wheres: string[]) {
  return {
    code: READER_CODES.duplicateId,
    message: `id "${id}" occurs ${wheres.length} times (${wheres.slice(0, 5).join(', ')}${wheres.length > 5 ? ', …' : ''}); ids must be unique, so none of these items was graded`,
  };
}
