import { describe, expect, it } from 'vitest';
import { adversarialInputs } from '../../src/grading/signals/adversarial.js';
import { expectExact, signals } from './support.js';

/**
 * Every pattern is bounded (unbounded quantifiers are rejected at load), so 100 KB of any shape
 * completes; how long it takes is measured by `npm run bench` (bench/signals.ts), not asserted here.
 */
describe('adversarial 100 KB inputs', () => {
  it.each(adversarialInputs().map((x) => [x.name, x.text] as const))('completes on %s', (_, text) => {
    const s = signals(text);
    for (const f of s.flags) expectExact(text, f);
    for (const x of s.strengths) expectExact(text, x);
    for (const x of s.excluded) expect(x.end).toBeLessThanOrEqual(text.length);
  });
});
