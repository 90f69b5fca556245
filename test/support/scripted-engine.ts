import type { Engine, EngineResult, GradeInput } from '../../src/grading/engine.js';

/**
 * An engine that returns what the test scripts (score 2 everywhere, no evidence, unless the script
 * says otherwise), so the pipeline's own stages can be checked apart from any real engine.
 */
export function scriptedEngine(
  kind: 'llm' | 'heuristic',
  script: (input: GradeInput) => Partial<EngineResult> | Promise<never>,
): Engine {
  return {
    kind,
    describe: `scripted ${kind}`,
    async grade(input) {
      const partial = await script(input);
      return {
        engine: { kind, model: kind === 'llm' ? 'test-model' : null, promptVersion: kind === 'llm' ? 'p1' : null },
        dimensions: input.rubric.dimensions.map((d) => ({ id: d.id, score: 2, rationale: 'r', evidence: [] })),
        flags: [],
        strengths: [],
        evidenceStack: input.signals.evidenceStack,
        advice: [],
        usage: null,
        warnings: [],
        ...partial,
      };
    },
  };
}
