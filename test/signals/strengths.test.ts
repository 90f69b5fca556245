import { describe, expect, it } from 'vitest';
import { findStrengths } from '../../src/grading/signals/strengths.js';
import { expectExact, signals } from './support.js';

const strengths = (text: string) => signals(text).strengths;

describe('strengths: credible phrases backed by specifics', () => {
  it.each([
    ['key-tradeoff', 'The key trade-off was keeping Postgres over DynamoDB because the payments team needed transactions.'],
    ['risk-accepted', 'The risk we chose to accept was a 10-minute window of stale balances during the cut-over.'],
    ['reversible-decision', 'I treated this as reversible until the backfill crossed 50% of the tenants.'],
    ['aligned-with', 'I aligned with the data team because their nightly freeze changed the migration order.'],
    ['personal-contribution', 'My personal contribution was the rollback plan and the canary stage for 3 regions.'],
    ['result-stated', 'The result was p99 falling from 900 ms to 250 ms.'],
    ['reusable-artifact', 'The reusable artifact was a migration checklist that four other teams now use.'],
  ])('%s', (id, text) => {
    const found = strengths(text);
    expect(found.map((s) => s.id)).toEqual([id]);
    // The quote runs from the phrase to the end of its sentence.
    expect(found[0]!.quote).toBe(text);
    expectExact(text, found[0]!);
  });

  it('precise attribution and saying no are specific by themselves', () => {
    const text =
      'I owned the migration plan; the storage team owned the index changes. That launch date is possible only if we defer the export feature.';
    expect(strengths(text).map((s) => s.id)).toEqual(['precise-attribution', 'says-no']);
  });

  it('an evidence cue in the same sentence counts as a specific', () => {
    // No number, name or team: the specific is the trade-off cue ("we accepted slower writes").
    const text = 'The key trade-off was that we accepted slower writes for a simpler failure model.';
    expect(strengths(text).map((s) => s.id)).toEqual(['key-tradeoff']);
    expect(findStrengths(text, [])).toEqual([]);
  });

  it.each([
    'The key trade-off was important.',
    'The result was really good and everyone was happy.',
    'My personal contribution was a lot.',
    'The key trade-off was...',
    'The risk we chose to accept was obvious to everyone at the time.',
    'I aligned with them because it made sense.',
  ])('a dangling phrase is not a strength: %s', (text) => {
    expect(strengths(text)).toEqual([]);
  });

  it('credits one phrase at most twice per answer', () => {
    const text = ['The result was 40% fewer tickets.', 'The result was 3 fewer pages a week.', 'The result was 2 hours saved daily.'].join(' ');
    expect(strengths(text).map((s) => s.id)).toEqual(['result-stated', 'result-stated']);
  });

  it('caps a run-on sentence quote at a word boundary', () => {
    const text = `The result was a drop from 900 ms to 250 ms ${'and then some more detail about the rollout '.repeat(10)}`;
    const [s] = strengths(text);
    expect(s!.quote.length).toBeLessThanOrEqual(240);
    expect(text.slice(s!.start, s!.end)).toBe(s!.quote);
    expect(s!.quote.endsWith(' ')).toBe(false);
  });
});
