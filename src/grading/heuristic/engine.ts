import type { Engine, EngineResult, GradeInput } from '../engine.js';
import type { Rubric } from '../rubric.js';
import { checkRubricCues, defaultCueCatalogue, type CueCatalogue } from '../signals/cue-catalogue.js';
import { sentenceBreaks } from '../signals/concreteness.js';
import { adviceFor, evidenceFor, rationaleFor } from './explain.js';
import { DEFAULT_SCORING, scoreDimensions } from './scoring.js';

export interface HeuristicEngineOptions {
  /** The cue catalogue whose labels and ids the rubrics refer to (default: the shipped one). */
  catalogue?: CueCatalogue;
}

/**
 * The offline engine: deterministic, no model, no randomness, no clock. It scores every rubric
 * dimension from the evidence cues and weak-signal flags the detector found (see scoring.ts),
 * quotes the sentences it relied on, and explains what is there and what is missing.
 */
export function createHeuristicEngine(options: HeuristicEngineOptions = {}): Engine {
  const checked = new WeakSet<Rubric>();
  return {
    kind: 'heuristic',
    describe: 'heuristic (offline, deterministic)',
    async grade(input: GradeInput): Promise<EngineResult> {
      const catalogue = options.catalogue ?? defaultCueCatalogue();
      if (!checked.has(input.rubric)) {
        checkRubricCues([input.rubric], catalogue);
        checked.add(input.rubric);
      }
      const { text, rubric, signals } = input;
      const scoring = rubric.heuristicScoring ?? DEFAULT_SCORING;
      const scores = scoreDimensions(rubric, signals.cues, signals.flags, scoring, catalogue.concreteness.weights.claim);
      // Quotes may contain fillers (they are the candidate's words), never instructions or tool lists.
      const fenced = signals.excluded.filter((x) => x.reason !== 'filler');
      const breaks = sentenceBreaks(text);
      return {
        engine: { kind: 'heuristic', model: null, promptVersion: null },
        dimensions: scores.map((ds) => ({
          id: ds.dimension.id,
          score: ds.score,
          rationale: rationaleFor(ds, catalogue),
          evidence: evidenceFor(ds, text, fenced, breaks),
        })),
        flags: signals.flags,
        strengths: signals.strengths,
        evidenceStack: signals.evidenceStack,
        advice: adviceFor(scores, signals.flags, catalogue),
        usage: null,
        warnings: [],
      };
    },
  };
}
