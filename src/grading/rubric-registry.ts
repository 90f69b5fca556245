import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { RubricFileError, UnknownRubricError, type ErrorIssue } from './errors.js';
import { RubricFile, type Rubric } from './rubric.js';
import { DEFAULT_RUBRIC_ID } from './request.js';

export interface RubricRegistry {
  /** Throws UnknownRubricError, listing the valid ids. */
  get(id?: string): Rubric;
  list(): Rubric[];
}

export function zodIssues(error: z.ZodError): ErrorIssue[] {
  return error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
}

/** Parses and validates one YAML data file, reporting the file and the field on failure. */
export function loadYamlFile<S extends z.ZodType>(file: string, schema: S): z.output<S> {
  let raw: unknown;
  try {
    raw = parseYaml(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new RubricFileError(file, [{ path: '', message: `not valid YAML: ${(err as Error).message}` }]);
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new RubricFileError(file, zodIssues(parsed.error));
  return parsed.data;
}

/** Loads one rubric file. Its version is the declared version plus a hash of the file's bytes. */
export function loadRubricFile(file: string): Rubric {
  const data = loadYamlFile(file, RubricFile);
  const hash = createHash('sha256').update(readFileSync(file)).digest('hex').slice(0, 10);
  return { ...data, version: `${data.version}+${hash}`, file };
}

export const RUBRICS_DIR = join(import.meta.dirname, '..', '..', 'rubrics');

/** Loads every `*.yaml` rubric in `dir` (not its subfolders, which hold signal catalogues). */
export function loadRubrics(dir: string = RUBRICS_DIR): RubricRegistry {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.yaml') || f.endsWith('.yml'))
    .sort();
  const byId = new Map<string, Rubric>();
  for (const f of files) {
    const rubric = loadRubricFile(join(dir, f));
    if (byId.has(rubric.id)) {
      throw new RubricFileError(join(dir, f), [{ path: 'id', message: `duplicate rubric id "${rubric.id}"` }]);
    }
    byId.set(rubric.id, rubric);
  }
  return fromRubrics([...byId.values()]);
}

export function fromRubrics(rubrics: Rubric[]): RubricRegistry {
  const byId = new Map(rubrics.map((r) => [r.id, r]));
  return {
    get(id = DEFAULT_RUBRIC_ID) {
      const r = byId.get(id);
      if (!r) throw new UnknownRubricError(id, [...byId.keys()]);
      return r;
    },
    list: () => [...byId.values()],
  };
}
