import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import { GraderError, ModelTimeoutError } from '../../grading/errors.js';
import { evaluate, pickEngine, type Grader } from '../../grading/evaluate.js';
import { Evaluation } from '../../grading/evaluation.js';
import { EvaluationRequest } from '../../grading/request.js';
import { AudioUploadForm } from '../audio-upload.js';
import { bodyGuard } from '../body.js';
import { requestDeadline } from '../deadline.js';
import { PlainTextQuery, readEvaluationRequest } from '../evaluation-input.js';
import type { Metrics } from '../metrics.js';
import { createRouter, problemResponses, V1_PROBLEMS } from '../openapi.js';
import type { Transcriber } from '../../transcripts/audio.js';

export interface EvaluationRouteOptions {
  grader: Grader;
  metrics: Metrics;
  bodyLimitBytes: number;
  requestTimeoutMs: number;
  security: { bearerAuth: string[] }[] | undefined;
  /** Recorded answers (multipart `audio`): the transcriber, and the largest recording accepted. */
  audio: { transcribe: Transcriber; maxBytes: number };
}

/** Room for the multipart framing and text fields around the recording. */
const MULTIPART_OVERHEAD_BYTES = 1024 * 1024;

const PLAIN_TEXT_EXAMPLE =
  'I led the migration of our billing service to an event-driven design. I chose to dual-write for two weeks ' +
  'because a cut-over risked double charges; errors fell 40% and on-call pages halved.';

/** POST /v1/evaluations: grade one answer (JSON request, or the answer itself as text/plain). */
export function evaluationRoutes(options: EvaluationRouteOptions) {
  const { grader, metrics } = options;
  const route = createRoute({
    method: 'post',
    path: '/v1/evaluations',
    tags: ['Evaluations'],
    summary: 'Grade one interview answer',
    description:
      'Send a JSON `EvaluationRequest`, or send the answer itself as `text/plain` (then `question`, `rubric` and ' +
      '`engine` may be given as query parameters), or upload a recorded answer as `multipart/form-data` (an `audio` ' +
      'file plus `question`, `rubric`, `engine` and `metadata` (a JSON string) as text fields): it is transcribed ' +
      'and graded as a timed transcript. A failed evaluation returns a problem, never made-up scores.',
    security: options.security,
    middleware: [
      bodyGuard({
        mediaTypes: ['application/json', 'text/plain', 'multipart/form-data'],
        maxBytes: (type) => (type === 'multipart/form-data' ? options.audio.maxBytes + MULTIPART_OVERHEAD_BYTES : options.bodyLimitBytes),
      }),
    ] as const,
    request: {
      query: PlainTextQuery,
      body: {
        description: 'Exactly one of `answer` or `transcript` (JSON), or the answer as plain text',
        content: {
          'application/json': { schema: EvaluationRequest },
          'text/plain': {
            schema: z.string().meta({ description: 'The candidate answer itself (UTF-8)', example: PLAIN_TEXT_EXAMPLE }),
          },
          'multipart/form-data': { schema: AudioUploadForm },
        },
      },
    },
    responses: {
      200: { description: 'The evaluation', content: { 'application/json': { schema: Evaluation } } },
      ...problemResponses(400, 404, 413, 415, 502, 503, 504, ...V1_PROBLEMS),
    },
  });

  return createRouter().openapi(route, async (c) => {
    const request = await readEvaluationRequest(c, {
      json: c.req.valid('json'),
      query: c.req.valid('query'),
      form: c.req.valid('form'),
      transcribe: options.audio.transcribe,
    });
    const planned = plannedEngine(grader, request);
    c.set('engine', planned);
    // The client's disconnect (aborted by @hono/node-server) or the deadline stops the engine. The
    // heuristic engine ignores the signal and never waits, so no timer or disconnect could act on
    // it: it gets no deadline, which saves an AbortController per request.
    const deadline = planned === 'heuristic' ? undefined : requestDeadline(c.req.raw.signal, options.requestTimeoutMs);
    try {
      const evaluation = await evaluate(request, grader, { signal: deadline?.signal });
      metrics.observeEvaluation(evaluation);
      c.set('engine', evaluation.engine.kind);
      return c.json(evaluation, 200);
    } catch (err) {
      const failure =
        deadline?.expired && !(err instanceof GraderError)
          ? new ModelTimeoutError(`the evaluation did not finish within ${options.requestTimeoutMs} ms`, { cause: err })
          : err;
      metrics.observeEvaluationFailure(failure instanceof GraderError ? failure.code : 'internal_error');
      throw failure;
    } finally {
      deadline?.dispose();
    }
  });
}

/** The engine kind this request is headed for, for the log line even when it fails. */
function plannedEngine(grader: Grader, request: unknown): string {
  const choice = (request as { engine?: unknown } | null)?.engine;
  try {
    return pickEngine(grader, choice === 'llm' || choice === 'heuristic' ? choice : 'auto').kind;
  } catch {
    return 'none';
  }
}
