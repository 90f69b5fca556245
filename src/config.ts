import { z } from 'zod';

/**
 * Every setting, read from the environment once and validated at start-up.
 * Each one is listed in `.env.example` and the README; keep the three in step.
 */
const blankAsUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const optionalString = z.preprocess(blankAsUndefined, z.string().trim().min(1).optional());
const intInRange = (min: number, max: number, fallback: number) =>
  z.preprocess(blankAsUndefined, z.coerce.number().int().min(min).max(max).default(fallback));
const list = z.preprocess(
  (v) => (typeof v === 'string' ? v.split(',').map((s) => s.trim()).filter(Boolean) : v ?? []),
  z.array(z.string()),
);

export const ConfigSchema = z.object({
  PORT: intInRange(0, 65535, 8787),
  HOST: z.preprocess(blankAsUndefined, z.string().default('0.0.0.0')),
  API_KEYS: list.describe('Comma-separated; when set, /v1/* requires Authorization: Bearer <key>'),

  OPENAI_API_KEY: optionalString,
  OPENAI_BASE_URL: z.preprocess(blankAsUndefined, z.url().optional()),
  EVAL_MODEL: optionalString,
  EVAL_FALLBACK: z.preprocess(blankAsUndefined, z.enum(['none', 'heuristic']).default('none')),
});
export type Config = z.infer<typeof ConfigSchema>;

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Parses the environment; a bad value is a ConfigError naming the variable and the problem. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = ConfigSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`invalid configuration:\n${lines.join('\n')}`);
  }
  return parsed.data;
}
