import type { Grader } from '../grading/evaluate.js';
import { gradeItem, type ItemDefaults } from './grade-item.js';
import { duplicateError, scanInput, type BatchInput, type InputScan } from './input.js';
import { notYetWritten } from './item.js';
import { BatchLine } from './line.js';
import { OutputFile, readExistingOutput, type ExistingOutput } from './output-file.js';
import type { Pacer } from './pacer.js';
import { runPool } from './pool.js';
import type { Progress } from './progress.js';

/** Receives every line of the run (and, on resume, the lines already in OUT): the CSV and report. */
export interface LineSink {
  add(line: BatchLine): void | Promise<void>;
  close(): Promise<void>;
}

export interface BatchOptions {
  input: BatchInput;
  out: string;
  grader: Grader;
  concurrency: number;
  defaults: ItemDefaults;
  resume: boolean;
  pacer: Pacer;
  retries: number;
  progress: Progress;
  sinks?: LineSink[];
  /** Called once the input was checked, before grading starts (to report problems up front). */
  onScan?: (scan: InputScan, existing: ExistingOutput) => void;
  /** Aborted: take no new items, finish the ones in flight. */
  stop?: AbortSignal | undefined;
  /** Aborted: cancel the model calls in flight too. */
  cancel?: AbortSignal | undefined;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export interface BatchSummary {
  total: number;
  /** Lines written by this run. */
  written: number;
  ok: number;
  failed: number;
  /** Items skipped because OUT had them already (--resume), and how many of those had failed. */
  skipped: number;
  skippedFailed: number;
  /** Failures of this run by error code. */
  byCode: Record<string, number>;
  interrupted: boolean;
  elapsedMs: number;
}

/**
 * Grades every item of the input into OUT, exactly one line per item: checks the input first
 * (duplicate and missing ids), skips what OUT already holds when resuming, then grades with bounded
 * concurrency, appending each line as soon as it is ready.
 */
export async function runBatch(options: BatchOptions): Promise<BatchSummary> {
  const { sinks = [] } = options;
  try {
    return await run(options, sinks);
  } finally {
    for (const sink of sinks) await sink.close();
  }
}

async function run(options: BatchOptions, sinks: LineSink[]): Promise<BatchSummary> {
  const startedAt = Date.now();
  const { input } = options;
  const scan = await scanInput(input);
  const existing = options.resume
    ? await readExistingOutput(options.out, sinks.length > 0 ? (text) => feedText(sinks, text) : undefined)
    : { keys: new Map<string, number>(), lines: 0, failed: 0, unreadable: 0, truncatedBytes: 0 };
  options.onScan?.(scan, existing);

  const out = await OutputFile.open(options.out, { resume: options.resume });
  const summary: BatchSummary = { total: scan.total, written: 0, ok: 0, failed: 0, skipped: 0, skippedFailed: existing.failed, byCode: {}, interrupted: false, elapsedMs: 0 };
  const alreadyDone = Math.min(scan.total, existing.lines);
  options.progress.start(scan.total, alreadyDone);

  const todo = async function* () {
    for await (const item of notYetWritten(input.items(), existing.keys, () => (summary.skipped += 1))) {
      const dup = item.id !== null && !item.error ? scan.duplicates.get(item.id) : undefined;
      yield dup ? { ...item, error: duplicateError(item.id!, dup) } : item;
    }
  };

  try {
    await runPool(
      todo(),
      options.concurrency,
      async (item) => {
        const line = await gradeItem(item, {
          grader: options.grader,
          defaults: options.defaults,
          pacer: options.pacer,
          retries: options.retries,
          signal: options.cancel,
          sleep: options.sleep,
        });
        await out.append(line);
        summary.written += 1;
        if (line.ok) summary.ok += 1;
        else {
          summary.failed += 1;
          summary.byCode[line.error.code] = (summary.byCode[line.error.code] ?? 0) + 1;
        }
        options.progress.item(line.ok);
        await feed(sinks, line);
      },
      () => options.stop?.aborted === true,
    );
  } finally {
    options.progress.stop();
    await out.close();
  }
  summary.interrupted = options.stop?.aborted === true && summary.written + summary.skipped < summary.total;
  summary.elapsedMs = Date.now() - startedAt;
  return summary;
}

/** A line already in OUT, for the CSV and report of a resumed run (a line that does not parse is left out). */
async function feedText(sinks: LineSink[], text: string): Promise<void> {
  const parsed = BatchLine.safeParse(JSON.parse(text));
  if (parsed.success) await feed(sinks, parsed.data);
}

async function feed(sinks: LineSink[], line: BatchLine): Promise<void> {
  for (const sink of sinks) await sink.add(line);
}
