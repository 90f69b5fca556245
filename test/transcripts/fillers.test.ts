import { describe, expect, it } from 'vitest';
import { RubricFileError } from '../../src/grading/errors.js';
import { loadYamlFile } from '../../src/grading/rubric-registry.js';
import { findFalseStarts, findFillers } from '../../src/transcripts/fillers.js';
import { FILLERS_FILE, FillerLexicon, fillerLexicon } from '../../src/transcripts/lexicon.js';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const fillersIn = (text: string) => findFillers(text).map((f) => `${f.kind}:${text.slice(f.start, f.end)}`);
const falseStartsIn = (text: string) => findFalseStarts(text).map((s) => text.slice(s.start, s.end));

describe('hard fillers', () => {
  it('are um, uh, uhm, er, erm, ah, hmm, as whole words, drawn out or not', () => {
    expect(fillersIn('Um, uh, Uhm er... erm ah hmm ummm uhhh hmmmm Errr')).toEqual(
      ['Um', 'uh', 'Uhm', 'er', 'erm', 'ah', 'hmm', 'ummm', 'uhhh', 'hmmmm', 'Errr'].map((w) => `hard:${w}`),
    );
  });

  it('are not parts of words, nor acronyms', () => {
    expect(fillersIn('The umbrella, the hummus, the ER team, AH-64, shah and hmmm')).toEqual(['hard:hmmm']);
  });
});

describe('soft fillers count only in filler positions', () => {
  it.each([
    ['It was, like, a mess.', ['soft:like']],
    ['Like, we had twenty services.', ['soft:Like']],
    ["It's like, whatever works.", ['soft:like']],
    ['It was like a nightmare.', []],
    ['we had like twenty services', ['soft:like']],
    ["I'd like to add a cache.", []],
    ['It looks like a queue problem.', []],
    ['We built something like a queue.', []],
    ['tools like Kafka and Redis', []],
    ['I like Go.', []],
    ['like I said, we rolled back', []],
    ['The fix was, you know, a flag.', ['soft:you know']],
    ['Do you know Kafka?', []],
    ['I will let you know.', []],
    ['you know how it is', []],
    ['I mean, it was slow.', ['soft:I mean']],
    ['That is what I mean.', []],
    ['I mean the payments service.', []],
    ['It was sort of slow.', ['soft:sort of']],
    ['What sort of queue?', []],
    ['It was kind of risky.', ['soft:kind of']],
    ['What kind of database did you pick?', []],
    ['the same kind of problem', []],
    ['that kind of thing', []],
    ['it was kinda slow and sorta fine', ['soft:kinda', 'soft:sorta']],
  ])('%j → %j', (text, expected) => {
    expect(fillersIn(text)).toEqual(expected);
  });

  it('never counts one word twice', () => {
    expect(fillersIn('it was like, kind of, you know, um, fine')).toEqual(['soft:like', 'soft:kind of', 'soft:you know', 'hard:um']);
  });
});

describe('false starts', () => {
  it.each([
    ['I- I think we should.', ['I- ']],
    ['We, we decided to shard.', ['We, ']],
    ['the the cache', ['the ']],
    ['I think I think it worked', ['I think ']],
    ['we d- we decided', ['we d- ']],
    ['th- the index', ['th- ']],
    ['We moved it... moved it fast', ['moved it... ']],
    ['It ended. Ended well.', []],
    ['pre- and post-processing', []],
    ['the end.\n\nThe end.', []],
    ['We had 20 20 nodes', []],
  ])('%j → %j', (text, expected) => {
    expect(falseStartsIn(text)).toEqual(expected);
  });
});

describe('the lexicon file', () => {
  it('is the one in rubrics/signals/fillers.yaml, with thresholds derived from the published norms', () => {
    const lexicon = fillerLexicon();
    expect(FILLERS_FILE).toMatch(/rubrics\/signals\/fillers\.yaml$/);
    expect(lexicon.hard).toEqual(expect.arrayContaining(['um', 'uh', 'uhm', 'er', 'ah', 'hmm']));
    expect(lexicon.soft.map((s) => s.phrase)).toEqual(expect.arrayContaining(['like', 'you know', 'i mean', 'sort of', 'kind of']));
    const { fillerHeavy, pace } = lexicon.thresholds;
    expect([fillerHeavy.perMinute, fillerHeavy.perMinuteSevere]).toEqual([5, 12]);
    expect([pace.minWordsPerMinute, pace.maxWordsPerMinute]).toEqual([120, 165]);
    // Per 100 words = per minute / (words per minute) × 100, at the middle of 120-165 wpm.
    const midPace = (pace.minWordsPerMinute + pace.maxWordsPerMinute) / 2;
    expect(fillerHeavy.per100Words).toBe(Math.round((fillerHeavy.perMinute / midPace) * 1000) / 10);
    expect(fillerHeavy.per100WordsSevere).toBe(Math.round((fillerHeavy.perMinuteSevere / midPace) * 1000) / 10);
  });

  it('is validated at load: a broken file names the file and the field', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fillers-'));
    const file = join(dir, 'fillers.yaml');
    writeFileSync(file, 'hard: [um]\nsoft: [{phrase: like}]\nthresholds:\n  fillerHeavy: {perMinute: 12, perMinuteSevere: 5, per100Words: 3, per100WordsSevere: 8, minFillers: 3}\n  pace: {minWordsPerMinute: 120, maxWordsPerMinute: 165, minDurationSec: 15}\n');
    expect(() => loadYamlFile(file, FillerLexicon)).toThrow(RubricFileError);
    expect(() => loadYamlFile(file, FillerLexicon)).toThrow(/fillers\.yaml: thresholds\.fillerHeavy: a severe threshold must not be below/);
  });

  it('drives the matcher: a lexicon without "like" finds no "like"', () => {
    const lexicon = { ...fillerLexicon(), soft: fillerLexicon().soft.filter((s) => s.phrase !== 'like') };
    expect(findFillers('It was, like, um, a mess.', lexicon).map((f) => f.filler)).toEqual(['um']);
  });
});
