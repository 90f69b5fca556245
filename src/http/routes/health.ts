import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import type { Grader } from '../../grading/evaluate.js';
import { createRouter } from '../openapi.js';

const Health = z.object({ status: z.literal('ok') }).meta({ id: 'Health' });

const Readiness = z
  .object({
    status: z.enum(['ready', 'draining']),
    engine: z
      .object({
        kind: z.enum(['llm', 'heuristic']),
        describe: z.string(),
      })
      .describe('The engine `engine: auto` uses'),
    fallback: z.enum(['none', 'heuristic']).describe('What happens when the LLM engine fails'),
    rubrics: z.array(z.string()).describe('Ids of the loaded rubrics'),
  })
  .meta({ id: 'Readiness' });

/** GET /healthz (the process is up) and GET /readyz (ready for traffic; the engine in use). */
export function healthRoutes(grader: Grader, isDraining: () => boolean) {
  const healthz = createRoute({
    method: 'get',
    path: '/healthz',
    tags: ['Operations'],
    summary: 'Liveness: the process is up',
    responses: { 200: { description: 'Up', content: { 'application/json': { schema: Health } } } },
  });
  const readyz = createRoute({
    method: 'get',
    path: '/readyz',
    tags: ['Operations'],
    summary: 'Readiness: the engine in use and the loaded rubrics; 503 while shutting down',
    responses: {
      200: { description: 'Ready', content: { 'application/json': { schema: Readiness } } },
      503: { description: 'Draining (shutting down)', content: { 'application/json': { schema: Readiness } } },
    },
  });
  return createRouter()
    .openapi(healthz, (c) => c.json({ status: 'ok' as const }, 200))
    .openapi(readyz, (c) => {
      const engine = grader.llm ?? grader.heuristic;
      const draining = isDraining();
      const body = {
        status: draining ? ('draining' as const) : ('ready' as const),
        engine: { kind: engine.kind, describe: engine.describe },
        fallback: grader.fallback ?? 'none',
        rubrics: grader.rubrics.list().map((r) => r.id),
      };
      return draining ? c.json(body, 503) : c.json(body, 200);
    });
}
