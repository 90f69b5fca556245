import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run.js';
import { Evaluation } from '../../src/grading/evaluation.js';
import { captureIo } from '../support/cli-io.js';

const ANSWER =
  'I have been coding for nine years. I led the checkout migration: the key trade-off was dual writes versus a cut-over window, and we chose dual writes behind a feature flag so we could roll back. The result was zero downtime.';

describe('grade', () => {
  it('prints exactly one contract-valid Evaluation with --format json (stdin)', async () => {
    const io = captureIo({ stdin: ANSWER });
    const code = await runCli(['grade', '--format', 'json', '--question', 'Tell me about a hard project'], io);
    expect(code, io.err()).toBe(0);
    const parsed = Evaluation.parse(JSON.parse(io.out()));
    expect(parsed.text).toBe(ANSWER);
    expect(parsed.question).toBe('Tell me about a hard project');
    expect(parsed.engine.kind).toBe('heuristic');
    expect(parsed.dimensions.map((d) => d.id)).toEqual(['scope', 'autonomy', 'judgment', 'production-ownership', 'impact', 'influence', 'reflection']);
  });

  it('reads a file and renders the text report with bars, band and evidence stack', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'barometer-cli-'));
    writeFileSync(join(dir, 'answer.txt'), ANSWER);
    const io = captureIo({ cwd: dir });
    expect(await runCli(['grade', 'answer.txt'], io)).toBe(0);
    const out = io.out();
    expect(out).toMatch(/^\d+\/35 {2}(Under-level|Usable|Senior-ready)/);
    expect(out).toMatch(/Judgment\s+[█░]{5} \d/);
    expect(out).toContain('Evidence stack');
  });

  it('renders Markdown', async () => {
    const io = captureIo({ stdin: ANSWER });
    expect(await runCli(['grade', '-', '--format', 'markdown'], io)).toBe(0);
    expect(io.out()).toMatch(/^# \d+\/35: /);
    expect(io.out()).toContain('| Dimension | Score | Rationale |');
    expect(io.out()).toContain('## Evidence stack');
  });

  it('grades with another rubric without assuming seven dimensions', async () => {
    const io = captureIo({ stdin: ANSWER });
    const code = await runCli(['grade', '--rubric', 'hiring-scorecard', '--format', 'json'], io);
    expect(code, io.err()).toBe(0);
    const e = Evaluation.parse(JSON.parse(io.out()));
    expect(e.maxTotal).toBe(5 * e.dimensions.length);
    expect(e.dimensions.length).toBe(8);
  });

  it.each([
    [['grade', '--format', 'xml'], /--format must be one of/],
    [['grade', '--engine', 'gpt'], /--engine must be auto, llm or heuristic/],
    [['grade', 'a.txt', 'b.txt'], /at most one FILE/],
    [['grade', '--bogus'], /Unknown option/],
    [['grade', 'missing.txt'], /cannot read/],
    [['grade', 'answer.pdf'], /expected one of \.txt/],
    [['grade', '--rubric', 'nope'], /unknown rubric "nope"; available: .*senior-swe/],
  ])('exits 2 with a clear message for %j', async (argv, message) => {
    const io = captureIo({ stdin: ANSWER });
    expect(await runCli(argv, io)).toBe(2);
    expect(io.err()).toMatch(message);
    expect(io.out()).toBe('');
  });

  it('exits 2 on a blank answer', async () => {
    const io = captureIo({ stdin: '   \n  ' });
    expect(await runCli(['grade'], io)).toBe(2);
    expect(io.err()).toMatch(/answer is blank/);
  });

  it('exits 1 (evaluation failed) when the LLM engine is asked for but no model is configured', async () => {
    const io = captureIo({ stdin: ANSWER });
    const code = await runCli(['grade', '--engine', 'llm'], io);
    expect(code).toBe(1);
    expect(io.err()).toMatch(/no model is configured/);
    expect(io.out()).toBe('');
  });
});

describe('the runner', () => {
  it('lists commands and rejects unknown ones', async () => {
    const io = captureIo();
    expect(await runCli(['frobnicate'], io)).toBe(2);
    expect(io.err()).toMatch(/unknown command "frobnicate"/);
    const help = captureIo();
    expect(await runCli(['--help'], help)).toBe(0);
    expect(help.out()).toMatch(/grade/);
  });

  it('lists rubrics', async () => {
    const io = captureIo();
    expect(await runCli(['rubrics', '--format', 'json'], io)).toBe(0);
    const ids = (JSON.parse(io.out()) as { id: string }[]).map((r) => r.id);
    expect(ids).toContain('senior-swe');
  });
});
