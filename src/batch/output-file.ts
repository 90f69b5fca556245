import { createReadStream } from 'node:fs';
import { open, stat, type FileHandle } from 'node:fs/promises';
import { InvalidInputError } from '../grading/errors.js';
import { keyOfLine, serializeLine, type BatchLine } from './line.js';
import { splitLines } from './split-lines.js';

/** An output line may be long (it echoes the graded text), but never this long. */
const MAX_OUT_LINE_BYTES = 64 * 1024 * 1024;
const TAIL_CHUNK = 64 * 1024;

export interface ExistingOutput {
  /** Resume keys already in OUT, counted. */
  keys: Map<string, number>;
  lines: number;
  failed: number;
  /** Lines that could not be read (skipped; their items are graded again). */
  unreadable: number;
  /** Bytes of a partial last line (from a crash) that were cut off. */
  truncatedBytes: number;
}

/**
 * Cuts a partial last line (one without its newline: a crash between two writes can leave one on
 * some file systems) so that appending resumes on a line boundary. Returns the bytes removed.
 */
export async function truncatePartialTail(path: string): Promise<number> {
  const fh = await open(path, 'r+');
  try {
    const { size } = await fh.stat();
    let end = size;
    const buf = Buffer.alloc(TAIL_CHUNK);
    while (end > 0) {
      const from = Math.max(0, end - TAIL_CHUNK);
      const { bytesRead } = await fh.read(buf, 0, end - from, from);
      const nl = buf.subarray(0, bytesRead).lastIndexOf(0x0a);
      if (nl !== -1) {
        const keep = from + nl + 1;
        if (keep < size) await fh.truncate(keep);
        return size - keep;
      }
      end = from;
    }
    if (size > 0) await fh.truncate(0);
    return size;
  } finally {
    await fh.close();
  }
}

/** Streams OUT, collecting the key of every line. `onLine` receives each complete line's text. */
export async function readExistingOutput(path: string, onLine?: (text: string) => void | Promise<void>): Promise<ExistingOutput> {
  const result: ExistingOutput = { keys: new Map(), lines: 0, failed: 0, unreadable: 0, truncatedBytes: 0 };
  if (!(await exists(path))) return result;
  result.truncatedBytes = await truncatePartialTail(path);
  for await (const line of splitLines(createReadStream(path), MAX_OUT_LINE_BYTES)) {
    if (line.text.trim() === '') continue;
    const key = line.tooLong ? null : keyOfLine(line.text);
    if (!key) {
      result.unreadable += 1;
      continue;
    }
    result.lines += 1;
    if (!key.ok) result.failed += 1;
    result.keys.set(key.key, (result.keys.get(key.key) ?? 0) + 1);
    await onLine?.(line.text);
  }
  return result;
}

/**
 * The output file. Every line is written with one write() of the complete line on a file opened
 * with O_APPEND, and writes are serialised, so lines never interleave and a crash leaves only whole
 * lines (or, at worst, one partial last line, which resume cuts off).
 */
export class OutputFile {
  private queue: Promise<void> = Promise.resolve();

  private constructor(private readonly fh: FileHandle) {}

  /** Opens OUT for appending. Without `resume`, an existing non-empty OUT is refused (never overwritten). */
  static async open(path: string, options: { resume: boolean }): Promise<OutputFile> {
    if (!options.resume) await assertNewOutput(path);
    return new OutputFile(await open(path, 'a'));
  }

  append(line: BatchLine): Promise<void> {
    const bytes = Buffer.from(serializeLine(line), 'utf8');
    const write = async () => {
      let offset = 0;
      while (offset < bytes.length) {
        const { bytesWritten } = await this.fh.write(bytes, offset, bytes.length - offset);
        offset += bytesWritten;
      }
    };
    const next = this.queue.then(write);
    this.queue = next.catch(() => undefined);
    return next;
  }

  async close(): Promise<void> {
    await this.queue;
    await this.fh.sync().catch(() => undefined);
    await this.fh.close();
  }
}

/** Results are never overwritten: an existing, non-empty OUT needs --resume (or another name). */
export async function assertNewOutput(path: string): Promise<void> {
  if ((await exists(path)) && (await stat(path)).size > 0) {
    throw new InvalidInputError(`${path} already exists: pass --resume to continue it, or choose another --out`);
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}
