import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { goldenCases, goldenOutputs, hashOf } from './golden-cases.js';

const snapshot = JSON.parse(readFileSync(new URL('./__snapshots__/golden.json', import.meta.url), 'utf8')) as Record<string, string>;

describe('heuristic pipeline golden outputs (determinism and regression guard for performance work)', () => {
  it('covers the same cases as the snapshot', () => {
    expect(goldenCases().map((c) => c.name).sort()).toEqual(Object.keys(snapshot).sort());
  });

  it('grades every fixture to byte-identical output under both rubrics', async () => {
    const outputs = await goldenOutputs();
    const changed = Object.entries(outputs)
      .filter(([name, json]) => hashOf(json) !== snapshot[name])
      .map(([name]) => name);
    expect(changed).toEqual([]);
  });

  it('gives the same output twice in one process (no state carried between calls)', async () => {
    const first = await goldenOutputs();
    const second = await goldenOutputs();
    expect(second).toEqual(first);
  });
});
