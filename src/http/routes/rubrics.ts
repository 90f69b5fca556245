import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import type { Grader } from '../../grading/evaluate.js';
import { RubricRef } from '../../grading/evaluation.js';
import { RubricFile, type Rubric } from '../../grading/rubric.js';
import { createRouter, problemResponses, V1_PROBLEMS } from '../openapi.js';

const RubricDocument = RubricFile.meta({
  id: 'Rubric',
  description: 'A rubric as loaded: `version` is the declared version plus a hash of the file',
});

const RubricSummary = RubricRef.extend({
  description: z.string(),
  dimensions: z.array(z.object({ id: z.string(), name: z.string() })).describe('In rubric order'),
  bands: z.array(z.object({ id: z.string(), min: z.number().int(), max: z.number().int(), label: z.string() })),
}).meta({ id: 'RubricSummary' });

const RubricList = z.object({ rubrics: z.array(RubricSummary) }).meta({ id: 'RubricList' });

/** The rubric as the API shows it: everything but where it sits on the server's disk. */
function publicRubric({ file: _file, ...rubric }: Rubric) {
  return rubric;
}

function summary(r: Rubric): z.infer<typeof RubricSummary> {
  return {
    id: r.id,
    version: r.version,
    name: r.name,
    description: r.description,
    dimensions: r.dimensions.map((d) => ({ id: d.id, name: d.name })),
    bands: r.bands.map((b) => ({ id: b.id, min: b.min, max: b.max, label: b.label })),
  };
}

/** GET /v1/rubrics and GET /v1/rubrics/{id}. */
export function rubricRoutes(grader: Grader, security: { bearerAuth: string[] }[] | undefined) {
  const list = createRoute({
    method: 'get',
    path: '/v1/rubrics',
    tags: ['Rubrics'],
    summary: 'List the available rubrics',
    security,
    responses: {
      200: { description: 'The rubrics', content: { 'application/json': { schema: RubricList } } },
      ...problemResponses(...V1_PROBLEMS),
    },
  });
  const one = createRoute({
    method: 'get',
    path: '/v1/rubrics/{id}',
    tags: ['Rubrics'],
    summary: 'Get one rubric: dimensions, level descriptions, bands and evidence stack',
    security,
    request: { params: z.object({ id: z.string().min(1).max(100).meta({ param: { name: 'id', in: 'path' }, example: 'senior-swe' }) }) },
    responses: {
      200: { description: 'The rubric', content: { 'application/json': { schema: RubricDocument } } },
      ...problemResponses(400, 404, ...V1_PROBLEMS),
    },
  });
  return createRouter()
    .openapi(list, (c) => c.json({ rubrics: grader.rubrics.list().map(summary) }, 200))
    .openapi(one, (c) => c.json(publicRubric(grader.rubrics.get(c.req.valid('param').id)), 200));
}
