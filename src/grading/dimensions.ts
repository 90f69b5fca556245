import type { EngineResult } from './engine.js';
import { InternalInvariantError } from './errors.js';
import type { DimensionResult } from './evaluation.js';
import { createLocator, groundEvidence } from './grounding.js';
import type { Rubric } from './rubric.js';
import type { Signals } from './signals/types.js';

/** A dimension scored 4 or 5 with no verified evidence is capped here: high scores need quotes. */
export const UNEVIDENCED_SCORE_CAP = 3;

/**
 * Grounds each dimension's evidence and puts the dimensions in rubric order. Scores above
 * the cap that are left with no verifiable quote are lowered to the cap, with a warning.
 */
export function aggregateDimensions(
  text: string,
  rubric: Rubric,
  result: EngineResult,
  signals: Signals,
): { list: DimensionResult[]; warnings: string[] } {
  const locator = createLocator(text);
  const warnings: string[] = [];
  let droppedTotal = 0;
  const list = rubric.dimensions.map((dim): DimensionResult => {
    const proposed = result.dimensions.find((d) => d.id === dim.id);
    if (!proposed) throw new InternalInvariantError(`engine ${result.engine.kind} returned no score for dimension "${dim.id}"`);
    if (!Number.isInteger(proposed.score) || proposed.score < 1 || proposed.score > 5) {
      throw new InternalInvariantError(`engine ${result.engine.kind} returned score ${proposed.score} for "${dim.id}"`);
    }
    const { evidence, dropped } = groundEvidence(text, proposed.evidence, { locator, excluded: signals.excluded });
    droppedTotal += dropped.length;
    let score = proposed.score;
    let rationale = proposed.rationale;
    if (score > UNEVIDENCED_SCORE_CAP && evidence.length === 0) {
      warnings.push(`${dim.id}: score ${score} capped at ${UNEVIDENCED_SCORE_CAP} because no quote supporting it was found in the answer`);
      rationale = `${rationale} (Capped at ${UNEVIDENCED_SCORE_CAP}: no verifiable evidence quote.)`;
      score = UNEVIDENCED_SCORE_CAP;
    }
    return {
      id: dim.id,
      name: dim.name,
      score,
      rationale,
      evidence,
      ...(proposed.spread !== undefined ? { spread: proposed.spread } : {}),
      ...(proposed.expectedScore !== undefined ? { expectedScore: proposed.expectedScore } : {}),
    };
  });
  if (droppedTotal > 0) {
    warnings.push(`${droppedTotal} evidence quote(s) could not be found in the answer and were dropped`);
  }
  return { list, warnings };
}
