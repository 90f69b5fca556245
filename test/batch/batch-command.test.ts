import { existsSync, readFileSync, writeFileSync, appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run.js';
import { captureIo } from '../support/cli-io.js';
import { FIXTURES, heuristicGrader, readOut, slowGrader, tmp, writeJsonl } from './support/helpers.js';

const ANSWERS_JSONL = join(FIXTURES, 'batch', 'answers.jsonl');
const FIXTURE_IDS = ['hp-senior-1', 'hp-mid-1', 'hp-weak-1', 'prod-senior-1', 'prod-weak-1', 'why-mid-1'];
const sorted = (xs: (string | null)[]) => [...xs].sort();

describe('batch: inputs', () => {
  it('grades a JSONL file into exactly one ok line per item, and exits 0', async () => {
    const dir = tmp();
    const io = captureIo({ cwd: dir, grader: heuristicGrader() });
    const code = await runCli(['batch', ANSWERS_JSONL, '--out', 'out.jsonl', '--engine', 'heuristic'], io);
    expect(code, io.err()).toBe(0);
    const lines = readOut(join(dir, 'out.jsonl'));
    expect(sorted(lines.map((l) => l.id))).toEqual(sorted(FIXTURE_IDS));
    expect(lines.every((l) => l.ok && l.evaluation.engine.kind === 'heuristic')).toBe(true);
    expect(io.err()).toMatch(/batch done: 6 items in [\d.]+s → .*out\.jsonl: 6 ok, 0 failed/);
  });

  it('grades a CSV file (quoted multi-line answers) and a directory of transcripts', async () => {
    const dir = tmp();
    const io = captureIo({ cwd: dir, grader: heuristicGrader() });
    expect(await runCli(['batch', join(FIXTURES, 'batch', 'answers.csv'), '--out', 'csv.jsonl'], io), io.err()).toBe(0);
    const csv = readOut(join(dir, 'csv.jsonl'));
    expect(sorted(csv.map((l) => l.id))).toEqual(sorted([...FIXTURE_IDS, 'quoted']));
    const senior = csv.find((l) => l.id === 'hp-senior-1');
    expect(senior?.ok && senior.evaluation.text).toBe(readFileSync(join(FIXTURES, 'answers', 'hard-project', 'senior-1.txt'), 'utf8'));

    expect(await runCli(['batch', join(FIXTURES, 'batch', 'transcripts'), '--out', 'dir.jsonl'], io), io.err()).toBe(0);
    const files = readOut(join(dir, 'dir.jsonl'));
    expect(sorted(files.map((l) => l.id))).toEqual(['alice.srt', 'bob.vtt', 'carol.txt', 'dan.md']);
    const alice = files.find((l) => l.id === 'alice.srt');
    expect(alice?.ok && alice.evaluation.speech).not.toBeNull();
    expect(io.err()).toContain('(1 other entries ignored)');
  });
});

describe('batch: bad items', () => {
  it('writes one ok:false line per bad item with a clear code, grades the rest, reports ids up front, and exits 1', async () => {
    const dir = tmp();
    const input = writeJsonl(dir, 'in.jsonl', [
      { id: 'a', answer: 'I owned the rollout and chose a feature flag so we could roll back in minutes.' },
      { id: 'dup', answer: 'first' },
      'not json',
      { answer: 'no id' },
      { id: 'dup', answer: 'second' },
      { id: 'blank', answer: '   ' },
      { id: 'rubric', answer: 'fine', rubric: 'no-such-rubric' },
      { id: 'b', answer: 'We used best practices and it was scalable.' },
    ]);
    const io = captureIo({ cwd: dir, grader: heuristicGrader() });
    const code = await runCli(['batch', input, '--out', 'out.jsonl'], io);
    expect(code).toBe(1);
    const lines = readOut(join(dir, 'out.jsonl'));
    expect(lines).toHaveLength(8);
    const codeOf = (id: string | null, line?: number) => {
      const l = lines.filter((x) => x.id === id && (line === undefined || x.line === line));
      return l.map((x) => (x.ok ? 'ok' : x.error.code));
    };
    expect(codeOf('a')).toEqual(['ok']);
    expect(codeOf('b')).toEqual(['ok']);
    expect(codeOf('dup')).toEqual(['duplicate_id', 'duplicate_id']);
    expect(codeOf(null, 3)).toEqual(['invalid_line']);
    expect(codeOf(null, 4)).toEqual(['missing_id']);
    expect(codeOf('blank')).toEqual(['invalid_input']);
    expect(codeOf('rubric')).toEqual(['unknown_rubric']);

    const err = io.err();
    const upFront = err.indexOf('1 duplicate id(s)');
    expect(upFront).toBeGreaterThan(-1);
    expect(err).toContain('"dup" (line 2, line 5)');
    expect(err).toMatch(/2 item\(s\) cannot be read[\s\S]*invalid_line: line 3 is not valid JSON[\s\S]*missing_id: line 4 has no id/);
    expect(upFront).toBeLessThan(err.indexOf('batch done'));
    expect(err).toMatch(/2 ok, 6 failed \(duplicate_id 2, /);
  });

  it('keeps going when every item fails (engine llm without a model) and says why on each line', async () => {
    const dir = tmp();
    const io = captureIo({ cwd: dir, grader: heuristicGrader() });
    expect(await runCli(['batch', ANSWERS_JSONL, '--out', 'out.jsonl', '--engine', 'llm'], io)).toBe(1);
    const lines = readOut(join(dir, 'out.jsonl'));
    expect(lines).toHaveLength(6);
    expect(lines.every((l) => !l.ok && l.error.code === 'engine_unavailable')).toBe(true);
  });

  it('exits 2 on usage errors without writing anything', async () => {
    const dir = tmp();
    const io = captureIo({ cwd: dir, grader: heuristicGrader() });
    expect(await runCli(['batch', ANSWERS_JSONL], io)).toBe(2);
    expect(io.err()).toMatch(/--out OUT\.jsonl is required/);
    expect(await runCli(['batch', ANSWERS_JSONL, '--out', 'o.jsonl', '--concurrency', '0'], io)).toBe(2);
    expect(await runCli(['batch', ANSWERS_JSONL, '--out', 'o.jsonl', '--engine', 'gpt'], io)).toBe(2);
    expect(await runCli(['batch', ANSWERS_JSONL, '--out', 'o.jsonl', '--rubric', 'nope'], io)).toBe(2);
    expect(existsSync(join(dir, 'o.jsonl'))).toBe(false);
  });
});

describe('batch: resume', () => {
  it('refuses to append to an existing OUT without --resume', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'out.jsonl'), '{"id":"x","ok":false,"error":{"code":"c","message":"m"}}\n');
    const io = captureIo({ cwd: dir, grader: heuristicGrader() });
    expect(await runCli(['batch', ANSWERS_JSONL, '--out', 'out.jsonl'], io)).toBe(2);
    expect(io.err()).toMatch(/already exists: pass --resume/);
    expect(readFileSync(join(dir, 'out.jsonl'), 'utf8').split('\n')).toHaveLength(2);
  });

  it('skips ids already in OUT, cuts a partial last line left by a crash, and ends with one line per id', async () => {
    const dir = tmp();
    const io = captureIo({ cwd: dir, grader: heuristicGrader() });
    expect(await runCli(['batch', ANSWERS_JSONL, '--out', 'first.jsonl'], io)).toBe(0);
    const firstLines = readFileSync(join(dir, 'first.jsonl'), 'utf8').split('\n').filter(Boolean);
    // A crashed run: two complete lines, then half of a third.
    const kept = firstLines.slice(0, 2);
    writeFileSync(join(dir, 'out.jsonl'), `${kept.join('\n')}\n${firstLines[2]!.slice(0, 100)}`);

    const resumed = captureIo({ cwd: dir, grader: heuristicGrader() });
    expect(await runCli(['batch', ANSWERS_JSONL, '--out', 'out.jsonl', '--resume'], resumed), resumed.err()).toBe(0);
    const lines = readOut(join(dir, 'out.jsonl'));
    expect(sorted(lines.map((l) => l.id))).toEqual(sorted(FIXTURE_IDS));
    // The lines from before the crash are kept byte for byte, first.
    expect(readFileSync(join(dir, 'out.jsonl'), 'utf8').startsWith(`${kept.join('\n')}\n`)).toBe(true);
    expect(resumed.err()).toContain('resuming: 2 line(s) already in the output');
    expect(resumed.err()).toMatch(/removed a partial last line \(100 bytes\)/);
    expect(resumed.err()).toMatch(/4 ok, 0 failed, 2 already done/);

    // Resuming a finished run grades nothing and writes nothing.
    const again = captureIo({ cwd: dir, grader: heuristicGrader() });
    expect(await runCli(['batch', ANSWERS_JSONL, '--out', 'out.jsonl', '--resume'], again)).toBe(0);
    expect(readOut(join(dir, 'out.jsonl'))).toHaveLength(6);
    expect(again.err()).toMatch(/0 ok, 0 failed, 6 already done/);
  });

  it('counts failures already in OUT towards the exit code', async () => {
    const dir = tmp();
    const input = writeJsonl(dir, 'in.jsonl', [{ id: 'a', answer: 'I owned the rollback plan.' }, { id: 'b', answer: ' ' }]);
    const io = captureIo({ cwd: dir, grader: heuristicGrader() });
    expect(await runCli(['batch', input, '--out', 'out.jsonl'], io)).toBe(1);
    const again = captureIo({ cwd: dir, grader: heuristicGrader() });
    expect(await runCli(['batch', input, '--out', 'out.jsonl', '--resume'], again)).toBe(1);
    expect(again.err()).toMatch(/2 already done \(1 of them failed\)/);
  });

  it('matches duplicates by count: a crash between two duplicate lines resumes with the missing one', async () => {
    const dir = tmp();
    const input = writeJsonl(dir, 'in.jsonl', [{ id: 'd', answer: 'x' }, { id: 'd', answer: 'y' }, { id: 'e', answer: 'I chose the rollback.' }]);
    appendFileSync(join(dir, 'out.jsonl'), '{"id":"d","ok":false,"error":{"code":"duplicate_id","message":"m"}}\n');
    const io = captureIo({ cwd: dir, grader: heuristicGrader() });
    await runCli(['batch', input, '--out', 'out.jsonl', '--resume'], io);
    const lines = readOut(join(dir, 'out.jsonl'));
    expect(lines.map((l) => l.id)).toEqual(['d', 'd', 'e']);
  });
});

describe('batch: concurrency and SIGINT', () => {
  it('grades at most --concurrency items at once', async () => {
    const dir = tmp();
    const input = writeJsonl(dir, 'in.jsonl', Array.from({ length: 12 }, (_, i) => ({ id: `i${i}`, answer: `I owned rollout number ${i}.` })));
    const { grader, stats } = slowGrader(30);
    const io = captureIo({ cwd: dir, grader });
    expect(await runCli(['batch', input, '--out', 'out.jsonl', '--concurrency', '3'], io)).toBe(0);
    expect(stats.maxInFlight).toBe(3);
    expect(readOut(join(dir, 'out.jsonl'))).toHaveLength(12);
  });

  it('on SIGINT takes no new items, finishes the ones in flight, prints a summary and exits 130; --resume completes', async () => {
    const dir = tmp();
    const input = writeJsonl(dir, 'in.jsonl', Array.from({ length: 20 }, (_, i) => ({ id: `i${i}`, answer: `I owned rollout number ${i}.` })));
    const controller = new AbortController();
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    // Items block until released; once 3 are in flight, "press Ctrl-C", then let them finish.
    const { grader, stats } = slowGrader(0, async () => {
      if (stats.started === 3) {
        controller.abort();
        release();
      }
      await released;
    });
    const io = { ...captureIo({ cwd: dir, grader }), signal: controller.signal };
    const code = await runCli(['batch', input, '--out', 'out.jsonl', '--concurrency', '3'], io);
    expect(code).toBe(130);
    expect(stats.started).toBe(3);
    const lines = readOut(join(dir, 'out.jsonl'));
    expect(lines).toHaveLength(3);
    expect(lines.every((l) => l.ok)).toBe(true);
    expect(io.err()).toContain('interrupted: finishing the items in flight');
    expect(io.err()).toMatch(/batch interrupted after 3 of 20 items .*: 3 ok, 0 failed/);
    expect(io.err()).toContain('--resume to grade the remaining 17 items');

    const again = captureIo({ cwd: dir, grader: heuristicGrader() });
    expect(await runCli(['batch', input, '--out', 'out.jsonl', '--resume'], again)).toBe(0);
    const all = readOut(join(dir, 'out.jsonl'));
    expect(sorted(all.map((l) => l.id))).toEqual(sorted(Array.from({ length: 20 }, (_, i) => `i${i}`)));
  });
});
