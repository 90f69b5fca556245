import { ConfigError, type Config } from '../config.js';
import type { Engine } from '../grading/engine.js';
import { flagCatalogue } from '../grading/signals/catalogue.js';
import { createLlmEngine, type LlmEngineOptions } from './engine.js';
import { loadPriceTable } from './prices.js';
import type { FlagInfo } from './prompt.js';

/**
 * The catalogue as the engine needs it. Whole-answer rules, like absence rules, carry no quote;
 * whole-answer rules other than management-only are delivery measurements the model cannot make.
 */
export function flagInfoFromCatalogue(): FlagInfo[] {
  return flagCatalogue().map((c) => ({
    id: c.rule.id,
    label: c.rule.label,
    severity: c.rule.severity,
    advice: c.rule.advice,
    absence: c.kind !== 'span',
    measured: c.kind === 'whole' && c.rule.detector.type !== 'management-only',
  }));
}

/** The engine options the configuration gives; `fetch` and retries are the caller's to add. */
export function llmEngineOptions(config: Config): Omit<LlmEngineOptions, 'fetch'> {
  if (!config.EVAL_MODEL) throw new ConfigError('EVAL_MODEL is not set');
  if (!config.OPENAI_API_KEY && !config.OPENAI_BASE_URL) {
    throw new ConfigError(
      'EVAL_MODEL is set but OPENAI_API_KEY is not: set the key for OpenAI, or OPENAI_BASE_URL for a local server',
    );
  }
  return {
    model: config.EVAL_MODEL,
    apiKey: config.OPENAI_API_KEY,
    baseURL: config.OPENAI_BASE_URL,
    timeoutMs: config.EVAL_TIMEOUT_MS,
    maxRetries: config.EVAL_MAX_RETRIES,
    samples: config.EVAL_SAMPLES,
    structuredMode: config.EVAL_STRUCTURED_MODE,
    maxOutputTokens: config.EVAL_MAX_OUTPUT_TOKENS,
    logprobs: config.EVAL_LOGPROBS,
    temperature: config.EVAL_TEMPERATURE,
    prices: loadPriceTable(config.EVAL_PRICES),
    flags: flagInfoFromCatalogue,
  };
}

/** The LLM engine when EVAL_MODEL is set, else null (then `engine: auto` means heuristic). */
export function llmEngineFromConfig(config: Config): Engine | null {
  return config.EVAL_MODEL ? createLlmEngine(llmEngineOptions(config)) : null;
}
