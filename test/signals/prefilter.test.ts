import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { strengthCatalogue } from '../../src/grading/signals/catalogue.js';
import { linearSource } from '../../src/grading/signals/patterns.js';
import { literalSet, requiredLiterals, TrigramIndex } from '../../src/grading/signals/prefilter.js';

describe('required literals of a pattern (spaces are whitespace classes, so literals are words)', () => {
  it.each([
    ['\\bit was (?:highly )?scalable\\b', ['scalable']],
    ['\\b(?:ignore|disregard) (?:all )?previous', ['previous']],
    ['\\bbest[- ]practices?\\b', ['best-practice', 'best practice']],
    ['(?:we|i) (?:chose|picked)', ['chose', 'picked']],
    ['\\b(?:foo|\\w{2,9}) bar', ['bar']],
    ['\\b(?:\\w{2,9}|[a-z]{3})\\b', null],
    ['(?:security){1,3} team', ['security']],
    ['(?:security)? team', ['team']],
    ["\\bi['’]ve been", ['been']],
  ])('%s', (source, expected) => {
    const got = requiredLiterals(linearSource(source, 'text'));
    expect(got === null ? null : [...got].sort()).toEqual(expected === null ? null : [...expected].sort());
  });

  it('a trigram index never rules out a literal that occurs', () => {
    const text = 'we made the system highly scalable, following best practices';
    const index = new TrigramIndex(text);
    expect(index.mayContain(literalSet(['scalable'])!)).toBe(true);
    expect(index.mayContain(literalSet(['best practice', 'nowhere'])!)).toBe(true);
    expect(index.mayContain(literalSet(['kubernetes'])!)).toBe(false);
  });
});

/** Every fixture text in the repository: answers, transcripts, the precision corpus. */
function fixtureTexts(dir = join(import.meta.dirname, '..', '..', 'fixtures')): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...fixtureTexts(path));
    else if (/\.(txt|md|vtt|srt)$/.test(name)) out.push(readFileSync(path, 'utf8'));
  }
  return out;
}

describe('the prefilter is exact on real text', () => {
  it('skips a pattern only when the pattern cannot match', () => {
    const texts = fixtureTexts();
    expect(texts.length).toBeGreaterThan(20);
    const patterns = strengthCatalogue().strengths.flatMap((s) => s.patterns);
    let skipped = 0;
    for (const text of texts) {
      const index = new TrigramIndex(text.toLowerCase());
      for (const p of patterns) {
        if (!p.literals || index.mayContain(p.literals)) continue;
        skipped++;
        p.re.lastIndex = 0;
        expect(p.re.test(text), p.re.source).toBe(false);
      }
    }
    expect(skipped).toBeGreaterThan(0);
  });
});
