import type { Config } from './config.js';
import type { Grader } from './grading/evaluate.js';
import { createHeuristicEngine } from './grading/heuristic/engine.js';
import { loadRubrics } from './grading/rubric-registry.js';
import { checkRubricCues } from './grading/signals/cue-catalogue.js';
import { llmEngineFromConfig } from './llm/from-config.js';

/**
 * The composition root: builds the Grader (rubrics + engines) from configuration.
 * The HTTP service, the CLI and the benchmarks all start here.
 */
export function createGrader(config: Config): Grader {
  const rubrics = loadRubrics();
  checkRubricCues(rubrics.list());
  return {
    rubrics,
    heuristic: createHeuristicEngine(),
    llm: llmEngineFromConfig(config),
    fallback: config.EVAL_FALLBACK,
  };
}
