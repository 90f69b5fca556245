import { describe, expect, it } from 'vitest';
import { agreement, averageRanks, confusionMatrix, meanAbsoluteError, meanBias, quadraticWeightedKappa, spearman } from '../../src/calibration/metrics.js';

const pairs = (xs: [number, number][]) => xs.map(([human, grader]) => ({ human, grader }));

describe('quadratic weighted kappa', () => {
  it('matches a hand computation on 3 categories', () => {
    // Pairs (human, grader): (0,0) (0,1) (1,1) (1,2) (2,2) (2,2), n = 6.
    // O = [[1,1,0],[0,1,1],[0,0,2]]; rows (human) [2,2,2]; columns (grader) [1,2,3].
    // Weights w_ij = (i-j)²/(k-1)² = (i-j)²/4.
    // Σ w·O = 0.25·O[0][1] + 0.25·O[1][2] = 0.5.
    // E_ij = row_i · col_j / n = col_j / 3, so every row of E is [1/3, 2/3, 1]:
    //   row 0: 0·1/3 + 0.25·2/3 + 1·1 = 7/6; row 1: 0.25·1/3 + 0 + 0.25·1 = 1/3; row 2: 1·1/3 + 0.25·2/3 + 0 = 1/2.
    // Σ w·E = 7/6 + 1/3 + 1/2 = 2.  κ = 1 − 0.5 / 2 = 0.75.
    expect(quadraticWeightedKappa(pairs([[0, 0], [0, 1], [1, 1], [1, 2], [2, 2], [2, 2]]), 3)).toBeCloseTo(0.75, 12);
  });

  it('matches a hand computation on the 1..5 score scale', () => {
    // Scores (human, grader) (2,2) (4,3) (4,4) (3,5) → indexes (1,1) (3,2) (3,3) (2,4), k = 5, n = 4,
    // w = (i-j)²/16. Σ w·O = (1 + 4)/16 = 0.3125.
    // rows r = [0,1,1,2,0], columns c = [0,1,1,1,1]; Σ w·E = Σ_i r_i/n · Σ_j w_ij c_j
    //   = 1/4·(0+1+4+9)/16 + 1/4·(1+0+1+4)/16 + 2/4·(4+1+0+1)/16 = 14/64 + 6/64 + 12/64 = 0.5.
    // κ = 1 − 0.3125 / 0.5 = 0.375.
    expect(quadraticWeightedKappa(pairs([[1, 1], [3, 2], [3, 3], [2, 4]]), 5)).toBeCloseTo(0.375, 12);
  });

  it('is 1 for perfect agreement, below 0 for systematic disagreement, and null when undefined', () => {
    expect(quadraticWeightedKappa(pairs([[0, 0], [1, 1], [4, 4]]), 5)).toBe(1);
    // (0,1) (1,0): O off-diagonal, Σ w·O = 2·(1/1) = 2 with k = 2; E = [[.5,.5],[.5,.5]], Σ w·E = 1 → κ = −1.
    expect(quadraticWeightedKappa(pairs([[0, 1], [1, 0]]), 2)).toBe(-1);
    expect(quadraticWeightedKappa(pairs([[2, 2], [2, 2]]), 5)).toBeNull(); // no variation: chance disagreement is 0
    expect(quadraticWeightedKappa([], 5)).toBeNull();
  });
});

describe('Spearman', () => {
  it('uses average ranks for ties (hand computation)', () => {
    // human [10,20,20,30,40] → ranks [1, 2.5, 2.5, 4, 5]; grader [12,18,25,25,40] → [1, 2, 3.5, 3.5, 5].
    // Both mean 3. Deviations h [-2,-.5,-.5,1,2], g [-2,-1,.5,.5,2].
    // Σhg = 4 + .5 − .25 + .5 + 4 = 8.75; Σh² = Σg² = 9.5 → ρ = 8.75 / 9.5 = 0.92105263…
    expect(averageRanks([10, 20, 20, 30, 40])).toEqual([1, 2.5, 2.5, 4, 5]);
    const rho = spearman(pairs([[10, 12], [20, 18], [20, 25], [30, 25], [40, 40]]));
    expect(rho).toBeCloseTo(8.75 / 9.5, 12);
  });

  it('without ties equals 1 − 6Σd²/(n(n²−1))', () => {
    // human [14,25,30,24] → ranks [1,3,4,2]; grader [14,21,28,35] → [1,2,3,4]; d = [0,1,1,-2], Σd² = 6.
    // ρ = 1 − 36/60 = 0.4.
    expect(spearman(pairs([[14, 14], [25, 21], [30, 28], [24, 35]]))).toBeCloseTo(0.4, 12);
  });

  it('is null with fewer than two pairs or no variance', () => {
    expect(spearman(pairs([[1, 2]]))).toBeNull();
    expect(spearman(pairs([[1, 2], [1, 3]]))).toBeNull();
  });
});

describe('agreement, bias and the confusion matrix', () => {
  it('match a hand computation', () => {
    // (1,1) (2,3) (3,3) (4,2) (5,5): |diff| = 0,1,0,2,0 → exact 3/5, adjacent 4/5;
    // grader − human = 0,1,0,−2,0 → bias −1/5; mean |diff| 3/5.
    const p = pairs([[1, 1], [2, 3], [3, 3], [4, 2], [5, 5]]);
    expect(agreement(p)).toEqual({ exact: 0.6, adjacent: 0.8 });
    expect(meanBias(p)).toBeCloseTo(-0.2, 12);
    expect(meanAbsoluteError(p)).toBeCloseTo(0.6, 12);
    expect(agreement([])).toEqual({ exact: null, adjacent: null });
    expect(meanBias([])).toBeNull();
  });

  it('counts rows by the human rating and columns by the grader rating', () => {
    expect(confusionMatrix(pairs([[0, 1], [0, 1], [2, 0]]), 3)).toEqual([
      [0, 2, 0],
      [0, 0, 0],
      [1, 0, 0],
    ]);
    expect(() => confusionMatrix(pairs([[0, 3]]), 3)).toThrow(RangeError);
  });
});
