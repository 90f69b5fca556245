import { setTimeout as delay } from 'node:timers/promises';
import { GraderError } from '../grading/errors.js';
import { evaluate, pickEngine, type Grader } from '../grading/evaluate.js';
import { EngineChoice } from '../grading/request.js';
import type { BatchItem } from './item.js';
import { READER_CODES, type BatchLine, type ItemError } from './line.js';
import { estimateTokens, type Pacer } from './pacer.js';

export interface ItemDefaults {
  /** Used when the item does not choose its own. */
  engine?: EngineChoice | undefined;
  rubric?: string | undefined;
}

export interface GradeItemOptions {
  grader: Grader;
  defaults: ItemDefaults;
  pacer: Pacer;
  /** Further attempts after a retryable failure (model unavailable, timeout). */
  retries: number;
  /** Aborts the model call itself (a second Ctrl-C, a client that went away). */
  signal?: AbortSignal | undefined;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  now?: () => number;
}

const BACKOFF_MS = 2_000;
const MAX_BACKOFF_MS = 30_000;

/** Grades one item into its output line. Never throws: every failure becomes an ok:false line. */
export async function gradeItem(item: BatchItem, options: GradeItemOptions): Promise<BatchLine> {
  const head = { id: item.id, ...(item.id === null ? { line: item.line } : {}) };
  if (item.error) return { ...head, ok: false, error: item.error };
  try {
    const evaluation = await gradeWithRetries(item, options);
    return { ...head, ok: true, evaluation };
  } catch (err) {
    return { ...head, ok: false, error: itemError(err) };
  }
}

async function gradeWithRetries(item: BatchItem, options: GradeItemOptions) {
  const { grader, pacer, signal } = options;
  const sleep = options.sleep ?? ((ms, s) => delay(ms, undefined, s ? { signal: s } : undefined));
  const now = options.now ?? Date.now;
  const request = { ...(await item.load()) };
  if (request.engine === undefined && options.defaults.engine) request.engine = options.defaults.engine;
  if (request.rubric === undefined && options.defaults.rubric) request.rubric = options.defaults.rubric;

  const choice = EngineChoice.safeParse(request.engine ?? 'auto');
  // Only calls to a model are paced; an invalid choice is left for evaluate() to report.
  const paced = choice.success && pickEngine(grader, choice.data).kind === 'llm';
  const estimate = estimateTokens(request);
  for (let attempt = 0; ; attempt++) {
    if (paced) await pacer.acquire(estimate, signal);
    try {
      const evaluation = await evaluate(request, grader, { signal });
      if (paced && evaluation.usage) {
        pacer.settle(estimate, { tokens: evaluation.usage.promptTokens + evaluation.usage.completionTokens, calls: evaluation.usage.calls });
      }
      return evaluation;
    } catch (err) {
      const retry = err instanceof GraderError && err.retryable && attempt < options.retries && !signal?.aborted;
      if (!retry) throw err;
      if (err.retryAfterSec !== null) {
        // The provider asked everyone to wait: hold every worker, not just this one.
        pacer.holdUntil(now() + err.retryAfterSec * 1000);
        if (!paced) await sleep(err.retryAfterSec * 1000, signal);
      } else {
        await sleep(Math.min(BACKOFF_MS * 2 ** attempt, MAX_BACKOFF_MS), signal);
      }
    }
  }
}

export function itemError(err: unknown): ItemError {
  if (err instanceof GraderError) return { code: err.code, message: err.message };
  return { code: READER_CODES.internal, message: err instanceof Error ? err.message : String(err) };
}
