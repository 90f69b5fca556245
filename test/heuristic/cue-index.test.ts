import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { CueCatalogueFile, DEFAULT_CUES_FILE, defaultCueCatalogue, expandPattern } from '../../src/grading/signals/cue-catalogue.js';
import { FirstWordIndex, triggersOf } from '../../src/grading/signals/cue-index.js';
import { findCues } from '../../src/grading/signals/cues.js';
import { fixtureText, loadManifest } from './support.js';

const words = (source: string) => triggersOf(expandPattern(source))?.map((t) => `${t.digit ? '#' : t.word}${t.exact ? '' : '…'}`) ?? null;

describe('triggersOf', () => {
  it('finds the first words of a pattern, exact or as a prefix', () => {
    expect(words('we chose ~4 over')).toEqual(['we']);
    expect(words('(?:I|we) (?:first )?asked')).toEqual(['i', 'we']);
    expect(words('reconcil\\w{1,6} job')).toEqual(['reconcil…']);
    expect(words('checks? passed')).toEqual(['check…']);
    expect(words("couldn't ship")).toEqual(['couldn']);
    expect(words('\\d{1,3} ?% of')).toEqual(['#…']);
    expect(words('(?!need\\b)\\w{2,20}ed')).toBeNull();
  });

  it('anchors after a leading optional group, since the pattern matches from there too', () => {
    expect(words('(?:the |a )?(?:problem|issue) was')).toEqual(['problem', 'issue']);
    expect(words('(?:the )?~2 team owned')).toEqual(['team']);
  });

  it('knows which words may follow the first one', () => {
    const [t] = triggersOf(expandPattern('the (?:real |actual )?(?:problem|issue) was'))!;
    expect(t!.next!.map((n) => n.word).sort()).toEqual(['actual', 'issue', 'problem', 'real']);
    const [u] = triggersOf(expandPattern('the ~2 (?:problem|issue) was'))!;
    expect(u!.next).toBeNull();
  });
});

describe('FirstWordIndex', () => {
  it('returns each candidate once, honouring the next word', () => {
    const index = new FirstWordIndex<string>();
    const a = { payload: 'a', sticky: /x/y };
    const b = { payload: 'b', sticky: /y/y };
    index.add({ word: 'the', exact: true, digit: false, next: [{ word: 'problem', exact: true, digit: false }] }, a);
    index.add({ word: 'th', exact: false, digit: false, next: null }, b);
    index.add({ word: 'the', exact: true, digit: false, next: null }, b);
    const out: typeof a[] = [];
    expect(index.candidates('the', 'problem', out).map((p) => p.payload)).toEqual(['a', 'b']);
    expect(index.candidates('the', 'cat', out).map((p) => p.payload)).toEqual(['b']);
    expect(index.candidates('thanks', '', out).map((p) => p.payload)).toEqual(['b']);
    expect(index.candidates('cat', 'the', out)).toEqual([]);
  });
});

describe('indexed search finds what a full scan of every cue finds', () => {
  const catalogue = defaultCueCatalogue();
  const examples = CueCatalogueFile.parse(parse(readFileSync(DEFAULT_CUES_FILE, 'utf8'))).cues.flatMap((c) => [...c.examples.match, ...c.examples.noMatch]);
  const texts = [...loadManifest().answers.map((a) => fixtureText(a.file)), ...examples];

  it.each(texts.map((t, i) => [i, t] as const))('text %i', (_i, text) => {
    const fullScan = new Set(catalogue.cues.filter((c) => ((c.regex.lastIndex = 0), c.regex.test(text))).map((c) => c.id));
    const indexed = new Set(findCues(text, []).map((h) => h.cue));
    // Hits in sentences addressed to the grader are dropped by design; the fixtures have none.
    expect([...indexed].sort()).toEqual([...fullScan].sort());
  });
});
