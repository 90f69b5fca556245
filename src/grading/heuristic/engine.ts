// TEMPORARY interface stub, replaced by the heuristic engine.
import type { Engine } from '../engine.js';

export function createHeuristicEngine(): Engine {
  return {
    kind: 'heuristic',
    describe: 'heuristic (offline, deterministic)',
    async grade(input) {
      return {
        engine: { kind: 'heuristic', model: null, promptVersion: null },
        dimensions: input.rubric.dimensions.map((d) => ({ id: d.id, score: 1, rationale: 'stub', evidence: [] })),
        flags: input.signals.flags,
        strengths: input.signals.strengths,
        evidenceStack: input.signals.evidenceStack,
        advice: [],
        usage: null,
        warnings: [],
      };
    },
  };
}
