import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { RubricFileError } from '../grading/errors.js';

/**
 * The prompt templates are files in `prompts/`. They are checked at load (each must use exactly
 * its placeholders), and their content hash is the engine's `promptVersion`: change a word of a
 * prompt and every result graded with it says so.
 */
export const PROMPTS_DIR = join(import.meta.dirname, '..', '..', 'prompts');

const FILES = {
  system: { file: 'grade.system.md', placeholders: ['rubric_name', 'rubric', 'evidence_stack', 'flag_catalogue', 'output_format'] },
  user: { file: 'grade.user.md', placeholders: ['nonce', 'question', 'candidate_flags', 'answer'] },
  repair: { file: 'repair.md', placeholders: ['errors'] },
  json_schema: { file: 'output.json_schema.md', placeholders: [] },
  tools: { file: 'output.tools.md', placeholders: [] },
  json: { file: 'output.json.md', placeholders: ['schema'] },
} as const;

export type TemplateName = keyof typeof FILES;
export type PromptTemplates = Record<TemplateName, string> & { version: string };

const PLACEHOLDER = /\{\{(\w+)\}\}/g;

const templateSchema = (placeholders: readonly string[]) =>
  z
    .string()
    .refine((s) => s.trim().length > 0, 'is empty')
    .superRefine((s, ctx) => {
      const used = new Set([...s.matchAll(PLACEHOLDER)].map((m) => m[1]!));
      for (const p of placeholders) if (!used.has(p)) ctx.addIssue({ code: 'custom', message: `missing placeholder {{${p}}}` });
      for (const u of used) if (!placeholders.includes(u)) ctx.addIssue({ code: 'custom', message: `unknown placeholder {{${u}}}` });
    });

/** Reads and checks every template; the version hashes file names and bytes, in a fixed order. */
export function loadPromptTemplates(dir: string = PROMPTS_DIR): PromptTemplates {
  const hash = createHash('sha256');
  const out: Partial<Record<TemplateName, string>> = {};
  for (const [name, spec] of Object.entries(FILES) as [TemplateName, (typeof FILES)[TemplateName]][]) {
    const path = join(dir, spec.file);
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (err) {
      throw new RubricFileError(path, [{ path: '', message: `cannot read prompt file: ${(err as Error).message}` }]);
    }
    const checked = templateSchema(spec.placeholders).safeParse(text);
    if (!checked.success) throw new RubricFileError(path, checked.error.issues.map((i) => ({ path: '', message: i.message })));
    hash.update(`${spec.file}\0${text}\0`);
    out[name] = text;
  }
  return { ...(out as Record<TemplateName, string>), version: `prompt-${hash.digest('hex').slice(0, 12)}` };
}

/** Fills placeholders in one pass, so text inserted for one placeholder is never expanded again. */
export function fill(template: string, values: Record<string, string>): string {
  return template.replace(PLACEHOLDER, (whole, name: string) => values[name] ?? whole);
}
