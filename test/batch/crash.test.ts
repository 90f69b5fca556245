import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RECORDED_ANSWER, startOpenAiStub, stubEnv, type OpenAiStub } from './support/openai-stub.js';
import { readOut, tmp, writeJsonl } from './support/helpers.js';

/**
 * The batch command as a real process, grading with the LLM engine against a local
 * OpenAI-compatible server with a fixed latency, so the run is slow enough to interrupt.
 */
const ITEMS = 40;
const QUESTION = 'Tell me about the hardest technical project you owned end to end.';

let stub: OpenAiStub;
beforeAll(async () => {
  stub = await startOpenAiStub({ latencyMs: 150 });
});
afterAll(async () => stub?.close());

function batch(args: string[]): { child: ChildProcess; done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bin/barometer.js', 'batch', ...args], {
    env: { PATH: process.env.PATH ?? '', ...stubEnv(stub) },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal, stderr })),
  );
  return { child, done };
}

const countLines = (path: string) => (existsSync(path) ? readFileSync(path, 'utf8').split('\n').filter(Boolean).length : 0);

async function waitForLines(path: string, n: number, timeoutMs = 60_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (countLines(path) < n) {
    if (Date.now() > until) throw new Error(`OUT never reached ${n} lines`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

function input(dir: string): { path: string; ids: string[] } {
  const ids = Array.from({ length: ITEMS }, (_, i) => `cand-${String(i).padStart(3, '0')}`);
  return { path: writeJsonl(dir, 'in.jsonl', ids.map((id) => ({ id, question: QUESTION, answer: RECORDED_ANSWER }))), ids };
}

describe('batch as a real process', () => {
  it('kill -9 mid-run, then --resume: exactly one line per id, none partial', async () => {
    const dir = tmp();
    const { path, ids } = input(dir);
    const out = join(dir, 'out.jsonl');
    const first = batch([path, '--out', out, '--concurrency', '2']);
    await waitForLines(out, 6);
    first.child.kill('SIGKILL');
    const killed = await first.done;
    expect(killed.signal).toBe('SIGKILL');
    const before = countLines(out);
    expect(before).toBeGreaterThanOrEqual(6);
    expect(before).toBeLessThan(ITEMS);

    const second = await batch([path, '--out', out, '--concurrency', '4', '--resume']).done;
    expect(second.code, second.stderr).toBe(0);
    const lines = readOut(out);
    expect(lines.map((l) => l.id).sort()).toEqual(ids);
    expect(lines.every((l) => l.ok && l.evaluation.engine.kind === 'llm')).toBe(true);
    expect(second.stderr).toMatch(new RegExp(`${ITEMS - before} ok, 0 failed, ${before} already done`));
  }, 120_000);

  it('SIGINT: finishes the items in flight, prints the summary and exits 130', async () => {
    const dir = tmp();
    const { path } = input(dir);
    const out = join(dir, 'out.jsonl');
    const run = batch([path, '--out', out, '--concurrency', '3']);
    await waitForLines(out, 3);
    const requestsAtSigint = stub.stats.requests;
    run.child.kill('SIGINT');
    const result = await run.done;
    expect(result.code, result.stderr).toBe(130);
    expect(result.stderr).toContain('interrupted: finishing the items in flight');
    expect(result.stderr).toMatch(/batch interrupted after \d+ of 40 items/);
    const lines = readOut(out);
    expect(lines.every((l) => l.ok)).toBe(true);
    // Every request that had started got its line: nothing in flight was dropped.
    expect(lines.length).toBeLessThan(ITEMS);
    expect(lines.length).toBeGreaterThanOrEqual(3);
    expect(stub.stats.requests - requestsAtSigint).toBeLessThanOrEqual(3);
  }, 120_000);
});
