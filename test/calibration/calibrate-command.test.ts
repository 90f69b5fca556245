import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run.js';
import { evaluate } from '../../src/grading/evaluate.js';
import { loadRubrics } from '../../src/grading/rubric-registry.js';
import { captureIo } from '../support/cli-io.js';
import { heuristicGrader, tmp, writeJsonl } from '../batch/support/helpers.js';

const rubric = loadRubrics().get('senior-swe');

/** The parts of an evaluation calibrate reads, with every dimension at `score`. */
function graded(score: number) {
  const total = score * rubric.dimensions.length;
  const band = rubric.bands.find((b) => total >= b.min && total <= b.max)!;
  return {
    rubric: { id: rubric.id, version: rubric.version, name: rubric.name },
    dimensions: rubric.dimensions.map((d) => ({ id: d.id, name: d.name, score, rationale: 'r', evidence: [] })),
    total,
    band: { id: band.id, min: band.min, max: band.max, label: band.label },
  };
}

/**
 * Four graded items (grader: every dimension 2, 3, 4, 5 → totals 14, 21, 28, 35, bands under-level,
 * usable, senior-ready, senior-ready) with human labels, and lines calibrate must skip.
 */
function labeledFile(dir: string): string {
  return writeJsonl(dir, 'labeled.jsonl', [
    { id: 'A', ok: true, evaluation: graded(2), labels: { dimensions: { scope: 2 }, total: 14 } },
    { id: 'B', ok: true, evaluation: graded(3), labels: { dimensions: { scope: 4 }, total: 25 } },
    { id: 'C', ok: true, evaluation: graded(4), labels: { dimensions: { scope: 4 }, total: 30, band: 'senior-ready' } },
    { id: 'D', ok: true, evaluation: graded(5), labels: { dimensions: { scope: 3 }, total: 24 } },
    { id: 'E', ok: true, evaluation: graded(3) },
    { id: 'F', ok: false, error: { code: 'model_timeout', message: 'slow' }, labels: { total: 20 } },
    { id: 'G', answer: 'I owned the rollback plan and chose a feature flag.', labels: { total: 15 } },
  ]);
}

describe('calibrate', () => {
  it('--format json: QWK, Spearman, agreement, confusion and bias equal the hand computation', async () => {
    const dir = tmp();
    const io = captureIo({ cwd: dir });
    const code = await runCli(['calibrate', labeledFile(dir), '--format', 'json'], io);
    expect(code, io.err()).toBe(0);
    const r = JSON.parse(io.out());
    expect(r.items).toBe(4);
    expect(r.skipped).toEqual({
      'no labels': 1,
      'no evaluation and no answer to grade': 1,
      'not graded yet (pass --engine to grade it)': 1,
    });

    // scope, (human, grader): (2,2) (4,3) (4,4) (3,5). QWK worked in test/calibration/metrics.test.ts:
    // Σw·O = 5/16, Σw·E = 1/2 → κ = 0.375. Exact 2/4; adjacent (|d| ≤ 1) 3/4; bias (0 − 1 + 0 + 2)/4 = 0.25.
    const scope = r.dimensions.find((d: { id: string }) => d.id === 'scope');
    expect(scope.n).toBe(4);
    expect(scope.qwk).toBeCloseTo(0.375, 12);
    expect([scope.exact, scope.adjacent, scope.bias]).toEqual([0.5, 0.75, 0.25]);
    expect(scope.confusion).toEqual({
      labels: [1, 2, 3, 4, 5],
      matrix: [
        [0, 0, 0, 0, 0],
        [0, 1, 0, 0, 0],
        [0, 0, 0, 0, 1],
        [0, 0, 1, 1, 0],
        [0, 0, 0, 0, 0],
      ],
    });
    // Dimensions nobody labelled have no statistics, not zeros.
    const autonomy = r.dimensions.find((d: { id: string }) => d.id === 'autonomy');
    expect(autonomy).toMatchObject({ n: 0, qwk: null, exact: null, adjacent: null, bias: null });

    // Bands: human bands come from the human totals where not given: 14 → under-level, 25 → usable,
    // C gave senior-ready, 24 → usable. Grader: under-level, usable, senior-ready, senior-ready.
    // Indexes (0,0) (1,1) (2,2) (1,2), k = 3, w = (i−j)²/4: Σw·O = 0.25.
    // rows r = [1,2,1], columns c = [1,1,2], n = 4: Σw·E = 1/4·(0 + .25 + 2) + 2/4·(.25 + 0 + .5) + 1/4·(1 + .25 + 0)
    //   = 0.5625 + 0.375 + 0.3125 = 1.25 → κ = 1 − 0.25/1.25 = 0.8.
    expect(r.band.qwk).toBeCloseTo(0.8, 12);
    expect([r.band.n, r.band.exact, r.band.adjacent, r.band.bias]).toEqual([4, 0.75, 1, 0.25]);
    expect(r.band.confusion).toEqual({ labels: ['under-level', 'usable', 'senior-ready'], matrix: [[1, 0, 0], [0, 1, 1], [0, 0, 1]] });

    // Totals: human [14,25,30,24], grader [14,21,28,35]; Spearman 0.4 (worked in metrics.test.ts).
    // Exact 1/4; within one point 1/4; |d| = 0,4,2,11 → MAE 4.25; d = 0,−4,−2,11 → bias 1.25.
    expect(r.total.spearman).toBeCloseTo(0.4, 12);
    expect(r.total).toMatchObject({ n: 4, exact: 0.25, adjacent: 0.25, meanAbsoluteError: 4.25, bias: 1.25 });
    expect(r.rubric.id).toBe('senior-swe');
  });

  it('prints a readable table and the confusion matrices by default', async () => {
    const dir = tmp();
    const io = captureIo({ cwd: dir });
    expect(await runCli(['calibrate', labeledFile(dir)], io)).toBe(0);
    const out = io.out();
    expect(out).toMatch(/^Calibration against human labels: 4 items, rubric senior-swe/);
    expect(out).toMatch(/^scope\s+4\s+0\.38\s+50%\s+75%\s+\+0\.25$/m);
    expect(out).toMatch(/^band\s+4\s+0\.80\s+75%\s+100%\s+\+0\.25$/m);
    expect(out).toMatch(/^autonomy\s+0\s+–\s+–\s+–\s+–$/m);
    expect(out).toContain('total: n 4, Spearman 0.40, exact 25%, within 1 point 25%, mean |grader − human| 4.25, bias +1.25');
    expect(out).toMatch(/Confusion matrices \(rows: human, columns: grader\)\n\nscope\n\s+1\s+2\s+3\s+4\s+5\n1\s+0\s+0\s+0\s+0\s+0\n2\s+0\s+1/);
    expect(out).toContain('skipped 1: no labels');
  });

  it('grades labelled lines that have no evaluation when --engine is given', async () => {
    const dir = tmp();
    const answers = [
      'I owned the checkout migration. I chose dual writes over a cut-over because a cut-over risked double charges; errors fell 40%.',
      'We used best practices and it was scalable. The business wanted it.',
      'I have ten years of experience with Kafka, Redis and Kubernetes.',
    ];
    const file = writeJsonl(dir, 'requests.jsonl', answers.map((answer, i) => ({ id: `r${i}`, answer, labels: { total: 10 + 5 * i } })));
    const io = captureIo({ cwd: dir, grader: heuristicGrader() });
    expect(await runCli(['calibrate', file, '--engine', 'heuristic', '--format', 'json'], io), io.err()).toBe(0);
    const r = JSON.parse(io.out());
    expect(r.gradedNow).toBe(3);
    expect(r.items).toBe(3);
    // The totals compared are the engine's own: bias is their mean minus the humans' (10, 15, 20).
    const totals = await Promise.all(answers.map(async (answer) => (await evaluate({ answer, engine: 'heuristic' }, heuristicGrader())).total));
    expect(r.total.bias).toBeCloseTo(totals.reduce((a, t, i) => a + (t - (10 + 5 * i)), 0) / 3, 12);
  });

  it('refuses labels that do not fit the rubric, naming the line, and a file with nothing to compare', async () => {
    const dir = tmp();
    const bad = writeJsonl(dir, 'bad.jsonl', [{ id: 'A', evaluation: graded(2), labels: { dimensions: { scope: 2, charisma: 4 } } }]);
    const io = captureIo({ cwd: dir });
    expect(await runCli(['calibrate', bad], io)).toBe(2);
    expect(io.err()).toMatch(/bad\.jsonl:1: labels\.dimensions has "charisma", which is not a dimension of senior-swe/);

    const range = writeJsonl(dir, 'range.jsonl', [{ id: 'A', evaluation: graded(2), labels: { dimensions: { scope: 6 } } }]);
    const io2 = captureIo({ cwd: dir });
    expect(await runCli(['calibrate', range], io2)).toBe(2);
    expect(io2.err()).toMatch(/range\.jsonl:1: labels\.dimensions\.scope: /);

    const empty = writeJsonl(dir, 'empty.jsonl', [{ id: 'A', evaluation: graded(2) }]);
    const io3 = captureIo({ cwd: dir });
    expect(await runCli(['calibrate', empty], io3)).toBe(2);
    expect(io3.err()).toMatch(/no labelled, graded items to compare .*\(skipped: 1 no labels\)/);
    expect(await runCli(['calibrate', join(dir, 'empty.jsonl'), '--format', 'yaml'], io3)).toBe(2);
  });
});
