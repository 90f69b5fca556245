import type { Context, MiddlewareHandler } from 'hono';
import { matchedRoutes } from 'hono/route';
import type { AppEnv } from './env.js';
import type { Logger } from './logger.js';
import type { Metrics } from './metrics.js';

/**
 * The route pattern that answered (e.g. `/v1/rubrics/:id`), never the raw path or query,
 * so logs and metric labels stay bounded and free of request content.
 */
export function routeLabel(c: Context<AppEnv>): string {
  const handlers = matchedRoutes(c).filter((r) => r.method !== 'ALL');
  return handlers.at(-1)?.path ?? 'unmatched';
}

/** One structured log line and the request metrics, for every request. */
export function observeRequests(logger: Logger, metrics: Metrics): MiddlewareHandler<AppEnv> {
  return async function observeRequests(c, next) {
    const started = performance.now();
    await next();
    const seconds = (performance.now() - started) / 1000;
    const route = routeLabel(c);
    const status = c.res.status;
    metrics.observeRequest({ method: c.req.method, route, status }, seconds);
    const level = status >= 500 ? 'error' : 'info';
    logger.log(level, 'request', {
      requestId: c.get('requestId'),
      method: c.req.method,
      route,
      status,
      latencyMs: Math.round(seconds * 1e6) / 1e3,
      engine: c.get('engine') ?? null,
      ...(c.get('errorCode') ? { error: c.get('errorCode') } : {}),
    });
  };
}
