/**
 * A signal that fires when `source` aborts (the client went away) or after `ms`, whichever comes
 * first. Unlike AbortSignal.timeout, its timer is cleared by dispose(), so a finished request
 * leaves nothing behind: a long deadline times thousands of requests per minute otherwise keeps
 * that many timers and signals alive until each one fires.
 */
export interface Deadline {
  readonly signal: AbortSignal;
  /** True when the deadline (not the source) aborted the signal. */
  readonly expired: boolean;
  dispose(): void;
}

export function requestDeadline(source: AbortSignal, ms: number): Deadline {
  const controller = new AbortController();
  let expired = false;
  const onAbort = () => controller.abort(source.reason);
  const timer = setTimeout(() => {
    expired = true;
    controller.abort(new DOMException(`deadline of ${ms} ms passed`, 'TimeoutError'));
  }, ms);
  timer.unref?.();
  if (source.aborted) onAbort();
  else source.addEventListener('abort', onAbort, { once: true });
  return {
    signal: controller.signal,
    get expired() {
      return expired;
    },
    dispose() {
      clearTimeout(timer);
      source.removeEventListener('abort', onAbort);
    },
  };
}
