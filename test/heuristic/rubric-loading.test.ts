import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { RubricFileError } from '../../src/grading/errors.js';
import { loadRubricFile, loadRubrics, RUBRICS_DIR } from '../../src/grading/rubric-registry.js';
import { checkRubricCues } from '../../src/grading/signals/cue-catalogue.js';
import { grade, offlineGrader } from './support.js';

const SENIOR_SWE = join(RUBRICS_DIR, 'senior-swe.yaml');
const source = () => parse(readFileSync(SENIOR_SWE, 'utf8'));
const dir = mkdtempSync(join(tmpdir(), 'barometer-rubrics-'));
const write = (name: string, data: unknown) => {
  const file = join(dir, name);
  writeFileSync(file, typeof data === 'string' ? data : stringify(data));
  return file;
};
const loadError = (file: string): RubricFileError => {
  try {
    loadRubricFile(file);
  } catch (err) {
    expect(err).toBeInstanceOf(RubricFileError);
    return err as RubricFileError;
  }
  throw new Error(`expected ${file} to fail to load`);
};

describe('the shipped rubrics', () => {
  it('both load, with their dimensions, bands tiling the range and the evidence stack', () => {
    const registry = loadRubrics();
    const swe = registry.get('senior-swe');
    const card = registry.get('hiring-scorecard');
    expect(swe.dimensions.map((d) => d.id)).toEqual(['scope', 'autonomy', 'judgment', 'production-ownership', 'impact', 'influence', 'reflection']);
    expect(swe.bands.map((b) => [b.id, b.min, b.max])).toEqual([
      ['under-level', 7, 17],
      ['usable', 18, 27],
      ['senior-ready', 28, 35],
    ]);
    expect(card.dimensions.map((d) => d.name)).toEqual([
      'Coding & craftsmanship',
      'System design',
      'Debugging & ops',
      'Quality & SDLC',
      'Security fundamentals',
      'Collaboration & communication',
      'Ownership & accountability',
      'Product thinking',
    ]);
    expect(card.bands.map((b) => [b.id, b.min, b.max])).toEqual([
      ['under-level', 8, 19],
      ['usable', 20, 31],
      ['senior-ready', 32, 40],
    ]);
    for (const r of [swe, card]) {
      expect(r.evidenceStack).toHaveLength(8);
      for (const d of r.dimensions) expect(Object.keys(d.levels)).toEqual(['1', '2', '3', '4', '5']);
    }
    expect(() => checkRubricCues(registry.list())).not.toThrow();
  });

  it('the scorecard bands keep the senior-swe fractions of the maximum', () => {
    const registry = loadRubrics();
    const swe = registry.get('senior-swe');
    const card = registry.get('hiring-scorecard');
    const swemax = 5 * swe.dimensions.length;
    const cardmax = 5 * card.dimensions.length;
    for (let i = 0; i < 2; i++) {
      expect(card.bands[i]!.max).toBe(Math.round((swe.bands[i]!.max / swemax) * cardmax));
    }
  });

  it('grading works the same way with 7 and with 8 dimensions', async () => {
    const grader = offlineGrader();
    const answer = 'The key trade-off was freshness against cost, and we rolled it out to one region first.';
    const a = await grade(grader, answer, 'senior-swe');
    const b = await grade(grader, answer, 'hiring-scorecard');
    expect(a.dimensions).toHaveLength(7);
    expect(b.dimensions).toHaveLength(8);
    expect(b.maxTotal).toBe(40);
    expect(b.band.min).toBeLessThanOrEqual(b.total);
    expect(b.band.max).toBeGreaterThanOrEqual(b.total);
  });
});

describe('broken rubric files', () => {
  it('invalid YAML names the file', () => {
    const file = write('not-yaml.yaml', 'id: x\n  dimensions: [');
    expect(loadError(file).message).toContain(file);
  });

  const cases: [string, (r: ReturnType<typeof source>) => void, string][] = [
    ['a missing name', (r) => delete r.name, 'name'],
    ['a missing level', (r) => delete r.dimensions[3].levels[4], 'dimensions.3.levels.4'],
    ['an unknown group', (r) => (r.dimensions[0].group = 'vibes'), 'dimensions.0.group'],
    ['a duplicate dimension id', (r) => (r.dimensions[1].id = 'scope'), 'dimensions.1.id'],
    ['a gap between bands', (r) => (r.bands[1].min = 19), 'bands.1.min'],
    ['bands that stop short', (r) => (r.bands[2].max = 34), 'bands'],
    ['cue points out of range', (r) => (r.dimensions[2].heuristic.cues[0].points = 9), 'dimensions.2.heuristic.cues.0.points'],
    ['descending thresholds', (r) => (r.heuristicScoring.thresholds = [2, 1, 3, 4]), 'heuristicScoring.thresholds'],
    ['a fractional penalty', (r) => (r.heuristicScoring.penalties.warning = 0.5), 'heuristicScoring.penalties.warning'],
    ['an evidence stack out of order', (r) => r.evidenceStack.reverse(), 'evidenceStack'],
    ['an unknown top-level field', (r) => (r.colour = 'blue'), ''],
  ];
  it.each(cases)('%s fails naming the file and the field', (what, breakIt, field) => {
    const r = source();
    breakIt(r);
    const file = write(`${what.replace(/\W+/g, '-')}.yaml`, r);
    const err = loadError(file);
    expect(err.message.startsWith(`${file}: `)).toBe(true);
    expect(err.issues!.map((i) => i.path)).toContain(field);
  });
});

describe('rubric version', () => {
  it('changes whenever the file bytes change, and only then', () => {
    const text = readFileSync(SENIOR_SWE, 'utf8');
    const file = write('versioned.yaml', text);
    const v1 = loadRubricFile(file).version;
    expect(loadRubricFile(file).version).toBe(v1);
    expect(v1.startsWith('1.0.0+')).toBe(true);
    writeFileSync(file, `${text}\n# a comment changes the bytes\n`);
    const v2 = loadRubricFile(file).version;
    expect(v2).not.toBe(v1);
    writeFileSync(file, text);
    expect(loadRubricFile(file).version).toBe(v1);
  });
});
