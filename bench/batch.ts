/**
 * Batch benchmark.
 *
 * 1. Throughput: `runBatch` with the real LLM engine against a local OpenAI-compatible server
 *    (test/batch/support/openai-stub.ts: a recorded chat.completion after a fixed latency).
 *    Target: wall time ≤ 1.25 × N × latency / concurrency. Prints the ratio.
 * 2. Memory: the `batch` command as a child process over a generated 100,000-item JSONL file with
 *    the heuristic engine. Its peak RSS (VmHWM from /proc) is sampled as the run progresses: flat
 *    memory means the peak after 100,000 items is about the peak after 10,000.
 *    BENCH_BATCH_ITEMS overrides the item count (e.g. 20000 for a quick run).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openInput } from '../src/batch/input.js';
import { createPacer } from '../src/batch/pacer.js';
import type { Progress } from '../src/batch/progress.js';
import { runBatch } from '../src/batch/runner.js';
import { loadConfig } from '../src/config.js';
import { createGrader } from '../src/grader.js';
import { evaluate } from '../src/grading/evaluate.js';
import { RECORDED_ANSWER, startOpenAiStub, stubEnv } from '../test/batch/support/openai-stub.js';

const QUESTION = 'Tell me about the hardest technical project you owned end to end.';
const silent: Progress = { start() {}, item() {}, stop() {} };

async function throughput(n: number, latencyMs: number, concurrency: number): Promise<number> {
  const stub = await startOpenAiStub({ latencyMs });
  const dir = mkdtempSync(join(tmpdir(), 'barometer-bench-batch-'));
  try {
    const grader = createGrader(loadConfig(stubEnv(stub)));
    await evaluate({ answer: RECORDED_ANSWER, question: QUESTION }, grader); // warm up: prompts, catalogues, JIT
    const input = join(dir, 'in.jsonl');
    writeFileSync(input, Array.from({ length: n }, (_, i) => JSON.stringify({ id: `i${i}`, question: QUESTION, answer: RECORDED_ANSWER })).join('\n') + '\n');
    const before = stub.stats.requests;
    const t0 = performance.now();
    const summary = await runBatch({
      input: await openInput(input),
      out: join(dir, 'out.jsonl'),
      grader,
      concurrency,
      defaults: {},
      resume: false,
      pacer: createPacer({ rpm: 0, tpm: 0 }),
      retries: 0,
      progress: silent,
    });
    const wall = performance.now() - t0;
    const ideal = (n * latencyMs) / concurrency;
    const ratio = wall / ideal;
    console.log(
      `  ${n} items, ${latencyMs} ms latency, concurrency ${concurrency}: wall ${(wall / 1000).toFixed(2)} s, ideal N×latency/concurrency ${(ideal / 1000).toFixed(2)} s, ` +
        `ratio ${ratio.toFixed(3)} (target ≤ 1.25) ${ratio <= 1.25 ? 'OK' : 'MISSED'}; ${summary.ok} ok, ${summary.failed} failed, ` +
        `${stub.stats.requests - before} model calls, at most ${stub.stats.maxInFlight} in flight`,
    );
    return ratio;
  } finally {
    await stub.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The pipeline's own CPU time per LLM item (signals, prompt, SDK, validation, grounding), with a
 * zero-latency server. N × latency / concurrency is only reachable while this stays well below
 * latency / concurrency: past that, the run is CPU-bound on one thread.
 */
async function cpuPerItem(): Promise<void> {
  const stub = await startOpenAiStub({ latencyMs: 0 });
  try {
    const grader = createGrader(loadConfig(stubEnv(stub)));
    for (let i = 0; i < 5; i++) await evaluate({ answer: RECORDED_ANSWER, question: QUESTION }, grader);
    const t0 = performance.now();
    for (let i = 0; i < 20; i++) await evaluate({ answer: RECORDED_ANSWER, question: QUESTION }, grader);
    console.log(`  pipeline CPU per LLM item (zero-latency server, one at a time): ${((performance.now() - t0) / 20).toFixed(1)} ms`);
  } finally {
    await stub.close();
  }
}

/** Peak and current RSS of a process, in MiB, from /proc (Linux); null elsewhere. */
function rssOf(pid: number): { peak: number; now: number } | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kib = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    return { peak: kib('VmHWM') / 1024, now: kib('VmRSS') / 1024 };
  } catch {
    return null;
  }
}

const SHORT_ANSWERS = [
  'I owned the checkout migration. I chose dual writes over a cut-over because a cut-over risked double charges; errors fell 40%.',
  'We used best practices and it was scalable. The business wanted it, so we built it.',
  'I have ten years of experience with Kafka, Redis and Kubernetes, and I am the go-to person on my team.',
  'I led the incident review after the outage, wrote the runbook, and paged less: on-call pages halved in a quarter.',
];

async function memory(items: number): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'barometer-bench-batch-'));
  try {
    const input = join(dir, 'big.jsonl');
    const w = createWriteStream(input);
    for (let i = 0; i < items; i++) {
      if (!w.write(`${JSON.stringify({ id: `cand-${i}`, question: QUESTION, answer: `${SHORT_ANSWERS[i % SHORT_ANSWERS.length]} (#${i})` })}\n`)) await once(w, 'drain');
    }
    w.end();
    await once(w, 'close');
    const out = join(dir, 'out.jsonl');
    const t0 = performance.now();
    const child = spawn(process.execPath, ['--import', 'tsx', 'bin/barometer.js', 'batch', input, '--out', out, '--engine', 'heuristic', '--concurrency', '8', '--progress-interval', '1000'], {
      env: { PATH: process.env.PATH ?? '' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    const marks = new Map<number, { peak: number; now: number }>();
    const checkpoints = [0.1, 0.5, 1].map((f) => Math.round(items * f));
    let stderr = '';
    child.stderr!.on('data', (c: Buffer) => {
      stderr += c.toString('utf8');
      for (const m of c.toString('utf8').matchAll(/batch: (\d+)\/\d+/g)) {
        const done = Number(m[1]);
        const rss = rssOf(child.pid!);
        if (!rss) continue;
        for (const cp of checkpoints) if (done >= cp && !marks.has(cp)) marks.set(cp, rss);
      }
    });
    const [code] = (await once(child, 'exit')) as [number | null];
    const wall = (performance.now() - t0) / 1000;
    if (code !== 0) {
      console.log(`  memory run failed (exit ${code}): ${stderr.slice(-500)}`);
      return;
    }
    const fmt = (cp: number) => {
      const r = marks.get(cp);
      return r ? `${cp} items: peak RSS ${r.peak.toFixed(0)} MiB (current ${r.now.toFixed(0)} MiB)` : `${cp} items: not sampled`;
    };
    console.log(`  ${items} heuristic items (input ${(statSync(input).size / 2 ** 20).toFixed(1)} MiB, output ${(statSync(out).size / 2 ** 20).toFixed(0)} MiB) in ${wall.toFixed(0)} s (${(items / wall).toFixed(0)} items/s):`);
    for (const cp of checkpoints) console.log(`    after ${fmt(cp)}`);
    const first = marks.get(checkpoints[0]!);
    const last = marks.get(checkpoints[2]!);
    if (first && last) console.log(`    peak RSS growth from ${checkpoints[0]} to ${items} items: ${(last.peak - first.peak).toFixed(0)} MiB (${((last.peak / first.peak - 1) * 100).toFixed(0)}%)`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function benchBatch(): Promise<void> {
  console.log('batch: throughput against a local OpenAI-compatible server (fixed latency)');
  await cpuPerItem();
  await throughput(32, 1000, 4);
  await throughput(60, 2000, 10);
  const items = Number(process.env.BENCH_BATCH_ITEMS ?? 100_000);
  console.log(`batch: memory over a ${items}-item run (child process, heuristic engine)`);
  await memory(items);
}

if (import.meta.url === `file://${process.argv[1]}`) await benchBatch();
