import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { z } from 'zod';
import { GraderError, UnknownRubricError } from '../grading/errors.js';
import type { AppEnv } from './env.js';

/**
 * RFC 9457 problem details: the one body every error response carries, and the one function
 * (`toProblem`) that turns any thrown value into it.
 */
export const ProblemIssue = z.object({ path: z.string(), message: z.string() }).meta({ id: 'ProblemIssue' });

export const Problem = z
  .object({
    type: z.string().describe('A URI naming the problem type (`urn:barometer:problem:<code>`)'),
    title: z.string().describe('Short summary of the problem type'),
    status: z.number().int().describe('The HTTP status code'),
    detail: z.string().describe('What went wrong with this request'),
    code: z.string().describe('Stable machine-readable code, e.g. `invalid_input`, `unknown_rubric`'),
    requestId: z.string().optional().describe('The X-Request-Id of the request, for support'),
    errors: z.array(ProblemIssue).optional().describe('Field-level validation issues'),
    availableRubrics: z.array(z.string()).optional().describe('With `unknown_rubric`: the valid rubric ids'),
  })
  .meta({ id: 'Problem', description: 'An RFC 9457 problem details object (application/problem+json)' });
export type Problem = z.infer<typeof Problem>;

export const PROBLEM_MEDIA_TYPE = 'application/problem+json';

/** A failure decided by the HTTP layer itself (auth, rate limit, body checks). */
export class HttpProblem extends Error {
  override readonly name = 'HttpProblem';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

/** Codes for the statuses Hono's own middleware throws as HTTPException. */
const HTTP_EXCEPTION_CODES: Record<number, string> = {
  400: 'malformed_body',
  401: 'unauthorized',
  413: 'body_too_large',
  415: 'unsupported_media_type',
};

export interface ProblemResult {
  status: number;
  body: Problem;
  headers: Record<string, string>;
}

function problem(status: number, code: string, detail: string, extra: Partial<Problem> = {}): Problem {
  return { type: `urn:barometer:problem:${code}`, title: TITLES[status] ?? 'Error', status, detail, code, ...extra };
}

/**
 * The one mapping from anything thrown to a problem. Unknown errors become a generic 500:
 * their message and stack stay in the logs, never in the response.
 */
export function toProblem(err: unknown): ProblemResult {
  if (err instanceof GraderError) {
    const status = err.status >= 400 && err.status <= 599 ? err.status : 500;
    const headers: Record<string, string> = {};
    if ((status === 503 || status === 429) && err.retryAfterSec !== null) {
      headers['Retry-After'] = String(Math.max(1, Math.ceil(err.retryAfterSec)));
    }
    // A 500 from the core is a bug or a broken deployment: keep its internals out of the response.
    const detail = status === 500 ? 'The evaluation failed because of an internal error.' : err.message;
    const extra: Partial<Problem> = {};
    if (err.issues && status !== 500) extra.errors = err.issues;
    if (err instanceof UnknownRubricError) extra.availableRubrics = err.available;
    return { status, headers, body: problem(status, err.code, detail, extra) };
  }
  if (err instanceof HttpProblem) {
    return { status: err.status, headers: err.headers, body: problem(err.status, err.code, err.message) };
  }
  if (err instanceof HTTPException) {
    const status = err.status;
    // Keep the headers Hono prepared (e.g. WWW-Authenticate), but not its body or length.
    const headers: Record<string, string> = {};
    err.getResponse().headers.forEach((value, key) => {
      if (key !== 'content-type' && key !== 'content-length') headers[key] = value;
    });
    const code = HTTP_EXCEPTION_CODES[status] ?? (status >= 500 ? 'internal_error' : 'http_error');
    const detail =
      status >= 500
        ? 'Internal error.'
        : status === 415
          ? 'This Content-Type is not accepted here; /openapi.json lists the media types each endpoint takes.'
          : err.message || TITLES[status] || 'Request failed.';
    return { status, headers, body: problem(status, code, detail) };
  }
  return { status: 500, headers: {}, body: problem(500, 'internal_error', 'Internal error.') };
}

/** Sends a problem as application/problem+json on the context (so middleware headers survive). */
export function sendProblem(c: Context<AppEnv>, result: ProblemResult): Response {
  const body: Problem = { ...result.body, requestId: c.get('requestId') };
  for (const [k, v] of Object.entries(result.headers)) c.header(k, v);
  c.header('Content-Type', PROBLEM_MEDIA_TYPE);
  c.set('errorCode', body.code);
  return c.body(JSON.stringify(body), result.status as ContentfulStatusCode);
}
