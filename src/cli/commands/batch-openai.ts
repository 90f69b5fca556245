import { setTimeout as delay } from 'node:timers/promises';
import { basename } from 'node:path';
import { UsageError, type CliIo } from '../io.js';
import { InvalidInputError } from '../../grading/errors.js';
import type { EngineChoice } from '../../grading/request.js';
import type { Rubric } from '../../grading/rubric.js';
import { OPENAI_BASE_URL } from '../../llm/client.js';
import type { Fetch } from '../../llm/deadline-fetch.js';
import { openCsvSummary } from '../../batch/csv-summary.js';
import type { BatchInput } from '../../batch/input.js';
import { OutputFile, readExistingOutput } from '../../batch/output-file.js';
import { createPacer } from '../../batch/pacer.js';
import { openHtmlReport } from '../../batch/report/html.js';
import { BatchLine } from '../../batch/line.js';
import type { LineSink } from '../../batch/runner.js';
import { createBatchEngines } from '../../batch/openai/engines.js';
import { prepareRequests } from '../../batch/openai/prepare.js';
import { batchProblem, createBatchApi, TERMINAL_STATUSES, type BatchApi } from '../../batch/openai/remote.js';
import { applyResults } from '../../batch/openai/results.js';
import { loadState, saveState, statePath, type BatchState } from '../../batch/openai/state.js';

export interface OpenAiBatchOptions {
  io: CliIo;
  input: BatchInput;
  out: string;
  rubric: Rubric;
  engine: EngineChoice | undefined;
  resume: boolean;
  pollIntervalMs: number;
  csv: string | undefined;
  report: string | undefined;
  /** Tests inject the Batch API's transport; by default the global fetch, at call time. */
  fetch?: Fetch;
}

const EXIT_INTERRUPTED = 130;

/**
 * `batch --via openai-batch`: build the request file, upload it, create the batch (24 h window),
 * poll it, download the output and error files, and write OUT through the same validation and
 * grounding as live calls. Every step is recorded in OUT.batch.json, so running the same command
 * again (after Ctrl-C, a crash, or a reboot) continues the same batch instead of paying twice.
 */
export async function runOpenAiBatchCommand(o: OpenAiBatchOptions): Promise<number> {
  const { io, out } = o;
  const say = (s: string) => io.stderr.write(`${s}\n`);
  if (o.engine === 'heuristic') throw new UsageError('--via openai-batch grades with the model; --engine heuristic grades locally (use --via live)');
  const config = io.config();
  const grader = io.grader();
  if (!grader.llm || !config.EVAL_MODEL) throw new UsageError('--via openai-batch needs a model: set EVAL_MODEL (and OPENAI_API_KEY)');
  const baseURL = config.OPENAI_BASE_URL ?? OPENAI_BASE_URL;
  const api: BatchApi = createBatchApi(config, o.fetch);
  const engines = createBatchEngines(config, grader, o.fetch);
  const defaults = { engine: o.engine, rubric: o.rubric.id };
  const stateFile = statePath(out);

  let state = await loadState(stateFile);
  if (state && state.input !== o.input.path) {
    throw new InvalidInputError(`${stateFile} belongs to a batch of ${state.input}, not ${o.input.path}: use another --out, or remove the state file`);
  }
  if (!state) {
    const existing = await readExistingOutput(out);
    if (existing.lines > 0 && !o.resume) throw new InvalidInputError(`${out} already exists: pass --resume to continue it, or choose another --out`);
    state = { version: 1, input: o.input.path, model: config.EVAL_MODEL, createdAt: new Date().toISOString(), phase: 'preparing', chunks: [] };
    await saveState(stateFile, state);
  } else {
    say(`openai batch: continuing the run recorded in ${stateFile} (${state.phase}${state.chunks.length ? `, ${state.chunks.map((c) => c.batchId ?? 'not created').join(', ')}` : ''})`);
  }
  const save = () => saveState(stateFile, state!);

  if (state.phase === 'preparing') {
    const existing = await readExistingOutput(out);
    const file = await OutputFile.open(out, { resume: true });
    try {
      const prepared = await prepareRequests({
        input: o.input,
        out: file,
        existing: existing.keys,
        grader,
        engines,
        defaults,
        pacer: createPacer({ rpm: 0, tpm: 0 }),
        requestFile: (i) => `${out}.batch-input-${i}.jsonl`,
        onScan: (scan) => say(`openai batch: ${scan.total} items in ${o.input.path}${scan.duplicates.size ? `, ${scan.duplicates.size} duplicate id(s)` : ''}${scan.rejectedCount ? `, ${scan.rejectedCount} unreadable` : ''}`),
      });
      state.chunks = prepared.chunks;
      say(`openai batch: ${prepared.chunks.reduce((a, c) => a + c.requests, 0)} request(s) in ${prepared.chunks.length} file(s); ${prepared.written} item(s) written to OUT without the model`);
    } finally {
      await file.close();
    }
    state.phase = 'prepared';
    await save();
  }

  if (state.phase === 'prepared') {
    for (const chunk of state.chunks) {
      if (!chunk.inputFileId) {
        chunk.inputFileId = await api.upload(chunk.requestFile);
        await save();
        say(`openai batch: uploaded ${basename(chunk.requestFile)} as ${chunk.inputFileId}`);
      }
      if (!chunk.batchId) {
        const batch = await api.create(chunk.inputFileId, { source: 'barometer', out: basename(out).slice(0, 500) });
        chunk.batchId = batch.id;
        chunk.status = batch.status;
        await save();
        say(`openai batch: created ${batch.id} (completion window 24h)`);
      }
    }
    state.phase = 'submitted';
    await save();
  }

  if (state.phase === 'submitted') {
    const finished = await pollUntilDone(state, api, o.pollIntervalMs, save, say, io.signal);
    if (!finished) {
      say(`openai batch: stopped polling; the batch keeps running at the provider. Run the same command again to pick it up (${stateFile}).`);
      return EXIT_INTERRUPTED;
    }
    for (const chunk of state.chunks) {
      if (chunk.outputFileId && !chunk.outputFile) {
        chunk.outputFile = `${out}.batch-output-${chunk.index}.jsonl`;
        await api.download(chunk.outputFileId, chunk.outputFile);
        await save();
      }
      if (chunk.errorFileId && !chunk.errorFile) {
        chunk.errorFile = `${out}.batch-errors-${chunk.index}.jsonl`;
        await api.download(chunk.errorFileId, chunk.errorFile);
        await save();
      }
    }
    const existing = await readExistingOutput(out);
    const file = await OutputFile.open(out, { resume: true });
    try {
      const written = await applyResults({
        input: o.input,
        out: file,
        existing: existing.keys,
        chunks: state.chunks,
        engines,
        defaults,
        concurrency: config.BATCH_CONCURRENCY,
        model: config.EVAL_MODEL,
        baseURL,
      });
      say(`openai batch: wrote ${written} result line(s)`);
    } finally {
      await file.close();
    }
    state.phase = 'done';
    await save();
  }
  return summarize(o, say);
}

/** Polls every unfinished batch until all are finished (true) or the run is interrupted (false). */
async function pollUntilDone(
  state: BatchState,
  api: BatchApi,
  intervalMs: number,
  save: () => Promise<void>,
  say: (s: string) => void,
  signal: AbortSignal | undefined,
): Promise<boolean> {
  for (;;) {
    let done = 0;
    let failed = 0;
    let total = 0;
    for (const chunk of state.chunks) {
      if (!chunk.batchId) continue;
      if (!chunk.status || !TERMINAL_STATUSES.has(chunk.status)) {
        const batch = await api.retrieve(chunk.batchId);
        chunk.status = batch.status;
        if (TERMINAL_STATUSES.has(batch.status)) {
          chunk.outputFileId = batch.output_file_id ?? null;
          chunk.errorFileId = batch.error_file_id ?? null;
          chunk.problem = batchProblem(batch);
        }
        const counts = batch.request_counts;
        done += counts?.completed ?? 0;
        failed += counts?.failed ?? 0;
        total += counts?.total ?? chunk.requests;
      } else {
        done += chunk.requests;
        total += chunk.requests;
      }
    }
    await save();
    const statuses = [...new Set(state.chunks.map((c) => c.status ?? 'not created'))].join(', ');
    say(`openai batch: ${done + failed}/${total} requests finished (${failed} failed); ${statuses}`);
    if (state.chunks.every((c) => !c.batchId || (c.status !== null && TERMINAL_STATUSES.has(c.status)))) return true;
    if (signal?.aborted) return false;
    try {
      await delay(intervalMs, undefined, signal ? { signal } : undefined);
    } catch {
      return false;
    }
  }
}

/** Reads OUT once: the summary, the exit code, and the --csv / --report files. */
async function summarize(o: OpenAiBatchOptions, say: (s: string) => void): Promise<number> {
  const sinks: LineSink[] = [];
  if (o.csv) sinks.push(await openCsvSummary(o.csv, o.rubric.dimensions.map((d) => d.id)));
  if (o.report) sinks.push(openHtmlReport(o.report, o.rubric, `Batch report: ${basename(o.input.path)}`));
  const codes = new Map<string, number>();
  const result = await readExistingOutput(o.out, async (text) => {
    const parsed = BatchLine.safeParse(JSON.parse(text));
    if (!parsed.success) return;
    if (!parsed.data.ok) codes.set(parsed.data.error.code, (codes.get(parsed.data.error.code) ?? 0) + 1);
    for (const sink of sinks) await sink.add(parsed.data);
  });
  for (const sink of sinks) await sink.close();
  const byCode = [...codes].sort((a, b) => b[1] - a[1]).map(([c, n]) => `${c} ${n}`).join(', ');
  say(`batch done (openai-batch) → ${o.out}: ${result.lines - result.failed} ok, ${result.failed} failed${byCode ? ` (${byCode})` : ''}`);
  return result.failed > 0 ? 1 : 0;
}
