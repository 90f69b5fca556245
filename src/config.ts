import { existsSync } from 'node:fs';
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
const flag = (fallback: boolean) =>
  z.preprocess(
    blankAsUndefined,
    z
      .enum(['true', 'false', '1', '0', 'yes', 'no'], { error: 'must be true or false' })
      .optional()
      .transform((v) => (v === undefined ? fallback : v === 'true' || v === '1' || v === 'yes')),
  );
/** A bearer token must be sendable as-is (RFC 6750 token68) and long enough not to be guessed. */
const apiKey = z
  .string()
  .min(16, 'each key must be at least 16 characters')
  .regex(/^[A-Za-z0-9._~+/-]+=*$/, 'each key may use only letters, digits and . _ ~ + / - (then optional =)');
const origin = z
  .string()
  .refine((s) => s === '*' || /^https?:\/\/[^/\s]+$/.test(s), 'each origin must be "*" or like https://app.example.com (no path)');

export const ConfigSchema = z.object({
  PORT: intInRange(0, 65535, 8787),
  HOST: z.preprocess(blankAsUndefined, z.string().default('0.0.0.0')),
  API_KEYS: list
    .pipe(z.array(apiKey))
    .describe('Comma-separated; when set, /v1/* requires Authorization: Bearer <key>'),

  // HTTP service (src/http): limits, access, logging, shutdown.
  BODY_LIMIT_BYTES: intInRange(1024, 50 * 1024 * 1024, 262_144),
  RATE_LIMIT_PER_MIN: intInRange(0, 1_000_000, 120).describe('Per API key (per client IP without keys); a batch counts one per item; 0 turns it off'),
  TRUST_PROXY: flag(false).describe('Take the client IP from X-Forwarded-For (only behind a proxy you control)'),
  CORS_ORIGINS: list.pipe(z.array(origin)).describe('Comma-separated browser origins allowed to call the API, or *'),
  LOG_LEVEL: z.preprocess(blankAsUndefined, z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info')),
  REQUEST_TIMEOUT_MS: intInRange(1000, 600_000, 120_000).describe('Deadline for one evaluation request'),
  SHUTDOWN_GRACE_MS: intInRange(0, 600_000, 10_000).describe('How long in-flight requests may finish after SIGTERM'),

  OPENAI_API_KEY: optionalString,
  OPENAI_BASE_URL: z.preprocess(blankAsUndefined, z.url().optional()),
  EVAL_MODEL: optionalString,
  EVAL_FALLBACK: z.preprocess(blankAsUndefined, z.enum(['none', 'heuristic']).default('none')),

  // LLM engine (src/llm): deadlines, retries, output mode, sampling, logprobs, prices.
  EVAL_TIMEOUT_MS: intInRange(1000, 600_000, 60_000).describe('Deadline for one model call, including its retries'),
  EVAL_MAX_RETRIES: intInRange(0, 10, 2).describe('Retries of 429/5xx/connection errors, each wait inside the deadline'),
  EVAL_SAMPLES: intInRange(1, 15, 1).describe('Self-consistency: grade k times, report the median and spread'),
  EVAL_STRUCTURED_MODE: z.preprocess(
    blankAsUndefined,
    z.enum(['auto', 'json_schema', 'tools', 'json_object', 'prompt']).default('auto'),
  ),
  EVAL_MAX_OUTPUT_TOKENS: intInRange(256, 200_000, 4096).describe('Output room; doubled once when a reply is cut off'),
  EVAL_LOGPROBS: z.preprocess(blankAsUndefined, z.enum(['auto', 'on', 'off']).default('auto')),
  EVAL_TEMPERATURE: z.preprocess(blankAsUndefined, z.coerce.number().min(0).max(2).optional()),
  EVAL_PRICES: optionalString.describe('Price table: inline JSON or a JSON file path, over the built-in table'),

  // Spoken answers (src/transcripts/audio.ts): audio is transcribed by an OpenAI-compatible
  // /audio/transcriptions endpoint (OPENAI_BASE_URL unless EVAL_TRANSCRIBE_BASE_URL is set).
  EVAL_TRANSCRIBE_MODEL: z.preprocess(blankAsUndefined, z.string().trim().min(1).default('whisper-1')),
  EVAL_TRANSCRIBE_BASE_URL: z.preprocess(blankAsUndefined, z.url().optional()),
  EVAL_TRANSCRIBE_TIMEOUT_MS: intInRange(1000, 1_800_000, 300_000).describe('Deadline for transcribing one audio file'),
  AUDIO_MAX_BYTES: intInRange(1024, 1024 * 1024 * 1024, 25 * 1024 * 1024).describe('Largest audio upload accepted (413 above)'),

  // Batch grading (src/batch): pacing against the provider's limits, concurrency, retries.
  EVAL_RPM: intInRange(0, 10_000_000, 0).describe('Model requests per minute a batch may make; 0 = no pacing'),
  EVAL_TPM: intInRange(0, 1_000_000_000, 0).describe('Model tokens per minute a batch may use (estimated, corrected by usage); 0 = no pacing'),
  BATCH_CONCURRENCY: intInRange(1, 256, 4).describe('Items graded at once by `batch` (overridden by --concurrency)'),
  BATCH_RETRIES: intInRange(0, 10, 2).describe('Further attempts for an item that failed with a retryable error, honouring Retry-After'),
  BATCH_MAX_ITEMS: intInRange(1, 10_000, 100).describe('Most items one POST /v1/evaluations:batch request may carry'),
  BATCH_BODY_LIMIT_BYTES: intInRange(1024, 256 * 1024 * 1024, 4 * 1024 * 1024).describe('Largest POST /v1/evaluations:batch body (413 above)'),
  BATCH_POLL_INTERVAL_MS: intInRange(10, 3_600_000, 30_000).describe('How often `batch --via openai-batch` polls the batch status'),
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

/**
 * Reads `.env` from the working directory into process.env when the file exists. Variables already
 * set in the environment win. Called by the process entries (server, CLI), never by library code.
 */
export function loadDotEnv(path = '.env'): void {
  if (!existsSync(path)) return;
  try {
    process.loadEnvFile(path);
  } catch (err) {
    throw new ConfigError(`cannot read ${path}: ${(err as Error).message}`);
  }
}
