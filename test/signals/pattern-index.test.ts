import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { flagCatalogue, technologyLexicon } from '../../src/grading/signals/catalogue.js';
import { TextContext } from '../../src/grading/signals/context.js';
import { triggersOf } from '../../src/grading/signals/cue-index.js';
import { PatternIndex, type ScannedPattern } from '../../src/grading/signals/pattern-index.js';
import { linearSource } from '../../src/grading/signals/patterns.js';
import { spanRuleSet } from '../../src/grading/signals/span-rules.js';
import { asciiWords, foldedView, type Span } from '../../src/grading/signals/text-views.js';
import { filesUnder } from '../perf/golden-cases.js';

/**
 * The indexed matchers (one pass over the words) must find exactly what a plain global scan of
 * every pattern finds: same matches, same starts and ends, same order, on real text and on
 * variants built to hit the edges (case, `_` and digits glued to words, punctuation, spaced-out
 * letters and other folded-view tricks, curly apostrophes, odd whitespace).
 */

const ROOT = join(import.meta.dirname, '..', '..');

/** Every fixture text, and the phrases the signal tests are made of (most of them meant to fire a rule). */
function corpus(): string[] {
  const fixtures = filesUnder(join(ROOT, 'fixtures'), /\.(txt|md|vtt|srt)$/).map((f) => readFileSync(f, 'utf8'));
  const phrases = filesUnder(join(ROOT, 'test', 'signals'), /\.test\.ts$/).flatMap((f) =>
    [...readFileSync(f, 'utf8').matchAll(/'((?:[^'\\\n]|\\.){12,})'|"((?:[^"\\\n]|\\.){12,})"|`([^`$\\]{12,})`/g)].map((m) => m[1] ?? m[2] ?? m[3]!),
  );
  return [...fixtures, ...phrases];
}

/** A deterministic pseudo-random generator, so a failure can be replayed. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const spaced = (w: string, gap: string) => [...w].join(gap);

/** Rewrites of a text that keep most of its phrases but move them across the matchers' edges. */
function variants(text: string, next: () => number): string[] {
  const eachWord = (f: (w: string) => string) => text.replace(/[A-Za-z0-9]+/g, (w) => (next() < 0.3 ? f(w) : w));
  const eachSpace = (f: () => string) => text.replace(/ /g, () => (next() < 0.3 ? f() : ' '));
  const pick = <T,>(xs: T[]) => xs[Math.floor(next() * xs.length)]!;
  return [
    text.toUpperCase(),
    eachWord((w) => [...w].map((c) => (next() < 0.5 ? c.toUpperCase() : c.toLowerCase())).join('')),
    eachWord((w) => pick(['_', '9', 'x', 'é', '\u212A', 'İ']) + w),
    eachWord((w) => w + pick(['_', '7', 's', "'s", '\u2019s', '-', '.', ','])),
    eachSpace(() => pick(['  ', '   ', '    ', '\t', '\n', ', ', '. ', '! ', '\u00A0', '_', '-', ''])),
    eachWord((w) => (w.length >= 3 && next() < 0.5 ? spaced(w, pick([' ', '.', '-', '  ', '*'])) : w)),
    eachWord((w) => (w.length >= 3 ? w.slice(0, 1) + pick(['\u200B', '\u00AD', '\uFEFF']) + w.slice(1) : w)),
    eachWord((w) => [...w].map((c) => (next() < 0.3 ? String.fromCharCode(c.charCodeAt(0) + 0xfee0) : c)).join('')),
    text.replace(/'/g, '\u2019'),
    text.replace(/\u2019/g, "'"),
    text.replace(/([.!?]) /g, '$1\n'),
    text.replace(/\n/g, ' '),
  ];
}

/** A plain global scan: the reference every indexed matcher must agree with. */
function fullScan(re: RegExp, text: string): Span[] {
  const out: Span[] = [];
  const g = new RegExp(re.source, re.flags.includes('g') ? re.flags : `${re.flags}g`);
  for (let m = g.exec(text); m !== null; m = g.exec(text)) {
    if (m[0].length === 0) g.lastIndex++;
    else out.push({ start: m.index, end: m.index + m[0].length });
  }
  return out;
}

function expectSameAsFullScans(index: PatternIndex, groups: ScannedPattern[][], text: string): number {
  const ctx = new TextContext(text);
  const folded = foldedView(text).text;
  const found = index.matches(ctx);
  const expected = groups.map((patterns) => patterns.map((p) => fullScan(p.re, p.view === 'folded' ? folded : text)));
  expect(found, JSON.stringify(text.slice(0, 200))).toEqual(expected);
  return expected.flat(2).length;
}

const texts = corpus();
const next = rng(42);
const everyText = [...texts, ...texts.flatMap((t) => variants(t, next))];

describe('indexed pattern search finds what a full scan finds', () => {
  it('has a corpus with matches to compare', () => {
    expect(texts.length).toBeGreaterThan(200);
  });

  it('span rules, on every fixture and test phrase and their variants', () => {
    const { rules, index } = spanRuleSet(flagCatalogue());
    const groups = rules.map((r) => r.patterns);
    let hits = 0;
    for (const text of everyText) hits += expectSameAsFullScans(index, groups, text);
    expect(hits).toBeGreaterThan(500);
  });

  it('technology names, on the same texts and on lists of every name in every case', () => {
    const { anyCase, exactCase } = technologyLexicon();
    const names = readFileSync(join(ROOT, 'rubrics', 'signals', 'technologies.yaml'), 'utf8')
      .split('\n')
      .filter((l) => /^\s+- /.test(l))
      .map((l) => l.replace(/^\s+- /, ''));
    const lists = [names.join(', '), names.join(' '), names.join('/'), names.map((n) => n.toLowerCase()).join(' and '), names.map((n) => n.toUpperCase()).join(''), names.map((n) => `.${n}`).join(' ')];
    let hits = 0;
    for (const text of [...everyText, ...lists, ...lists.flatMap((t) => variants(t, next))]) {
      const words = asciiWords(text);
      for (const lexicon of [anyCase, exactCase!]) {
        const expected = fullScan(lexicon.all, text);
        hits += expected.length;
        expect(lexicon.find(text, words), text.slice(0, 80)).toEqual(expected);
      }
    }
    expect(hits).toBeGreaterThan(1000);
  });

  it('patterns anchored at a line start, and ones with no indexable first word, are still found', () => {
    const groups: ScannedPattern[][] = [
      [
        { re: new RegExp(linearSource('(?:^|(?<=[\\n.!?])) ?system ?:', 'folded'), 'gi'), view: 'folded' },
        { re: new RegExp(linearSource("(?:\\bnot|n't) my job", 'text'), 'gi'), view: 'text' },
      ],
    ];
    const index = new PatternIndex(groups);
    const text = "System: go. It isn't my job.\nsystem : x. s y s t e m: y. Not my job";
    expect(expectSameAsFullScans(index, groups, text)).toBe(5);
  });
});

describe('first words of a pattern for a full scan (triggersOf, follow mode)', () => {
  const words = (source: string) => triggersOf(linearSource(source, 'text'), 'follow')?.map((t) => `${t.digit ? '#' : t.word}${t.exact ? '' : '…'}`) ?? null;
  const folded = (source: string) => triggersOf(linearSource(source, 'folded'), 'follow')?.map((t) => `${t.word}${t.exact ? '' : '…'}`) ?? null;

  it('needs a word boundary before the first word: a full scan may start a match inside a word', () => {
    expect(words('\\bwe chose')).toEqual(['we']);
    expect(words('we chose')).toBeNull();
    expect(words("(?:\\bnot|n't) my job")).toBeNull();
  });

  it('keeps the words of a leading optional group, since a full scan starts the match there', () => {
    expect(words('\\b(?:the )?problem')).toEqual(['the', 'problem']);
  });

  it('knows when a word ends: a space, a boundary, an apostrophe, a hyphen, or an optional group of those', () => {
    expect(words('\\bit was')).toEqual(['it']);
    expect(words('\\bscalable\\b')).toEqual(['scalable']);
    expect(words("\\bi(?:'ve| have)? been")).toEqual(['i']);
    expect(words('\\bbest[- ]practices')).toEqual(['best']);
    expect(words('\\bchecks? passed')).toEqual(['check…']);
    expect(words('\\b(?:one|two) ?years')).toEqual(['one…', 'two…']);
  });

  it('in the folded view, words may touch, so a first word is only a prefix', () => {
    expect(folded('\\bignore previous')).toEqual(['ignore…']);
  });
});
