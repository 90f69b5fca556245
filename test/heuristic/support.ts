import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { evaluate, type Grader } from '../../src/grading/evaluate.js';
import type { Evaluation } from '../../src/grading/evaluation.js';
import { createHeuristicEngine } from '../../src/grading/heuristic/engine.js';
import { loadRubrics } from '../../src/grading/rubric-registry.js';

/** Shared by the heuristic and fixture tests: an offline grader and the fixture manifest. */

export const FIXTURES_DIR = join(import.meta.dirname, '..', '..', 'fixtures', 'answers');

export function offlineGrader(): Grader {
  return { rubrics: loadRubrics(), heuristic: createHeuristicEngine(), llm: null, now: () => new Date(0), newId: () => 'eval_test' };
}

export const QuestionKind = z.enum(['why-senior', 'hard-project', 'ambiguity', 'mentoring', 'production']);
export const Level = z.enum(['weak', 'mid', 'senior']);

export const Manifest = z
  .object({
    answers: z.array(
      z
        .object({
          id: z.string().min(1),
          file: z.string().regex(/^[a-z-]+\/[a-z0-9-]+\.txt$/),
          kind: QuestionKind,
          level: Level,
          style: z.enum(['written', 'spoken']),
          domain: z.string().min(1),
          question: z.string().min(1),
          band: z.enum(['under-level', 'usable', 'senior-ready']),
        })
        .strict(),
    ),
    probes: z.array(z.object({ id: z.string().min(1), file: z.string().min(1) }).strict()),
  })
  .strict();
export type Manifest = z.infer<typeof Manifest>;

export function loadManifest(): Manifest {
  return Manifest.parse(parse(readFileSync(join(FIXTURES_DIR, 'manifest.yaml'), 'utf8')));
}

export function fixtureText(file: string): string {
  return readFileSync(join(FIXTURES_DIR, file), 'utf8');
}

export function probe(id: string): string {
  const p = loadManifest().probes.find((x) => x.id === id);
  if (!p) throw new Error(`no probe ${id}`);
  return fixtureText(p.file);
}

export async function grade(grader: Grader, answer: string, rubric = 'senior-swe', question?: string): Promise<Evaluation> {
  return evaluate({ answer, rubric, engine: 'heuristic', ...(question ? { question } : {}) }, grader);
}
