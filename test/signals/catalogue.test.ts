import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RubricFileError } from '../../src/grading/errors.js';
import { loadRubrics } from '../../src/grading/rubric-registry.js';
import {
  FLAGS_FILE,
  flagCatalogue,
  loadFlagCatalogue,
  loadStrengthCatalogue,
  loadTechnologyLexicon,
  strengthCatalogue,
} from '../../src/grading/signals/catalogue.js';
import { defaultCueCatalogue } from '../../src/grading/signals/cue-catalogue.js';
import { linearSource } from '../../src/grading/signals/patterns.js';

const CONTRACT_FLAGS = [
  'tenure-claim', 'tool-list', 'vague-scalability', 'best-practices', 'over-claiming', 'go-to-person',
  'business-wanted-it', 'blame-shifting', 'no-personal-attribution', 'no-outcome', 'no-tradeoff',
  'no-reflection', 'management-only', 'big-rewrite', 'security-not-mine', 'prompt-injection', 'filler-heavy',
];

describe('the shipped flag catalogue', () => {
  const ids = flagCatalogue().map((r) => r.rule.id);

  it('has every flag id the contract names', () => {
    expect(ids).toEqual(expect.arrayContaining(CONTRACT_FLAGS));
  });

  it('defines every flag a rubric says drags one of its dimensions', () => {
    for (const rubric of loadRubrics().list()) {
      for (const d of rubric.dimensions) {
        for (const id of d.heuristic.flags) expect(ids, `${rubric.id}/${d.id} lists ${id}`).toContain(id);
      }
    }
  });

  it('silences absences only with cue ids the cue catalogue defines', () => {
    const known = defaultCueCatalogue().byId;
    for (const r of flagCatalogue()) {
      if (r.kind !== 'absence') continue;
      for (const cue of r.cues) expect(known.has(cue), `${r.rule.id}: ${cue}`).toBe(true);
    }
  });

  it('is compiled once per process', () => {
    expect(flagCatalogue()).toBe(flagCatalogue());
    expect(strengthCatalogue()).toBe(strengthCatalogue());
  });
});

describe('patterns stay linear', () => {
  it.each([['\\w+ years'], ['a.*b'], ['(?:we ){2,}']])('rejects the unbounded quantifier in %s', (src) => {
    expect(() => linearSource(src, 'text')).toThrow(/unbounded quantifier/);
  });

  it('accepts bounded repetition and quantifier characters inside classes or escaped', () => {
    expect(() => linearSource('[+*]{1,3}\\+ ?x{0,4}', 'text')).not.toThrow();
  });

  it('turns a space into a bounded whitespace run, and an apostrophe into either apostrophe', () => {
    const re = new RegExp(linearSource("i've been", 'text'), 'i');
    expect(re.test('I’ve   been')).toBe(true);
    expect(re.test('Ive been')).toBe(false);
  });
});

describe('broken catalogue files fail at load, naming the file and the field', () => {
  const dir = mkdtempSync(join(tmpdir(), 'barometer-flags-'));
  const write = (name: string, body: string) => {
    const file = join(dir, name);
    writeFileSync(file, body);
    return file;
  };
  const rule = (extra: string) => `
defaults: { maxHits: 3 }
flags:
  - id: demo
    label: Demo
    severity: warning
    kind: span
    advice: Do better.
${extra}`;

  const cases: [string, string, RegExp][] = [
    ['an unknown macro', rule("    patterns: ['\\b{{nope}}\\b']"), /flags\.0\.patterns\.0: unknown macro \{\{nope\}\}/],
    ['an unbounded quantifier', rule("    patterns: ['\\bwe+ did']"), /flags\.0\.patterns\.0: unbounded quantifier/],
    ['an invalid regex', rule("    patterns: ['(?:open']"), /flags\.0\.patterns\.0: not a valid regular expression/],
    ['a broken guard', rule("    patterns: ['x']\n    unless: [{ scope: before, re: 'a{2,}' }]"), /flags\.0\.unless\.0\.re: unbounded/],
    ['a wrong severity', rule("    patterns: ['x']").replace('severity: warning', 'severity: fatal'), /flags\.0\.severity/],
    ['an unknown guard scope', rule("    patterns: ['x']\n    unless: [{ scope: paragraph, re: 'x' }]"), /flags\.0\.unless\.0\.scope/],
    ['a span rule with nothing to match', rule(''), /flags\.0\.patterns: a span rule needs patterns or a detector/],
    ['a duplicate id', `${rule("    patterns: ['x']")}\n${rule("    patterns: ['y']").split('flags:\n')[1]}`, /flags\.1\.id: duplicate flag id "demo"/],
    ['not YAML', 'flags: [unclosed', /not valid YAML/],
  ];

  it.each(cases)('%s', (_, body, message) => {
    const file = write('flags.yaml', body);
    let err: unknown;
    try {
      loadFlagCatalogue(file);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(RubricFileError);
    expect((err as Error).message).toContain(file);
    expect((err as Error).message).toMatch(message);
  });

  it('an absence rule must name what silences it', () => {
    const file = write(
      'absence.yaml',
      'defaults: { maxHits: 1 }\nflags:\n  - { id: no-x, label: X, severity: info, kind: absence, advice: A, absentUnless: {} }\n',
    );
    expect(() => loadFlagCatalogue(file)).toThrow(/flags\.0\.absentUnless: list at least one cue or pattern/);
  });

  it('the strengths and technology files are checked the same way', () => {
    const strengths = write(
      'strengths.yaml',
      "maxPerStrength: 2\nmaxQuoteChars: 200\nspecifics: { minContentWords: 3, stopwords: [the], markers: ['\\d'] }\nstrengths:\n  - { id: s, label: S, patterns: ['the result.*was'] }\n",
    );
    expect(() => loadStrengthCatalogue(strengths)).toThrow(/strengths\.0\.patterns\.0: unbounded quantifier/);
    const tech = write('technologies.yaml', 'terms: []\n');
    expect(() => loadTechnologyLexicon(tech)).toThrow(RubricFileError);
    expect(() => loadTechnologyLexicon(tech)).toThrow(/terms/);
  });

  it('the shipped files load from their documented place', () => {
    expect(readFileSync(FLAGS_FILE, 'utf8')).toMatch(/^# Weak-signal flags/);
    expect(loadFlagCatalogue().length).toBe(flagCatalogue().length);
  });
});
