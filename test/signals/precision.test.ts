import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { normalizeText } from '../../src/grading/normalize.js';
import { expectExact, signals, wordCount } from './support.js';

/**
 * Precision on ordinary rambling speech (fixtures/precision): the detector must stay quiet.
 * Target: at most 0.5 span flags per 100 words (generic prose linters fire ~4.6 times per 100
 * words on such speech). filler-heavy is a whole-answer delivery metric and is left out.
 */
const DIR = join(import.meta.dirname, '..', '..', 'fixtures', 'precision');
const corpus = readdirSync(DIR)
  .filter((f) => f.endsWith('.txt'))
  .sort()
  .map((f) => ({ file: f, text: normalizeText(readFileSync(join(DIR, f), 'utf8')) }));

describe('precision on ordinary rambling answers', () => {
  it('the corpus is large enough to measure: at least 8 answers and 2,000 words', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(8);
    expect(corpus.reduce((n, c) => n + wordCount(c.text), 0)).toBeGreaterThanOrEqual(2000);
  });

  it('raises at most 0.5 span flags per 100 words, and no prompt-injection', () => {
    let words = 0;
    const found: string[] = [];
    for (const { file, text } of corpus) {
      words += wordCount(text);
      const flags = signals(text).flags.filter((f) => f.quote !== null && f.id !== 'filler-heavy');
      for (const f of flags) {
        expectExact(text, f);
        found.push(`${file}: ${f.id} "${f.quote}"`);
      }
      expect(flags.filter((f) => f.id === 'prompt-injection')).toEqual([]);
    }
    const rate = (found.length / words) * 100;
    console.log(`precision corpus: ${found.length} span flags in ${words} words = ${rate.toFixed(2)} per 100 words (target <= 0.5)`);
    if (found.length) console.log(found.join('\n'));
    expect(rate).toBeLessThanOrEqual(0.5);
  });
});
