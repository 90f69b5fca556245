/**
 * Heuristic-engine benchmark: full evaluate() calls (validate, normalise, detect signals, grade,
 * ground, aggregate, validate the result) with the offline engine, on one core.
 * Targets: at least 5,000 answers/s for a 300-word answer; cost linear in length (the per-word
 * cost of a 5,000-word transcript close to that of a 300-word answer); no 100 KB adversarial
 * input makes any rule backtrack catastrophically.
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { evaluate, type Grader } from '../src/grading/evaluate.js';
import { createHeuristicEngine } from '../src/grading/heuristic/engine.js';
import { loadRubrics } from '../src/grading/rubric-registry.js';
import { adversarialInputs } from '../src/grading/signals/adversarial.js';

const ANSWER = readFileSync(new URL('./fixtures/answer-300-words.txt', import.meta.url), 'utf8').trim();
const FIXTURES = new URL('../fixtures/answers/', import.meta.url);
const SOURCES = ['why-senior/senior-1.txt', 'hard-project/senior-2.txt', 'ambiguity/mid-2.txt', 'mentoring/senior-1.txt', 'production/senior-2.txt', 'production/weak-2.txt'];

const words = (t: string) => t.split(/\s+/).filter(Boolean).length;

/** A transcript-like text of about `n` words, cycling through real fixture answers. */
function longText(n: number): string {
  const parts = SOURCES.map((f) => readFileSync(new URL(f, FIXTURES), 'utf8').trim());
  const out: string[] = [];
  let count = 0;
  for (let i = 0; count < n; i++) {
    const p = parts[i % parts.length]!;
    out.push(p);
    count += words(p);
  }
  return out.join('\n\n');
}

/**
 * Milliseconds per call, after a warm-up, over at least `minMs` of sequential calls: wall-clock,
 * and CPU time of this process (the fairer "one core" figure when the machine is shared).
 */
async function timeIt(fn: () => Promise<unknown>, minMs: number, warmup = 200): Promise<{ wall: number; cpu: number }> {
  for (let i = 0; i < warmup; i++) await fn();
  let runs = 0;
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  let elapsed = 0;
  while (elapsed < minMs) {
    await fn();
    runs++;
    elapsed = performance.now() - start;
  }
  const cpu = process.cpuUsage(cpuStart);
  return { wall: elapsed / runs, cpu: (cpu.user + cpu.system) / 1000 / runs };
}

const rate = (ms: number) => (1000 / ms).toFixed(ms < 1 ? 0 : 1);

export async function benchHeuristic(): Promise<void> {
  const grader: Grader = { rubrics: loadRubrics(), heuristic: createHeuristicEngine(), llm: null };
  const run = (answer: string) => () => evaluate({ answer, engine: 'heuristic' }, grader);
  console.log('\n== heuristic engine: full evaluate() on one core ==');

  const shortWords = words(ANSWER);
  const short = await timeIt(run(ANSWER), 3000);
  console.log(
    `${shortWords}-word answer: ${rate(short.wall)} answers/s wall-clock, ${rate(short.cpu)} answers/s per CPU-second ` +
      `(${(short.cpu * 1000).toFixed(0)} µs CPU each; target >= 5,000/s)`,
  );

  const long = longText(5000);
  const longWords = words(long);
  const big = await timeIt(run(long), 3000, 10);
  console.log(
    `${longWords}-word transcript text: ${rate(big.wall)} answers/s wall-clock, ${rate(big.cpu)} per CPU-second (${big.cpu.toFixed(2)} ms CPU each)`,
  );

  const perWordShort = short.cpu / shortWords;
  const perWordLong = big.cpu / longWords;
  console.log(
    `per-word cost: ${(perWordShort * 1e6).toFixed(0)} ns (300 words) vs ${(perWordLong * 1e6).toFixed(0)} ns (5,000 words); ` +
      `ratio ${(perWordLong / perWordShort).toFixed(2)} (about 1 or below = linear)`,
  );

  let worst = { name: '', ms: 0 };
  for (const { name, text } of adversarialInputs()) {
    const start = performance.now();
    await evaluate({ answer: text, engine: 'heuristic' }, grader).catch((err: Error) => console.log(`  ${name}: rejected (${err.message.slice(0, 60)})`));
    const ms = performance.now() - start;
    if (ms > worst.ms) worst = { name, ms };
  }
  console.log(`100 KB adversarial inputs through evaluate(): worst ${worst.ms.toFixed(1)} ms (${worst.name})`);
}

if (import.meta.url === `file://${process.argv[1]}`) await benchHeuristic();
