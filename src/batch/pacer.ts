import { setTimeout as delay } from 'node:timers/promises';

/**
 * Client-side pacing for model calls, so a batch stays under the provider's limits instead of
 * finding them with 429s. It schedules each call in virtual time: a call uses 60000/RPM ms of the
 * request budget and tokens × 60000/TPM ms of the token budget, and may start once both budgets
 * (and any hold from a Retry-After) have caught up. Calls are thus spread evenly, never bursted.
 */
export interface Pacer {
  /** Waits until a call that will use about `tokens` tokens may start. */
  acquire(tokens: number, signal?: AbortSignal): Promise<void>;
  /** Corrects the token budget once a call's real usage is known (and extra calls it made). */
  settle(estimatedTokens: number, actual: { tokens: number; calls: number }): void;
  /** Holds every caller until `epochMs` (the provider said Retry-After). */
  holdUntil(epochMs: number): void;
}

export interface PacerOptions {
  rpm: number;
  tpm: number;
  now?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

const MINUTE = 60_000;

/** 0 means no limit; the Retry-After hold applies either way. */
export function createPacer({ rpm, tpm, now = Date.now, sleep = defaultSleep }: PacerOptions): Pacer {
  const perRequest = rpm > 0 ? MINUTE / rpm : 0;
  const perToken = tpm > 0 ? MINUTE / tpm : 0;
  let requestsFreeAt = 0;
  let tokensFreeAt = 0;
  let heldUntil = 0;
  return {
    async acquire(tokens, signal) {
      // The slot is claimed synchronously, so concurrent callers are spaced in arrival order.
      const t = now();
      const start = Math.max(t, requestsFreeAt, tokensFreeAt);
      requestsFreeAt = start + perRequest;
      tokensFreeAt = start + tokens * perToken;
      if (start > t) await sleep(start - t, signal);
      // A hold that began while this caller was waiting still applies to it.
      for (let left = heldUntil - now(); left > 0; left = heldUntil - now()) await sleep(left, signal);
    },
    settle(estimated, actual) {
      tokensFreeAt += (actual.tokens - estimated) * perToken;
      requestsFreeAt += Math.max(0, actual.calls - 1) * perRequest;
    },
    holdUntil(epochMs) {
      heldUntil = Math.max(heldUntil, epochMs);
      // Callers arriving later are spaced from the end of the hold, not released in one burst.
      requestsFreeAt = Math.max(requestsFreeAt, epochMs);
      tokensFreeAt = Math.max(tokensFreeAt, epochMs);
    },
  };
}

const defaultSleep = (ms: number, signal?: AbortSignal) => delay(ms, undefined, signal ? { signal } : undefined);

/** Rough prompt size: the answer (about 4 characters a token) plus the fixed prompt and the reply. */
export const PROMPT_OVERHEAD_TOKENS = 3_000;
export const REPLY_TOKENS = 1_500;

export function estimateTokens(request: Record<string, unknown>): number {
  const transcript = request.transcript as { text?: unknown } | undefined;
  const text = typeof request.answer === 'string' ? request.answer : typeof transcript?.text === 'string' ? transcript.text : '';
  const question = typeof request.question === 'string' ? request.question : '';
  return Math.ceil((text.length + question.length) / 4) + PROMPT_OVERHEAD_TOKENS + REPLY_TOKENS;
}
