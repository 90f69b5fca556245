import { OpenAPIHono, type Hook } from '@hono/zod-openapi';
import { InvalidInputError } from '../grading/errors.js';
import { zodIssues } from '../grading/rubric-registry.js';
import type { AppEnv } from './env.js';
import { Problem, PROBLEM_MEDIA_TYPE } from './problem.js';

/**
 * Shared pieces for the OpenAPI route files: a router whose validation failures become the same
 * InvalidInputError the grading core throws (so one mapper turns both into problem+json), and the
 * documented error responses.
 */
const validationHook: Hook<unknown, AppEnv, string, unknown> = (result) => {
  if (!result.success) {
    const issues = zodIssues(result.error);
    throw new InvalidInputError(`invalid request: ${issues.map((i) => `${i.path || '(body)'}: ${i.message}`).join('; ')}`, { issues });
  }
};

export function createRouter(): OpenAPIHono<AppEnv> {
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
}

const DESCRIPTIONS: Record<number, string> = {
  400: 'The body or a parameter is invalid (including invalid JSON, invalid UTF-8, nesting too deep)',
  401: 'API keys are configured and the request has none or a wrong one',
  404: 'Unknown rubric (the problem lists the valid ids in `availableRubrics`)',
  413: 'The body is larger than BODY_LIMIT_BYTES',
  415: 'The Content-Type (or its charset) is not supported',
  429: 'Rate limited; retry after `Retry-After` seconds',
  500: 'Internal error (never caused by bad input)',
  502: 'The model answered, but not usably, even after retries',
  503: 'The model (or the requested engine) is unavailable; `Retry-After` when known',
  504: 'The evaluation did not finish within its deadline',
};

export function problemResponses<S extends keyof typeof DESCRIPTIONS>(...statuses: S[]) {
  return Object.fromEntries(
    statuses.map((s) => [s, { description: DESCRIPTIONS[s]!, content: { [PROBLEM_MEDIA_TYPE]: { schema: Problem } } }]),
  ) as Record<S, { description: string; content: { [PROBLEM_MEDIA_TYPE]: { schema: typeof Problem } } }>;
}

/** The statuses any /v1 route can answer because of auth and rate limiting. */
export const V1_PROBLEMS = [401, 429, 500] as const;
