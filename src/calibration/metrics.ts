/**
 * Agreement between a grader and human graders on ordinal scales. Ratings are category indexes
 * 0..k-1 (a score s on a 1..5 scale is s-1; a band is its position in the rubric). Every function
 * returns null where the statistic is undefined (no pairs, no variance), never a made-up number.
 */
export interface Pair {
  human: number;
  grader: number;
}

/** Counts, rows = human category, columns = grader category. */
export function confusionMatrix(pairs: readonly Pair[], k: number): number[][] {
  const m = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (const p of pairs) {
    if (!inRange(p.human, k) || !inRange(p.grader, k)) throw new RangeError(`rating out of range 0..${k - 1}: ${p.human}, ${p.grader}`);
    m[p.human]![p.grader]! += 1;
  }
  return m;
}

const inRange = (v: number, k: number) => Number.isInteger(v) && v >= 0 && v < k;

/**
 * Quadratic weighted kappa (Cohen's kappa with weights (i-j)²/(k-1)²): 1 - Σ w·O / Σ w·E, where O is
 * the confusion matrix and E the matrix expected by chance from its margins. 1 is perfect
 * agreement, 0 is chance level; null when chance disagreement is 0 (e.g. both always say the same).
 */
export function quadraticWeightedKappa(pairs: readonly Pair[], k: number): number | null {
  if (pairs.length === 0 || k < 2) return null;
  const o = confusionMatrix(pairs, k);
  const n = pairs.length;
  const rows = o.map((r) => r.reduce((a, b) => a + b, 0));
  const cols = o[0]!.map((_, j) => o.reduce((a, r) => a + r[j]!, 0));
  let observed = 0;
  let expected = 0;
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      const w = (i - j) ** 2 / (k - 1) ** 2;
      observed += w * o[i]![j]!;
      expected += (w * rows[i]! * cols[j]!) / n;
    }
  }
  return expected === 0 ? null : 1 - observed / expected;
}

/** Ranks 1..n, ties sharing the average of the ranks they span. */
export function averageRanks(values: readonly number[]): number[] {
  const order = values.map((v, i) => ({ v, i })).sort((a, b) => a.v - b.v);
  const ranks = new Array<number>(values.length);
  for (let start = 0; start < order.length; ) {
    let end = start;
    while (end + 1 < order.length && order[end + 1]!.v === order[start]!.v) end++;
    const rank = (start + end) / 2 + 1;
    for (let t = start; t <= end; t++) ranks[order[t]!.i] = rank;
    start = end + 1;
  }
  return ranks;
}

export function pearson(x: readonly number[], y: readonly number[]): number | null {
  const n = x.length;
  if (n < 2 || y.length !== n) return null;
  const mx = x.reduce((a, b) => a + b, 0) / n;
  const my = y.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = x[i]! - mx;
    const dy = y[i]! - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  return sxx === 0 || syy === 0 ? null : sxy / Math.sqrt(sxx * syy);
}

/** Spearman's rho: the Pearson correlation of the average ranks (correct with ties). */
export function spearman(pairs: readonly Pair[]): number | null {
  return pearson(averageRanks(pairs.map((p) => p.human)), averageRanks(pairs.map((p) => p.grader)));
}

/** Share of pairs that agree exactly, and within one step. */
export function agreement(pairs: readonly Pair[]): { exact: number | null; adjacent: number | null } {
  if (pairs.length === 0) return { exact: null, adjacent: null };
  const exact = pairs.filter((p) => p.human === p.grader).length;
  const adjacent = pairs.filter((p) => Math.abs(p.human - p.grader) <= 1).length;
  return { exact: exact / pairs.length, adjacent: adjacent / pairs.length };
}

/** Mean of grader − human: positive when the grader is more generous than the humans. */
export function meanBias(pairs: readonly Pair[]): number | null {
  return pairs.length === 0 ? null : pairs.reduce((a, p) => a + (p.grader - p.human), 0) / pairs.length;
}

export function meanAbsoluteError(pairs: readonly Pair[]): number | null {
  return pairs.length === 0 ? null : pairs.reduce((a, p) => a + Math.abs(p.grader - p.human), 0) / pairs.length;
}
