import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { classifySentence, isBreak } from '../../src/grading/signals/concreteness.js';
import { CueCatalogueFile, DEFAULT_CUES_FILE, defaultCueCatalogue, expandPattern, type ConcretenessRule } from '../../src/grading/signals/cue-catalogue.js';
import { triggersOf, type Trigger, type WordTest } from '../../src/grading/signals/cue-index.js';
import { laterParts, maxLength } from '../../src/grading/signals/later-parts.js';
import { WordTrie } from '../../src/grading/signals/word-trie.js';
import { expandMacros } from '../../src/grading/signals/patterns.js';

/**
 * The cue search (cue-search.ts) skips work: it asks the index once per pair of word classes,
 * skips patterns whose later words are too far away, and tests each sentence only on the rule
 * patterns that may start at its words. These tests hold it to plain definitions: every pattern
 * tried at every word its triggers apply to, every rule's full regex run on every sentence, on
 * all fixture files and on generated texts dense in catalogue words. (That a pattern anchored at
 * its triggers finds what a full scan of its cue finds is checked in cue-index.test.ts.)
 */

const catalogue = defaultCueCatalogue();
const data = CueCatalogueFile.parse(parse(readFileSync(DEFAULT_CUES_FILE, 'utf8')));
/** As cue-catalogue.ts compiles each pattern: at word boundaries, case-insensitive. */
const bounded = (part: string) => new RegExp(`(?<![\\w'\u2019])(?:${part})(?![\\w])`, 'iy');
const expand = (source: string) => expandPattern(expandMacros(source, data.macros));

const INDEXED = data.cues.flatMap((cue) =>
  cue.patterns.map(expand).flatMap((part) => {
    const triggers = triggersOf(part);
    return triggers ? [{ id: cue.id, re: bounded(part), triggers }] : [];
  }),
);

/** The plain reading of a word test (cue-index.ts); words are lowercase, '' past the last word. */
const passes = (t: WordTest, word: string) => word !== '' && (t.digit ? /^[0-9]/.test(word) : t.exact ? word === t.word : word.startsWith(t.word));
const applies = (t: Trigger, word: string, next: string) => passes(t, word) && (t.next === null || t.next.some((n) => passes(n, next)));

/**
 * Every (start, end, cue) where one of the cue's indexed patterns matches from a word (a run of
 * ASCII letters and digits) one of its triggers applies to: every pattern tried at every word.
 */
function referenceMatches(text: string): string[] {
  const words = [...text.matchAll(/[A-Za-z0-9]+/g)];
  const out: string[] = [];
  words.forEach((w, k) => {
    const word = w[0].toLowerCase();
    const next = words[k + 1]?.[0].toLowerCase() ?? '';
    const key = `${word} ${next}`;
    let tried = TRIED.get(key);
    if (!tried) TRIED.set(key, (tried = INDEXED.filter((p) => p.triggers.some((t) => applies(t, word, next)))));
    for (const { id, re } of tried) {
      re.lastIndex = w.index;
      if (re.test(text)) out.push(`${w.index}:${re.lastIndex}:${id}`);
    }
  });
  return out.sort();
}
/** The patterns tried at each word pair (a memo: the fixtures repeat pairs a lot). */
const TRIED = new Map<string, typeof INDEXED>();

/** The matches the first-word index gives when asked at every word with the word after it, in its order. */
function indexMatches(text: string): string[] {
  const words = [...text.matchAll(/[A-Za-z0-9]+/g)];
  const out: string[] = [];
  words.forEach((w, k) => {
    for (const p of catalogue.index.candidates(w[0].toLowerCase(), words[k + 1]?.[0].toLowerCase() ?? '')) {
      p.sticky.lastIndex = w.index;
      if (p.sticky.test(text)) out.push(`${w.index}:${p.sticky.lastIndex}:${p.payload.id}`);
    }
  });
  return out;
}

const searched = (text: string) => catalogue.index.search(text).matches.map((m) => `${m.start}:${m.end}:${m.payload.id}`);

/** Sentences, and pairs of neighbouring sentences, as the judge may classify them. */
function spans(text: string): [number, number][] {
  const ends: number[] = [];
  for (let i = 0; i < text.length; i++) if (isBreak(text, i)) ends.push(i + 1);
  const bounds = [0, ...ends, text.length];
  const out: [number, number][] = [];
  for (let i = 0; i + 1 < bounds.length; i++) {
    if (bounds[i + 1]! > bounds[i]!) out.push([bounds[i]!, bounds[i + 1]!]);
    if (i + 2 < bounds.length) out.push([bounds[i]!, bounds[i + 2]!]);
  }
  return out;
}

/** A deterministic pseudo-random generator, so a failure can be replayed. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function fixtureFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? fixtureFiles(path) : [path];
  });
}

const FIXTURES = fixtureFiles(join(import.meta.dirname, '..', '..', 'fixtures')).map((f) => readFileSync(f, 'utf8'));
const answers = FIXTURES.filter((t) => t.length < 20_000);

/** The same answers read differently: case, line breaks, blanked fillers, curly apostrophes. */
const VARIANTS: ((t: string) => string)[] = [
  (t) => t.toUpperCase(),
  (t) => t.toLowerCase().replace(/\. /g, '.\n').replace(/, /g, ',\n'),
  (t) => t.replace(/ (?=[a-z])/g, (s, i: number) => (i % 7 === 0 ? '      ' : s)),
  (t) => t.replace(/'/g, '\u2019').replace(/ a /g, ' a-'),
];

/** Texts dense in catalogue words and short words, with every kind of separator. */
function wordSoup(count: number): string[] {
  const next = rng(17);
  const vocabulary = [
    ...new Set(
      data.cues
        .flatMap((c) => c.examples.match)
        .join(' ')
        .split(/[^A-Za-z0-9']+/),
    ),
    ...['I', 'we', 'the', 'a', 'an', 'to', 'from', '12', '3.5', 'ms', '%', "I'm", "I'd", 'p99', 'x2'],
  ].filter(Boolean);
  const separators = [' ', ' ', ' ', ', ', '. ', '\n', '-', "'", '   ', '! ', '; ', ' (', ') '];
  return Array.from({ length: count }, () => {
    let text = '';
    for (let w = 0; w < 80; w++) text += vocabulary[Math.floor(next() * vocabulary.length)]! + separators[Math.floor(next() * separators.length)]!;
    return text;
  });
}

const TEXTS = [...FIXTURES, ...answers.flatMap((t) => VARIANTS.map((v) => v(t))), ...wordSoup(150)];

describe('the cue search', () => {
  it('finds what every indexed pattern tried at every word its triggers apply to finds', () => {
    for (const text of TEXTS) expect(searched(text).sort(), text.slice(0, 80)).toEqual(referenceMatches(text));
  }, 120_000);

  it('reports matches in the order the first-word index tries them: by word, then index order', () => {
    for (const text of TEXTS) expect(searched(text), text.slice(0, 80)).toEqual(indexMatches(text));
  });

  it('reads words as ASCII letter-or-digit runs, whatever else the text holds', () => {
    // U+212A (Kelvin sign) lowercases to "k" but never matches "k" in a pattern.
    for (const text of ['\u212Aafka was slow. We rolled it back.', 'İstanbul: the trade-off was cost.', 'naïve rollout, we rolled it back']) {
      expect(searched(text).sort()).toEqual(referenceMatches(text));
    }
  });

  it('tests each rule on a sentence as its full regex would', () => {
    const rules = catalogue.concreteness;
    const all: ConcretenessRule[] = [rules.meta, rules.claim, rules.notClaim, rules.narrative, rules.specific];
    for (const text of TEXTS) {
      const search = catalogue.index.search(text);
      for (const [from, to] of spans(text)) {
        const sentence = text.slice(from, to);
        for (const rule of all) {
          const indexed = search.ruleMatches(rule.bit, sentence, from) || (rule.residual?.test(sentence) ?? false);
          expect(indexed, `${rule.regex.source.slice(0, 40)} on ${sentence}`).toBe(rule.regex.test(sentence));
        }
        expect(classifySentence(sentence, rules, search, from)).toBe(classifySentence(sentence, rules));
      }
    }
  }, 60_000);
});

describe('laterParts', () => {
  it('gives the rest of a pattern after each top-level whitespace run, and how far from the start it begins', () => {
    expect(laterParts('we\\s{1,24}chose\\s{1,3}(?:a|b)')).toEqual([
      { source: 'chose\\s{1,3}(?:a|b)', within: 26 },
      { source: '(?:a|b)', within: 34 },
    ]);
    expect(laterParts('(?:we\\s{1,24}chose|they)\\s{1,2}x')).toEqual([{ source: 'x', within: 33 }]);
    expect(laterParts('we\\s{0,24}chose')).toEqual([]);
    // Skippable groups that end in whitespace ("(?:the )?", "~2") still leave a word start after them.
    const gap = '(?:[^\\s.!?;]{1,30}\\s{1,24}){0,2}';
    expect(laterParts(`kept\\s{1,24}(?:the\\s{1,24})?${gap}(?:updated|informed)\\s{1,24}(?:every|each)`)).toEqual([
      { source: `(?:updated|informed)\\s{1,24}(?:every|each)`, within: 4 + 24 + 27 + 2 * 54 },
      { source: '(?:every|each)', within: 4 + 24 + 27 + 2 * 54 + 8 + 24 },
    ]);
    expect(laterParts('a\\s{1,24}(?:(?:the\\s{1,24})?x|y)')).toEqual([]);
    expect(laterParts('we\\s{1,24}chose|they\\s{1,24}did')).toEqual([]);
  });

  it('measures the longest match of a pattern, or Infinity when it cannot', () => {
    expect(maxLength("don['\u2019]t\\s{1,24}(?:[^\\s.!?;]{1,30}\\s{1,24}){0,2}ship")).toBe(5 + 24 + 2 * 54 + 4);
    expect(maxLength('(?<![\\w])(?!no)a\\bb?')).toBe(2);
    expect(maxLength('(a)\\1')).toBe(Infinity);
    expect(maxLength('(?<name>a)')).toBe(Infinity);
  });
});

describe('WordTrie', () => {
  it('puts words in one class only when they equal, and start with, the same vocabulary words', () => {
    const trie = new WordTrie();
    for (const w of ['the', 'theory', 're']) trie.add(w);
    const { starts, classes } = trie.scan('The theme THEORY re-read the rex x');
    expect(starts).toEqual([0, 4, 10, 17, 20, 25, 29, 33]);
    const [the, theme, theory, re, read, the2, rex, x] = classes;
    expect(the2).toBe(the);
    // Neither "read" nor "rex" is a vocabulary word; both start with "re" alone.
    expect(rex).toBe(read);
    expect(new Set([the, theme, theory, re, read, x]).size).toBe(6);
  });

  it('marks words, or every word a prefix starts', () => {
    const trie = new WordTrie();
    trie.mark('on', false);
    trie.mark('reconcil', true);
    const { classes } = trie.scan('on one reconciliation reconcil recon');
    expect(classes.map((c) => trie.isMarked(c))).toEqual([true, false, true, true, false]);
  });
});
