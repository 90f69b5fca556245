import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../../src/config.js';
import { createGrader } from '../../../src/grader.js';
import type { Engine } from '../../../src/grading/engine.js';
import type { Grader } from '../../../src/grading/evaluate.js';
import { BatchLine } from '../../../src/batch/line.js';

export const FIXTURES = join(import.meta.dirname, '..', '..', '..', 'fixtures');
export const tmp = () => mkdtempSync(join(tmpdir(), 'barometer-batch-'));

export function writeJsonl(dir: string, name: string, rows: unknown[]): string {
  const path = join(dir, name);
  writeFileSync(path, rows.map((r) => (typeof r === 'string' ? r : JSON.stringify(r))).join('\n') + '\n');
  return path;
}

/** Every line of OUT, parsed and checked against the BatchLine schema. */
export function readOut(path: string): BatchLine[] {
  const text = readFileSync(path, 'utf8');
  if (text !== '' && !text.endsWith('\n')) throw new Error('OUT does not end with a newline');
  return text
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => BatchLine.parse(JSON.parse(l)));
}

let base: Grader | undefined;
export const heuristicGrader = (): Grader => (base ??= createGrader(loadConfig({})));

/**
 * The real heuristic engine, made slow and observable: each call waits `delayMs` (or until
 * `gate` resolves) and the engine counts calls and the most in flight at once.
 */
export function slowGrader(delayMs: number, gate?: () => Promise<void>) {
  const g = heuristicGrader();
  const stats = { started: 0, inFlight: 0, maxInFlight: 0 };
  const engine: Engine = {
    kind: 'heuristic',
    describe: 'slow heuristic (test)',
    async grade(input) {
      stats.started += 1;
      stats.inFlight += 1;
      stats.maxInFlight = Math.max(stats.maxInFlight, stats.inFlight);
      try {
        await (gate ? gate() : new Promise((r) => setTimeout(r, delayMs)));
        return await g.heuristic.grade(input);
      } finally {
        stats.inFlight -= 1;
      }
    },
  };
  const grader: Grader = { ...g, heuristic: engine };
  return { grader, stats };
}
