import { randomUUID } from 'node:crypto';
import { aggregateDimensions } from './dimensions.js';
import { bandFor, orderAdvice } from './aggregate.js';
import type { Engine, EngineResult, GradeInput } from './engine.js';
import { EngineUnavailableError, GraderError, InternalInvariantError, InvalidInputError } from './errors.js';
import { Evaluation, evaluationInvariantViolations } from './evaluation.js';
import { normalizeInput } from './normalize.js';
import { EvaluationRequest, type EngineChoice } from './request.js';
import type { RubricRegistry } from './rubric-registry.js';
import { zodIssues } from './rubric-registry.js';
import { detectSignals } from './signals/detect.js';

/** Everything evaluate() needs, passed in so tests and adapters choose their own. */
export interface Grader {
  rubrics: RubricRegistry;
  heuristic: Engine;
  /** null when no model is configured. */
  llm: Engine | null;
  /** What to do when the LLM engine fails: report the error (default) or grade heuristically. */
  fallback?: 'none' | 'heuristic';
  now?: () => Date;
  newId?: () => string;
}

export interface EvaluateOptions {
  signal?: AbortSignal;
}

/** Which engine a request gets. */
export function pickEngine(grader: Grader, choice: EngineChoice = 'auto'): Engine {
  if (choice === 'heuristic') return grader.heuristic;
  if (choice === 'llm' && !grader.llm) {
    throw new EngineUnavailableError('engine "llm" was requested but no model is configured (set EVAL_MODEL)');
  }
  return grader.llm ?? grader.heuristic;
}

/**
 * The pipeline, top-down: validate → normalize → detect signals → engine → ground evidence →
 * aggregate → validate the result. The HTTP service, the CLI and batch runs all call this.
 */
export async function evaluate(request: unknown, grader: Grader, options: EvaluateOptions = {}): Promise<Evaluation> {
  const parsed = EvaluationRequest.safeParse(request);
  if (!parsed.success) {
    const issues = zodIssues(parsed.error);
    throw new InvalidInputError(`invalid request: ${issues.map((i) => `${i.path || '(body)'}: ${i.message}`).join('; ')}`, { issues });
  }
  const req = parsed.data;
  const rubric = grader.rubrics.get(req.rubric);
  const input = normalizeInput(req);
  const signals = detectSignals(input.text, rubric, { question: input.question, excluded: input.fillers, speech: input.speech });
  const gradeInput: GradeInput = {
    text: input.text,
    question: input.question,
    rubric,
    signals,
    segments: input.segments,
    signal: options.signal,
  };

  const engine = pickEngine(grader, req.engine);
  const result = await runEngine(engine, gradeInput, grader);

  const dimensions = aggregateDimensions(input.text, rubric, result, signals);
  const total = dimensions.list.reduce((sum, d) => sum + d.score, 0);
  const evaluation: Evaluation = {
    id: grader.newId?.() ?? `eval_${randomUUID()}`,
    createdAt: (grader.now?.() ?? new Date()).toISOString(),
    rubric: { id: rubric.id, version: rubric.version, name: rubric.name },
    engine: result.engine,
    question: input.question,
    text: input.text,
    dimensions: dimensions.list,
    total,
    maxTotal: 5 * rubric.dimensions.length,
    band: bandFor(rubric, total),
    evidenceStack: result.evidenceStack,
    flags: result.flags,
    strengths: result.strengths,
    speech: input.speech,
    segments: input.segments,
    advice: orderAdvice(result.advice),
    usage: result.usage,
    warnings: [...result.warnings, ...dimensions.warnings],
    metadata: req.metadata ?? {},
  };
  return checked(evaluation);
}

async function runEngine(engine: Engine, input: GradeInput, grader: Grader): Promise<EngineResult> {
  try {
    return await engine.grade(input);
  } catch (err) {
    const canFallBack = engine.kind === 'llm' && grader.fallback === 'heuristic' && err instanceof GraderError && err.status >= 500;
    if (!canFallBack) throw err;
    const result = await grader.heuristic.grade(input);
    return {
      ...result,
      warnings: [`the LLM engine failed (${err.code}: ${err.message}); graded by the heuristic engine instead (EVAL_FALLBACK=heuristic)`, ...result.warnings],
    };
  }
}

/** Nothing leaves evaluate() unless it matches the contract and its invariants. */
function checked(evaluation: Evaluation): Evaluation {
  const shape = Evaluation.safeParse(evaluation);
  if (!shape.success) {
    throw new InternalInvariantError(`result does not match the Evaluation schema: ${zodIssues(shape.error).map((i) => `${i.path}: ${i.message}`).join('; ')}`);
  }
  const violations = evaluationInvariantViolations(shape.data);
  if (violations.length > 0) throw new InternalInvariantError(`result violates invariants: ${violations.join('; ')}`);
  return shape.data;
}
