import type { Flag } from '../evaluation.js';
import type { HeuristicScoring, Rubric, RubricDimension } from '../rubric.js';
import type { CueHit } from '../signals/types.js';

/**
 * From cue hits to 1-5 scores. Per dimension: the points of the distinct cues it lists, each
 * times the weight of its best hit (a cue counts once, however often it is repeated), mapped
 * through the rubric's thresholds; then minus the penalties of the flags that drag it down,
 * never below 1. Abstract claims may lift the whole answer by at most `claimLiftBudget` levels.
 */

export const DEFAULT_SCORING: HeuristicScoring = {
  thresholds: [0.5, 1.5, 2.5, 3.75],
  penalties: { info: 0, warning: 1, critical: 2 },
  absencePenalties: { info: 0, warning: 0, critical: 0 },
  claimLiftBudget: 1,
};

export interface CueFinding {
  cue: string;
  points: number;
  /** The best hit for this cue (highest weight, then earliest), or null when absent. */
  hit: CueHit | null;
  /** True when the best hit is more than an abstract claim. */
  firm: boolean;
}

export interface Penalty {
  flag: Flag;
  points: number;
}

export interface DimensionScore {
  dimension: RubricDimension;
  findings: CueFinding[];
  /** Level from firm evidence only, and with abstract claims counted too. */
  levelFirm: number;
  levelAll: number;
  /** The level used: levelFirm, plus one when claims were allowed to lift this dimension. */
  level: number;
  claimLifted: boolean;
  penalties: Penalty[];
  score: number;
  /** The level this dimension would reach if every cue it lists were shown concretely. */
  potential: number;
}

export function levelFor(raw: number, thresholds: readonly number[]): number {
  let level = 1;
  for (const t of thresholds) if (raw + 1e-9 >= t) level++;
  return level;
}

function bestHits(cues: CueHit[]): Map<string, CueHit> {
  const best = new Map<string, CueHit>();
  for (const hit of cues) {
    const current = best.get(hit.cue);
    if (!current || hit.weight > current.weight || (hit.weight === current.weight && hit.start < current.start)) {
      best.set(hit.cue, hit);
    }
  }
  return best;
}

/** One penalty per flag id per dimension (the most severe occurrence), in order of appearance. */
function penaltiesFor(dimensionId: string, flags: Flag[], scoring: HeuristicScoring): Penalty[] {
  const byId = new Map<string, Penalty>();
  for (const flag of flags) {
    if (flag.dimension !== dimensionId) continue;
    const table = flag.quote === null ? scoring.absencePenalties : scoring.penalties;
    const points = table[flag.severity];
    const current = byId.get(flag.id);
    if (!current || points > current.points) byId.set(flag.id, { flag, points });
  }
  return [...byId.values()];
}

export function scoreDimensions(
  rubric: Rubric,
  cues: CueHit[],
  flags: Flag[],
  scoring: HeuristicScoring,
  claimWeight: number,
): DimensionScore[] {
  const best = bestHits(cues);
  let liftBudget = scoring.claimLiftBudget;
  return rubric.dimensions.map((dimension): DimensionScore => {
    let rawFirm = 0;
    let rawAll = 0;
    let rawMax = 0;
    const findings = dimension.heuristic.cues.map(({ cue, points }): CueFinding => {
      const hit = best.get(cue) ?? null;
      const firm = hit !== null && hit.weight > claimWeight;
      rawMax += points;
      if (hit) rawAll += points * hit.weight;
      if (firm) rawFirm += points * hit.weight;
      return { cue, points, hit, firm };
    });
    const levelFirm = levelFor(rawFirm, scoring.thresholds);
    const levelAll = levelFor(rawAll, scoring.thresholds);
    const claimLifted = levelAll > levelFirm && liftBudget > 0;
    if (claimLifted) liftBudget--;
    const level = claimLifted ? levelFirm + 1 : levelFirm;
    const penalties = penaltiesFor(dimension.id, flags, scoring);
    const score = Math.max(1, level - penalties.reduce((sum, p) => sum + p.points, 0));
    return { dimension, findings, levelFirm, levelAll, level, claimLifted, penalties, score, potential: levelFor(rawMax, scoring.thresholds) };
  });
}
