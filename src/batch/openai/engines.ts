import { AsyncLocalStorage } from 'node:async_hooks';
import type { Config } from '../../config.js';
import type { Grader } from '../../grading/evaluate.js';
import { evaluate } from '../../grading/evaluate.js';
import type { Evaluation } from '../../grading/evaluation.js';
import type { Fetch } from '../../llm/deadline-fetch.js';
import { createLlmEngine } from '../../llm/engine.js';
import { llmEngineOptions } from '../../llm/from-config.js';

/**
 * The Batch API runs the same request a live call would send, and its reply must go through the
 * same validation, merging and grounding. Rather than re-implement either, the real pipeline
 * (evaluate() with the real LLM engine) runs twice with a different `fetch`:
 *  - capture: the engine's fetch records the chat.completions body it was about to send, and stops;
 *  - replay: the engine's fetch answers that first call with the reply the Batch API returned. A
 *    follow-up call (a repair request for an invalid reply, a retry of a cut-off one) goes to the
 *    live API, exactly as it would for a live grade.
 * AsyncLocalStorage ties each fetch to its item, so items can be captured and replayed concurrently.
 */
interface Slot {
  captured?: unknown;
  reply?: string;
  served?: boolean;
}

class CapturedRequest extends Error {
  override readonly name = 'CapturedRequest';
}

export type Capture = { ok: true; body: Record<string, unknown> } | { ok: false; error: unknown };

export interface BatchEngines {
  /** The chat.completions body the live engine would send for this request, or why there is none. */
  capture(request: Record<string, unknown>): Promise<Capture>;
  /** The Evaluation for this request, given the chat.completion the Batch API returned for it. */
  replay(request: Record<string, unknown>, completion: string): Promise<Evaluation>;
}

export function createBatchEngines(config: Config, grader: Grader, liveFetch?: Fetch): BatchEngines {
  const slots = new AsyncLocalStorage<Slot>();
  const options = llmEngineOptions(config);
  const live: Fetch = liveFetch ?? ((input, init) => globalThis.fetch(input, init));

  const captureEngine = createLlmEngine({
    ...options,
    maxRetries: 0,
    fetch: async (_input, init) => {
      const slot = slots.getStore();
      if (slot && typeof init?.body === 'string') slot.captured = JSON.parse(init.body);
      throw new CapturedRequest('request captured for the Batch API');
    },
  });
  const replayEngine = createLlmEngine({
    ...options,
    maxRetries: config.EVAL_MAX_RETRIES,
    fetch: async (input, init) => {
      const slot = slots.getStore();
      if (slot?.reply !== undefined && !slot.served) {
        slot.served = true;
        return new Response(slot.reply, { status: 200, headers: { 'content-type': 'application/json' } });
      }
      return live(input, init);
    },
  });
  // No fallback while capturing: a failed capture must not turn into a heuristic grade.
  const capturing: Grader = { ...grader, llm: captureEngine, fallback: 'none' };
  const replaying: Grader = { ...grader, llm: replayEngine };

  return {
    async capture(request) {
      const slot: Slot = {};
      try {
        await slots.run(slot, () => evaluate({ ...request, engine: 'llm' }, capturing));
      } catch (err) {
        if (slot.captured && typeof slot.captured === 'object') return { ok: true, body: slot.captured as Record<string, unknown> };
        return { ok: false, error: err };
      }
      return { ok: false, error: new Error('the engine made no model call to capture') };
    },
    replay(request, completion) {
      return slots.run({ reply: completion }, () => evaluate({ ...request, engine: 'llm' }, replaying));
    },
  };
}
