import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Evaluation } from '../../src/grading/evaluation.js';

/** The CLI as a user runs it: a real process, real stdin, real exit codes. */
function cli(args: string[], input: string) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'bin/barometer.js', ...args], {
    input,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '' },
    timeout: 30_000,
  });
}

describe('the barometer process', () => {
  it('grades stdin and prints one JSON Evaluation', () => {
    const r = cli(['grade', '-', '--format', 'json'], 'I owned the rollout plan and the rollback design for the billing migration.');
    expect(r.status, r.stderr).toBe(0);
    expect(Evaluation.safeParse(JSON.parse(r.stdout)).success).toBe(true);
  });

  it('exits 2 with the error on stderr for a blank answer', () => {
    const r = cli(['grade'], '');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/answer is blank/);
    expect(r.stdout).toBe('');
  });

  it('exits 2 on a bad environment setting, naming it', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'bin/barometer.js', 'grade'], {
      input: 'An answer.',
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '', EVAL_FALLBACK: 'sometimes' },
    });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/EVAL_FALLBACK/);
  });

  it('reads .env from the working directory, with the environment taking precedence', () => {
    const dir = mkdtempSync(join(tmpdir(), 'barometer-env-'));
    writeFileSync(join(dir, '.env'), 'EVAL_FALLBACK=sometimes\n');
    const bin = resolve('bin/barometer.js');
    const fromFile = spawnSync(process.execPath, [bin, 'grade'], { cwd: dir, input: 'An answer.', encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } });
    expect(fromFile.status).toBe(2);
    expect(fromFile.stderr).toMatch(/EVAL_FALLBACK/);
    const overridden = spawnSync(process.execPath, [bin, 'grade', '--format', 'json'], {
      cwd: dir,
      input: 'An answer.',
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '', EVAL_FALLBACK: 'none' },
    });
    expect(overridden.status, overridden.stderr).toBe(0);
  });
});
