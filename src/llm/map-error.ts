import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import {
  GraderError,
  InvalidInputError,
  ModelOutputError,
  ModelTimeoutError,
  ModelUnavailableError,
} from '../grading/errors.js';
import { CONNECTION_ERROR_HEADER, describeConnectionError, SERVER_WAIT_HEADER } from './deadline-fetch.js';

export interface CallContext {
  model: string;
  baseURL: string;
  timeoutMs: number;
  /** The request's own deadline signal (AbortSignal.timeout), when the error came from a call. */
  deadline?: AbortSignal | undefined;
  /** The caller's signal (client disconnected, CLI interrupted), if any. */
  caller?: AbortSignal | undefined;
}

const isAbort = (err: unknown) =>
  err instanceof APIUserAbortError ||
  err instanceof APIConnectionTimeoutError ||
  (err instanceof Error && (err.name === 'AbortError' || err.name === 'TimeoutError'));

const CONTEXT_TOO_LONG = /context length|context window|maximum context|too many tokens|prompt is too long|reduce the length/i;

/**
 * Maps whatever the SDK threw to the grader's typed errors, in one place. Aborts surface as raw
 * DOMExceptions when the body stalls after the headers, so they are matched by name.
 */
export function toGraderError(err: unknown, ctx: CallContext): GraderError {
  if (err instanceof GraderError) return err;
  const where = `${ctx.model} at ${ctx.baseURL}`;
  if (isAbort(err) || ctx.deadline?.aborted) {
    if (ctx.caller?.aborted && !ctx.deadline?.aborted) {
      return new ModelTimeoutError(`the request was cancelled before ${where} answered`, { cause: err });
    }
    return new ModelTimeoutError(`${where} did not answer within ${ctx.timeoutMs} ms (EVAL_TIMEOUT_MS)`, { cause: err });
  }
  if (err instanceof APIConnectionError) {
    const cause = err.cause instanceof Error ? `: ${describeConnectionError(err.cause)}` : '';
    return new ModelUnavailableError(`cannot reach the model server ${ctx.baseURL}${cause}`, { cause: err });
  }
  // A connection error deadline-fetch.ts answered for, because no retry would fit the deadline.
  const unreachable = err instanceof APIError ? err.headers?.get(CONNECTION_ERROR_HEADER) : null;
  if (unreachable) return new ModelUnavailableError(`cannot reach the model server ${ctx.baseURL}: ${unreachable}`, { cause: err });
  if (err instanceof APIError && typeof err.status === 'number') {
    const status = err.status;
    const detail = `${where} answered ${status}: ${apiMessage(err)}`;
    if (status === 408 || status === 409 || status === 429 || status >= 500) {
      const waitMs = Number.parseFloat(err.headers?.get(SERVER_WAIT_HEADER) ?? '');
      const retryAfterSec = Number.isFinite(waitMs) ? Math.max(1, Math.ceil(waitMs / 1000)) : null;
      return new ModelUnavailableError(`${detail} (gave up after retries)`, { cause: err, retryAfterSec });
    }
    if (status === 401 || status === 403) {
      return new ModelUnavailableError(`${detail}; check OPENAI_API_KEY`, { cause: err });
    }
    if (status === 404) {
      return new ModelUnavailableError(`${detail}; check EVAL_MODEL and OPENAI_BASE_URL`, { cause: err });
    }
    if (CONTEXT_TOO_LONG.test(apiMessage(err))) {
      return new InvalidInputError(`the text is too long for the model's context window (${detail})`, { cause: err });
    }
    return new ModelOutputError(`the model server rejected the grading request: ${detail}`, { cause: err });
  }
  throw err;
}

/** The server's own words, without the status prefix the SDK adds. */
export function apiMessage(err: APIError): string {
  const body = err.error as { message?: unknown } | undefined;
  if (body && typeof body.message === 'string') return body.message;
  return err.message.replace(/^\d{3}\s+/, '');
}
