import { createRoute } from '@hono/zod-openapi';
import { stream } from 'hono/streaming';
import { z } from 'zod';
import { gradeItem } from '../../batch/grade-item.js';
import { MAX_ID_CHARS, type BatchItem } from '../../batch/item.js';
import { BatchLine, READER_CODES, serializeLine } from '../../batch/line.js';
import { createPacer, type Pacer } from '../../batch/pacer.js';
import { runPool } from '../../batch/pool.js';
import { InvalidInputError } from '../../grading/errors.js';
import type { Grader } from '../../grading/evaluate.js';
import { EngineChoice, EvaluationRequest } from '../../grading/request.js';
import { bodyGuard } from '../body.js';
import type { Metrics } from '../metrics.js';
import { createRouter, problemResponses, V1_PROBLEMS } from '../openapi.js';

export interface BatchRouteOptions {
  grader: Grader;
  metrics: Metrics;
  maxItems: number;
  bodyLimitBytes: number;
  /** Deadline for each item (not for the whole stream). */
  itemTimeoutMs: number;
  concurrency: number;
  /** Model calls per minute and tokens per minute, shared by every batch request of this app. */
  rpm: number;
  tpm: number;
  security: { bearerAuth: string[] }[] | undefined;
}

export const NDJSON_MEDIA_TYPE = 'application/x-ndjson';

const BatchItemRequest = z
  .object({ id: z.string().min(1).max(MAX_ID_CHARS).describe('Unique within the request; echoed in its result line') })
  .catchall(z.unknown())
  .meta({
    id: 'BatchItemRequest',
    description: 'An `EvaluationRequest` (same fields, same rules) plus its `id`. A request that fails validation gets an `ok: false` line, not a 400.',
  });

const batchRequest = (maxItems: number) =>
  z
    .object({
      items: z.array(BatchItemRequest).min(1).max(maxItems).describe(`1 to ${maxItems} items (BATCH_MAX_ITEMS)`),
      engine: EngineChoice.optional().describe('Default engine for items that do not name one'),
      rubric: EvaluationRequest.shape.rubric.describe('Default rubric for items that do not name one'),
    })
    .strict()
    .meta({ id: 'BatchEvaluationRequest' });

/**
 * POST /v1/evaluations:batch: grades up to BATCH_MAX_ITEMS answers and streams one NDJSON line per
 * item as each completes (completion order, not request order), the same lines `batch` writes.
 * Errors of the request itself (auth, rate limit, body, duplicate ids) are problem+json before any
 * line; errors of one item are that item's `ok: false` line. A client that disconnects stops the run.
 */
export function batchEvaluationRoutes(options: BatchRouteOptions) {
  const { grader, metrics } = options;
  const pacer: Pacer = createPacer({ rpm: options.rpm, tpm: options.tpm });
  const route = createRoute({
    method: 'post',
    path: '/v1/evaluations:batch',
    tags: ['Evaluations'],
    summary: 'Grade many answers, streaming one NDJSON line per answer',
    description:
      'Send `{items: [{id, ...EvaluationRequest}], engine?, rubric?}` as JSON. The response is `application/x-ndjson`: ' +
      'one `BatchLine` per item, written as each item completes: `{"id","ok":true,"evaluation"}` or ' +
      '`{"id","ok":false,"error":{"code","message"}}`. Every item has its own deadline (REQUEST_TIMEOUT_MS). ' +
      'Duplicate ids, too many items or a malformed body are a 400 problem before any line is sent.',
    security: options.security,
    middleware: [bodyGuard({ mediaTypes: ['application/json'], maxBytes: () => options.bodyLimitBytes })] as const,
    request: { body: { required: true, content: { 'application/json': { schema: batchRequest(options.maxItems) } } } },
    responses: {
      200: {
        description: 'One JSON line per item (NDJSON), in completion order',
        content: { [NDJSON_MEDIA_TYPE]: { schema: BatchLine } },
      },
      ...problemResponses(400, 404, 413, 415, ...V1_PROBLEMS),
    },
  });

  return createRouter().openapi(route, async (c) => {
    const body = c.req.valid('json');
    rejectDuplicates(body.items.map((i) => i.id));
    // Unknown default rubric or unusable default engine: the whole request is wrong, say so now.
    if (body.rubric) grader.rubrics.get(body.rubric);
    // Each item is an evaluation: the rate limit counts them all, not the one request.
    c.get('rateLimit')?.chargeEvaluations(body.items.length);
    const items: BatchItem[] = body.items.map(({ id, ...request }, i) => ({ id, line: i + 1, where: `items[${i}]`, load: async () => request }));
    const defaults = { engine: body.engine, rubric: body.rubric };
    c.set('engine', 'batch');
    c.header('Content-Type', `${NDJSON_MEDIA_TYPE}; charset=utf-8`);
    c.header('Cache-Control', 'no-store');
    c.header('X-Content-Type-Options', 'nosniff');

    // A streamed body has no typed-response form in @hono/zod-openapi; the 200 schema documents each line.
    const response = stream(c, async (s) => {
      const disconnected = c.req.raw.signal;
      await runPool(
        items,
        options.concurrency,
        async (item) => {
          const signal = AbortSignal.any([disconnected, AbortSignal.timeout(options.itemTimeoutMs)]);
          const line = publicLine(await gradeItem(item, { grader, defaults, pacer, retries: 0, signal }));
          if (line.ok) metrics.observeEvaluation(line.evaluation);
          else metrics.observeEvaluationFailure(line.error.code);
          if (!s.aborted) await s.write(serializeLine(line));
        },
        () => s.aborted || disconnected.aborted,
      );
    });
    return response as never;
  });
}

function rejectDuplicates(ids: string[]): void {
  const seen = new Set<string>();
  const dups = new Set<string>();
  for (const id of ids) (seen.has(id) ? dups : seen).add(id);
  if (dups.size > 0) {
    const list = [...dups].slice(0, 10).map((d) => JSON.stringify(d));
    throw new InvalidInputError(`item ids must be unique; repeated: ${list.join(', ')}${dups.size > 10 ? ', …' : ''}`, {
      issues: [...dups].slice(0, 10).map((d) => ({ path: 'items', message: `duplicate id ${JSON.stringify(d)}` })),
    });
  }
}

/** An internal failure's message stays in the server; the line says only that it happened. */
function publicLine(line: BatchLine): BatchLine {
  if (line.ok || line.error.code !== READER_CODES.internal) return line;
  return { ...line, error: { code: READER_CODES.internal, message: 'The evaluation failed because of an internal error.' } };
}
