import { basename, isAbsolute, resolve } from 'node:path';
import { openCsvSummary } from '../../batch/csv-summary.js';
import { runOpenAiBatchCommand } from './batch-openai.js';
import { openInput, type InputScan } from '../../batch/input.js';
import { assertNewOutput, type ExistingOutput } from '../../batch/output-file.js';
import { createPacer } from '../../batch/pacer.js';
import { createProgress } from '../../batch/progress.js';
import { openHtmlReport } from '../../batch/report/html.js';
import { runBatch, type BatchSummary, type LineSink } from '../../batch/runner.js';
import { EngineChoice } from '../../grading/request.js';
import { UsageError, type CliIo, type Command } from '../io.js';
import { parseCommandArgs } from '../run.js';

const usage = `Usage: barometer batch INPUT --out OUT.jsonl [--concurrency N] [--engine auto|llm|heuristic]
                      [--rubric ID] [--resume] [--csv FILE.csv] [--report FILE.html]
                      [--via live|openai-batch] [--poll-interval MS]

Grades many answers. INPUT is a .jsonl file (one request object per line, each with a unique "id"),
a .csv file with the columns id,question,answer (quoted fields may span lines), or a directory
whose .txt/.md/.vtt/.srt files are one item each (the file name is the id). OUT gets exactly one
line per item: {"id","ok":true,"evaluation"} or {"id","ok":false,"error":{"code","message"}}.
--engine and --rubric apply to items that do not name their own. --resume skips the items already
in OUT. Progress goes to stderr. Ctrl-C stops taking new items and finishes the ones in flight
(a second Ctrl-C quits at once; --resume continues either way).
Exit 0 when every item succeeded, 1 when any failed, 2 on a usage or input error, 130 when
interrupted before the end.`;

export const EXIT_INTERRUPTED = 130;

export const batchCommand: Command = {
  name: 'batch',
  summary: 'grade many answers (JSONL, CSV or a folder of transcripts) into a JSONL file',
  usage,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, {
      out: { type: 'string', short: 'o' },
      concurrency: { type: 'string', short: 'c' },
      engine: { type: 'string', short: 'e' },
      rubric: { type: 'string', short: 'r' },
      resume: { type: 'boolean', default: false },
      csv: { type: 'string' },
      report: { type: 'string' },
      via: { type: 'string', default: 'live' },
      'poll-interval': { type: 'string' },
      'progress-interval': { type: 'string' },
    });
    if (positionals.length !== 1) throw new UsageError('expected exactly one INPUT (a .jsonl file, a .csv file or a directory)');
    if (!values.out) throw new UsageError('--out OUT.jsonl is required');
    const engine = values.engine === undefined ? undefined : EngineChoice.safeParse(values.engine);
    if (engine && !engine.success) throw new UsageError('--engine must be auto, llm or heuristic');
    const config = io.config();
    const concurrency = values.concurrency === undefined ? config.BATCH_CONCURRENCY : positiveInt(values.concurrency, '--concurrency', 256);
    const grader = io.grader();
    const rubric = grader.rubrics.get(values.rubric);
    const input = await openInput(path(io, positionals[0]!));
    const out = path(io, values.out);

    if (values.via === 'openai-batch') {
      const pollIntervalMs = values['poll-interval'] === undefined ? config.BATCH_POLL_INTERVAL_MS : positiveInt(values['poll-interval'], '--poll-interval', 3_600_000);
      return runOpenAiBatchCommand({ io, input, out, rubric, engine: engine?.data, resume: values.resume, pollIntervalMs, csv: values.csv && path(io, values.csv), report: values.report && path(io, values.report) });
    }
    if (values.via !== 'live') throw new UsageError('--via must be live or openai-batch');

    // Refuse an existing OUT before anything is created or truncated (the CSV, the report).
    if (!values.resume) await assertNewOutput(out);
    const sinks: LineSink[] = [];
    if (values.csv) sinks.push(await openCsvSummary(path(io, values.csv), rubric.dimensions.map((d) => d.id)));
    if (values.report) sinks.push(openHtmlReport(path(io, values.report), rubric, `Batch report: ${basename(input.path)}`));

    const progressInterval = values['progress-interval'] === undefined ? undefined : positiveInt(values['progress-interval'], '--progress-interval', 3_600_000);
    const stop = io.signal;
    const onStop = () => io.stderr.write('\ninterrupted: finishing the items in flight (Ctrl-C again to quit now)\n');
    stop?.addEventListener('abort', onStop, { once: true });
    try {
      const summary = await runBatch({
        input,
        out,
        grader,
        concurrency,
        defaults: { engine: engine?.data, rubric: values.rubric },
        resume: values.resume,
        pacer: createPacer({ rpm: config.EVAL_RPM, tpm: config.EVAL_TPM }),
        retries: config.BATCH_RETRIES,
        progress: createProgress(io.stderr, { intervalMs: progressInterval }),
        sinks,
        onScan: (scan, existing) => reportScan(io, input.path, scan, existing, input.dirStats?.ignored ?? 0),
        stop,
      });
      reportSummary(io, out, summary);
      if (summary.interrupted) return EXIT_INTERRUPTED;
      return summary.failed + summary.skippedFailed > 0 ? 1 : 0;
    } finally {
      stop?.removeEventListener('abort', onStop);
    }
  },
};

function positiveInt(raw: string, name: string, max: number): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > max) throw new UsageError(`${name} must be an integer from 1 to ${max}`);
  return n;
}

function path(io: CliIo, p: string): string {
  return isAbsolute(p) ? p : resolve(io.cwd, p);
}

const MAX_LISTED = 5;

/** Problems found in the input, before anything is graded. */
export function reportScan(io: CliIo, inputPath: string, scan: InputScan, existing: ExistingOutput, ignored: number): void {
  const w = (s: string) => io.stderr.write(`${s}\n`);
  w(`batch: ${scan.total} items in ${inputPath}${ignored > 0 ? ` (${ignored} other entries ignored)` : ''}`);
  if (scan.duplicates.size > 0) {
    const list = [...scan.duplicates].slice(0, MAX_LISTED).map(([id, where]) => `"${id}" (${where.join(', ')})`);
    w(`  ${scan.duplicates.size} duplicate id(s); every occurrence gets an ok:false duplicate_id line: ${list.join('; ')}${scan.duplicates.size > MAX_LISTED ? '; …' : ''}`);
  }
  if (scan.rejectedCount > 0) {
    w(`  ${scan.rejectedCount} item(s) cannot be read and get ok:false lines:`);
    for (const r of scan.rejected.slice(0, MAX_LISTED)) w(`    ${r.code}: ${r.message}`);
    if (scan.rejectedCount > MAX_LISTED) w('    …');
  }
  if (existing.lines > 0 || existing.truncatedBytes > 0) {
    w(`  resuming: ${existing.lines} line(s) already in the output${existing.failed > 0 ? ` (${existing.failed} failed)` : ''}`);
  }
  if (existing.truncatedBytes > 0) w(`  removed a partial last line (${existing.truncatedBytes} bytes) left by an interrupted run`);
  if (existing.unreadable > 0) w(`  ${existing.unreadable} unreadable line(s) in the output were ignored; their items are graded again`);
}

export function reportSummary(io: CliIo, out: string, s: BatchSummary): void {
  const codes = Object.entries(s.byCode).sort((a, b) => b[1] - a[1]).map(([code, n]) => `${code} ${n}`).join(', ');
  const parts = [`${s.ok} ok`, `${s.failed} failed${codes ? ` (${codes})` : ''}`];
  if (s.skipped > 0) parts.push(`${s.skipped} already done${s.skippedFailed > 0 ? ` (${s.skippedFailed} of them failed)` : ''}`);
  const head = s.interrupted ? `batch interrupted after ${s.written + s.skipped} of ${s.total} items` : `batch done: ${s.total} items`;
  io.stderr.write(`${head} in ${(s.elapsedMs / 1000).toFixed(1)}s → ${out}: ${parts.join(', ')}\n`);
  if (s.interrupted) io.stderr.write(`run the same command with --resume to grade the remaining ${s.total - s.written - s.skipped} items\n`);
}
