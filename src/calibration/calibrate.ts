import type { Rubric } from '../grading/rubric.js';
import { agreement, confusionMatrix, meanAbsoluteError, meanBias, quadraticWeightedKappa, spearman, type Pair } from './metrics.js';
import type { GradedScores, HumanLabels } from './labels.js';

/** One labelled item, reduced to what the metrics need. */
export interface CalibrationItem {
  id: string;
  human: HumanLabels;
  grader: GradedScores;
}

export interface ScaleAgreement {
  n: number;
  qwk: number | null;
  exact: number | null;
  adjacent: number | null;
  /** Mean of grader − human, in scale steps (points for dimensions, band positions for bands). */
  bias: number | null;
  confusion: { labels: (string | number)[]; matrix: number[][] };
}

export interface CalibrationReport {
  rubric: { id: string; version: string; name: string };
  items: number;
  dimensions: (ScaleAgreement & { id: string; name: string })[];
  band: ScaleAgreement;
  total: { n: number; spearman: number | null; exact: number | null; adjacent: number | null; meanAbsoluteError: number | null; bias: number | null };
}

const SCORES = [1, 2, 3, 4, 5];

/**
 * The human total, given or (when every dimension is labelled) their sum; the human band, given or
 * the band containing the human total. Both are what the rubric makes of the human's own scores.
 */
export function humanTotalAndBand(labels: HumanLabels, rubric: Rubric): { total: number | null; band: string | null } {
  const dims = labels.dimensions ?? {};
  const all = rubric.dimensions.every((d) => dims[d.id] !== undefined);
  const total = labels.total ?? (all ? rubric.dimensions.reduce((a, d) => a + dims[d.id]!, 0) : null);
  const band = labels.band ?? (total === null ? null : rubric.bands.find((b) => total >= b.min && total <= b.max)?.id ?? null);
  return { total, band };
}

function scale(pairs: Pair[], labels: (string | number)[]): ScaleAgreement {
  const k = labels.length;
  return {
    n: pairs.length,
    qwk: quadraticWeightedKappa(pairs, k),
    ...agreement(pairs),
    bias: meanBias(pairs),
    confusion: { labels, matrix: confusionMatrix(pairs, k) },
  };
}

/** Agreement between the grader and the human labels, per dimension, for bands and for totals. */
export function calibrationReport(items: readonly CalibrationItem[], rubric: Rubric): CalibrationReport {
  const bandIds = rubric.bands.map((b) => b.id);
  const dimensions = rubric.dimensions.map((d) => {
    const pairs: Pair[] = [];
    for (const item of items) {
      const human = item.human.dimensions?.[d.id];
      const graded = item.grader.dimensions.find((x) => x.id === d.id)?.score;
      if (human !== undefined && graded !== undefined) pairs.push({ human: human - 1, grader: graded - 1 });
    }
    return { id: d.id, name: d.name, ...scale(pairs, SCORES) };
  });

  const bandPairs: Pair[] = [];
  const totalPairs: Pair[] = [];
  for (const item of items) {
    const { total, band } = humanTotalAndBand(item.human, rubric);
    if (band !== null) bandPairs.push({ human: bandIds.indexOf(band), grader: bandIds.indexOf(item.grader.band.id) });
    if (total !== null) totalPairs.push({ human: total, grader: item.grader.total });
  }
  const totalAgreement = agreement(totalPairs);
  return {
    rubric: { id: rubric.id, version: rubric.version, name: rubric.name },
    items: items.length,
    dimensions,
    band: scale(bandPairs, bandIds),
    total: {
      n: totalPairs.length,
      spearman: spearman(totalPairs),
      exact: totalAgreement.exact,
      adjacent: totalAgreement.adjacent,
      meanAbsoluteError: meanAbsoluteError(totalPairs),
      bias: meanBias(totalPairs),
    },
  };
}
