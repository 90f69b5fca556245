import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import type { Metrics } from '../metrics.js';
import { createRouter } from '../openapi.js';

/**
 * GET /metrics in the Prometheus text format. Open like the health checks: it carries counts and
 * latencies only (no request content, no keys), and scrapers rarely hold API keys. Keep the port
 * off the public internet, or block /metrics at the proxy, if the counts themselves are sensitive.
 */
export function metricsRoutes(metrics: Metrics) {
  const route = createRoute({
    method: 'get',
    path: '/metrics',
    tags: ['Operations'],
    summary: 'Prometheus metrics: requests, latency, evaluations by engine, model tokens',
    responses: {
      200: {
        description: 'Prometheus text exposition format 0.0.4',
        content: { 'text/plain': { schema: z.string() } },
      },
    },
  });
  return createRouter().openapi(route, (c) =>
    c.text(metrics.render(), 200, { 'Content-Type': 'text/plain; version=0.0.4; charset=utf-8' }),
  );
}
