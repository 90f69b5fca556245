import type { Context } from 'hono';
import { z } from 'zod';
import { EvaluationRequest } from '../grading/request.js';
import type { Transcriber } from '../transcripts/audio.js';
import { audioUploadRequest, type AudioUploadForm } from './audio-upload.js';
import { mediaTypeOf } from './body.js';
import type { AppEnv } from './env.js';
import { HttpProblem } from './problem.js';

/**
 * Options for a `text/plain` body, as query parameters. The fields are the request schema's own,
 * so the two cannot drift apart.
 */
export const PlainTextQuery = z.object({
  question: EvaluationRequest.shape.question,
  rubric: EvaluationRequest.shape.rubric,
  engine: EvaluationRequest.shape.engine,
});
export type PlainTextQuery = z.infer<typeof PlainTextQuery>;

export interface ValidatedParts {
  /** The route's JSON validator output; `{}` when the body is not JSON. */
  json: unknown;
  query: PlainTextQuery;
  /** The route's form validator output: an AudioUploadForm when the body is `multipart/form-data`. */
  form?: unknown;
  /** Transcribes an uploaded recording (multipart bodies only). */
  transcribe?: Transcriber;
}

/**
 * Turns the HTTP body into an evaluation request, one branch per media type. evaluate()
 * validates the result again, so a branch only has to map fields, not check them.
 */
export async function readEvaluationRequest(c: Context<AppEnv>, parts: ValidatedParts): Promise<unknown> {
  const type = mediaTypeOf(c.req.header('content-type'));
  const hasQueryOptions = Object.values(parts.query).some((v) => v !== undefined);
  if (type === 'text/plain') {
    return { ...stripUndefined(parts.query), answer: await c.req.text() };
  }
  if (type === 'multipart/form-data' && parts.form && parts.transcribe && !hasQueryOptions) {
    // The client's disconnect stops the transcription. Read here, not for every request:
    // @hono/node-server builds that signal (an AbortController) on first access.
    return audioUploadRequest(parts.form as AudioUploadForm, { transcribe: parts.transcribe, signal: c.req.raw.signal });
  }
  if (hasQueryOptions) {
    throw new HttpProblem(
      400,
      'query_with_json',
      'Query parameters `question`, `rubric` and `engine` apply to text/plain bodies only; put them in the JSON body instead.',
    );
  }
  return parts.json;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
