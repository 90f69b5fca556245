import type { ModelOutput, OutputSchema } from './output-schema.js';

export type Validation = { ok: true; output: ModelOutput } | { ok: false; problems: string[] };

/**
 * Checks a raw reply against the output schema, whatever the server promised: servers that do not
 * enforce schemas return malformed JSON, missing fields and out-of-range scores. The problems are
 * written for the model to read in the repair call.
 */
export function validateOutput(raw: string | null, schema: OutputSchema): Validation {
  if (raw === null || raw.trim() === '') return { ok: false, problems: ['the reply was empty: no JSON object was returned'] };
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch (err) {
    return { ok: false, problems: [`the reply is not valid JSON (${(err as Error).message})`] };
  }
  const parsed = schema.safeParse(data);
  if (parsed.success) return { ok: true, output: parsed.data };
  const problems = parsed.error.issues.slice(0, 20).map((i) => `${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`);
  return { ok: false, problems };
}
