import { createRequire } from 'node:module';
import { cors } from 'hono/cors';
import { requestId } from 'hono/request-id';
import type { Config } from '../config.js';
import type { Grader } from '../grading/evaluate.js';
import { GraderError } from '../grading/errors.js';
import { apiKeyAuth } from './auth.js';
import { createJsonLogger, silentLogger, type Logger } from './logger.js';
import { createMetrics, type Metrics } from './metrics.js';
import { observeRequests } from './observe.js';
import { createRouter } from './openapi.js';
import { HttpProblem, sendProblem, toProblem } from './problem.js';
import { rateLimit } from './rate-limit.js';
import { docsRoutes } from './routes/docs.js';
import { evaluationRoutes } from './routes/evaluations.js';
import { batchEvaluationRoutes } from './routes/evaluations-batch.js';
import { healthRoutes } from './routes/health.js';
import { metricsRoutes } from './routes/metrics.js';
import { rubricRoutes } from './routes/rubrics.js';
import { playgroundRoutes } from '../playground/routes.js';
import { transcriberFromConfig, type Transcriber } from '../transcripts/audio.js';

export interface AppDeps {
  grader: Grader;
  config: Config;
  /** Where the per-request JSON log lines go; silent when omitted. */
  logger?: Logger;
  metrics?: Metrics;
  /** True once shutdown began: responses then carry `Connection: close` and /readyz answers 503. */
  isDraining?: () => boolean;
  /** Clock for the rate limiter (ms since epoch). */
  now?: () => number;
  /** Transcribes uploaded recordings; by default the configured /audio/transcriptions endpoint. */
  transcribe?: Transcriber;
}

const { version } = createRequire(import.meta.url)('../../package.json') as { version: string };

/**
 * The HTTP service as a Hono app, with no listen(): src/server.ts serves it, tests call
 * app.request(). Everything it needs is passed in.
 */
export function createApp(deps: AppDeps) {
  const { grader, config } = deps;
  const logger = deps.logger ?? silentLogger;
  const metrics = deps.metrics ?? createMetrics();
  const isDraining = deps.isDraining ?? (() => false);
  const security = config.API_KEYS.length > 0 ? [{ bearerAuth: [] as string[] }] : undefined;

  const app = createRouter();
  app.use('*', requestId({ headerName: 'X-Request-Id', limitLength: 128 }));
  app.use('*', observeRequests(logger, metrics));
  app.use('*', async function drainingConnectionClose(c, next) {
    await next();
    if (isDraining()) c.header('Connection', 'close');
  });
  if (config.CORS_ORIGINS.length > 0) {
    app.use(
      '*',
      cors({
        origin: config.CORS_ORIGINS.includes('*') ? '*' : config.CORS_ORIGINS,
        allowMethods: ['GET', 'POST', 'OPTIONS'],
        allowHeaders: ['Authorization', 'Content-Type', 'X-Request-Id'],
        exposeHeaders: ['X-Request-Id', 'Retry-After', 'RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset'],
        maxAge: 600,
      }),
    );
  }
  if (config.API_KEYS.length > 0) app.use('/v1/*', apiKeyAuth(config.API_KEYS));
  // Off (0), the limiter would only pass every request on: leave it out of the chain.
  if (config.RATE_LIMIT_PER_MIN > 0) {
    app.use('/v1/*', rateLimit({ perMinute: config.RATE_LIMIT_PER_MIN, trustProxy: config.TRUST_PROXY, now: deps.now }));
  }

  app.route('/', healthRoutes(grader, isDraining));
  app.route(
    '/',
    evaluationRoutes({
      grader,
      metrics,
      bodyLimitBytes: config.BODY_LIMIT_BYTES,
      requestTimeoutMs: config.REQUEST_TIMEOUT_MS,
      security,
      audio: { transcribe: deps.transcribe ?? transcriberFromConfig(config), maxBytes: config.AUDIO_MAX_BYTES },
    }),
  );
  app.route('/', batchEvaluationRoutes({ grader, metrics, maxItems: config.BATCH_MAX_ITEMS, bodyLimitBytes: config.BATCH_BODY_LIMIT_BYTES, itemTimeoutMs: config.REQUEST_TIMEOUT_MS, concurrency: config.BATCH_CONCURRENCY, rpm: config.EVAL_RPM, tpm: config.EVAL_TPM, security }));
  app.route('/', rubricRoutes(grader, security));
  app.route('/', metricsRoutes(metrics));

  if (security) {
    app.openAPIRegistry.registerComponent('securitySchemes', 'bearerAuth', {
      type: 'http',
      scheme: 'bearer',
      description: 'One of the keys in API_KEYS',
    });
  }
  app.route('/', docsRoutes(() => openApiDocument(app)));
  app.route('/', playgroundRoutes());

  app.notFound((c) =>
    sendProblem(c, toProblem(new HttpProblem(404, 'not_found', `No route for ${c.req.method} ${c.req.path.slice(0, 200)}.`))),
  );
  app.onError((err, c) => {
    const problem = toProblem(err);
    if (problem.status >= 500) logger.log('error', 'request failed', { requestId: c.get('requestId'), ...describeError(err) });
    return sendProblem(c, problem);
  });
  return app;
}

export type App = ReturnType<typeof createApp>;

function openApiDocument(app: ReturnType<typeof createRouter>) {
  const doc = app.getOpenAPI31Document({
    openapi: '3.1.0',
    info: {
      title: 'Barometer API',
      version,
      description:
        "Grades a candidate's interview answer against a senior-engineer rubric, with grounded evidence, weak-signal " +
        'flags and advice. Errors are RFC 9457 problem details (`application/problem+json`).',
      license: { name: 'MIT' },
    },
    tags: [
      { name: 'Evaluations', description: 'Grade answers' },
      { name: 'Rubrics', description: 'The rubrics answers are graded against' },
      { name: 'Operations', description: 'Health, readiness and metrics (no API key needed)' },
    ],
  });
  // The route declares the body optional so a text/plain request skips the JSON validator;
  // to clients the body is required, whatever its media type.
  const post = doc.paths?.['/v1/evaluations']?.post;
  if (post?.requestBody && 'content' in post.requestBody) post.requestBody.required = true;
  return doc;
}

/**
 * What the log may say about a failure: never a message, since any message can quote the answer
 * (directly, or through model output). A GraderError is described by its code; anything else is
 * a bug, described by its name and the stack frames that say where it broke.
 */
function describeError(err: unknown): Record<string, unknown> {
  if (err instanceof GraderError) return { error: err.code, errorName: err.name };
  if (err instanceof HttpProblem) return { error: err.code };
  if (err instanceof Error) {
    const frames = (err.stack ?? '').split('\n').filter((l) => /^\s+at /.test(l)).map((l) => l.trim());
    return { error: 'internal_error', errorName: err.name, stack: frames.slice(0, 15) };
  }
  return { error: 'internal_error', errorName: typeof err };
}

export { createJsonLogger };
