/**
 * Signal-detector benchmark: the time detectSignals takes on each 100 KB adversarial input (long
 * runs of one character, nested punctuation, repeated words; see src/grading/signals/adversarial.ts)
 * and the cost per 100 words on a realistic answer, split into the detector's stages.
 * Target: no input makes any rule backtrack catastrophically, i.e. the adversarial cost per
 * character stays in the same range as ordinary text (linear in length).
 */
import { readFileSync } from 'node:fs';
import { loadRubrics } from '../src/grading/rubric-registry.js';
import { adversarialInputs } from '../src/grading/signals/adversarial.js';
import { findCues } from '../src/grading/signals/cues.js';
import { detectSignals } from '../src/grading/signals/detect.js';
import { findAbsenceFlags, findSpanFlags } from '../src/grading/signals/flags.js';
import { findStrengths } from '../src/grading/signals/strengths.js';

const ANSWER = readFileSync(new URL('./fixtures/answer-300-words.txt', import.meta.url), 'utf8').trim();
const words = (t: string) => (t.match(/[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu) ?? []).length;

/**
 * Mean milliseconds of CPU time per call (user + system of this process, so other processes on a
 * shared machine do not inflate it) over at least `minMs` of repeated calls. `fn` gets the run
 * number: realistic runs cycle through distinct texts, so no per-text cache makes repeats cheap.
 */
function timeIt(fn: (run: number) => unknown, minMs = 400): number {
  fn(0);
  const start = process.cpuUsage();
  const spent = () => {
    const d = process.cpuUsage(start);
    return (d.user + d.system) / 1000;
  };
  let runs = 0;
  while (spent() < minMs) fn(++runs);
  return spent() / runs;
}

/** Eight different texts of the same answer (one word changed), used in turn. */
const VARIANTS = Array.from({ length: 8 }, (_, i) => ANSWER.replace(/\bthe\b/, ['the', 'our', 'that', 'this', 'a', 'one', 'its', 'their'][i]!));

export async function benchSignals(): Promise<void> {
  const rubric = loadRubrics().get('senior-swe');
  console.log('\n== signals: weak-signal detector (detectSignals), CPU time ==');

  const w = words(ANSWER);
  const total = timeIt((i) => detectSignals(VARIANTS[i % 8]!, rubric), 1500);
  const spans = findSpanFlags(ANSWER, rubric);
  const cues = findCues(ANSWER, spans.excluded);
  const stages: [string, number][] = [
    ['span flags', timeIt((i) => findSpanFlags(VARIANTS[i % 8]!, rubric))],
    ['evidence cues', timeIt((i) => findCues(VARIANTS[i % 8]!, spans.excluded))],
    ['whole-answer + absence flags', timeIt((i) => findAbsenceFlags(VARIANTS[i % 8]!, rubric, cues, { question: null }))],
    ['strengths', timeIt((i) => findStrengths(VARIANTS[i % 8]!, cues, spans.excluded))],
  ];
  const per100 = (ms: number) => ((ms * 1000) / w) * 100;
  console.log(`realistic answer (${w} words): ${(total * 1000).toFixed(0)} µs per answer = ${per100(total).toFixed(0)} µs per 100 words`);
  for (const [name, ms] of stages) console.log(`  ${name.padEnd(30)} ${per100(ms).toFixed(0).padStart(6)} µs per 100 words`);
  const perCharNs = (total * 1e6) / ANSWER.length;

  let worst = { name: '', ms: 0 };
  for (const { name, text } of adversarialInputs()) {
    const ms = timeIt(() => detectSignals(text, rubric), 300);
    if (ms > worst.ms) worst = { name, ms };
    console.log(`  adversarial ${name.padEnd(20)} ${(text.length / 1000).toFixed(0)} KB  ${ms.toFixed(1).padStart(7)} ms  (${((ms * 1e6) / text.length).toFixed(0)} ns/char)`);
  }
  console.log(
    `adversarial worst: ${worst.name}, ${worst.ms.toFixed(1)} ms for 100 KB = ${((worst.ms * 1e6) / 100_000).toFixed(0)} ns/char ` +
      `(realistic text: ${perCharNs.toFixed(0)} ns/char)`,
  );
}

if (import.meta.url === `file://${process.argv[1]}`) await benchSignals();
