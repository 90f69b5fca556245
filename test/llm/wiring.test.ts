import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import { createGrader } from '../../src/grader.js';
import { pickEngine } from '../../src/grading/evaluate.js';

describe('LLM engine settings and wiring', () => {
  it('has documented defaults', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      EVAL_TIMEOUT_MS: 60_000,
      EVAL_MAX_RETRIES: 2,
      EVAL_SAMPLES: 1,
      EVAL_STRUCTURED_MODE: 'auto',
      EVAL_MAX_OUTPUT_TOKENS: 4096,
      EVAL_LOGPROBS: 'auto',
    });
    expect(c.EVAL_TEMPERATURE).toBeUndefined();
    expect(c.EVAL_PRICES).toBeUndefined();
  });

  it('rejects bad values, naming the variable', () => {
    expect(() => loadConfig({ EVAL_SAMPLES: '0' })).toThrow(/EVAL_SAMPLES/);
    expect(() => loadConfig({ EVAL_STRUCTURED_MODE: 'grammar' })).toThrow(/EVAL_STRUCTURED_MODE/);
    expect(() => loadConfig({ EVAL_TIMEOUT_MS: 'soon' })).toThrow(/EVAL_TIMEOUT_MS/);
    expect(() => loadConfig({ EVAL_TEMPERATURE: '3' })).toThrow(/EVAL_TEMPERATURE/);
  });

  it('builds the LLM engine when EVAL_MODEL is set, and `auto` then picks it', () => {
    const grader = createGrader(loadConfig({ EVAL_MODEL: 'llama3.1:8b', OPENAI_BASE_URL: 'http://localhost:11434/v1' }));
    expect(grader.llm?.kind).toBe('llm');
    expect(grader.llm?.describe).toBe('llm (llama3.1:8b at http://localhost:11434/v1)');
    expect(pickEngine(grader, 'auto')).toBe(grader.llm);
    expect(pickEngine(grader, 'heuristic').kind).toBe('heuristic');
  });

  it('uses the heuristic engine for `auto` without a model', () => {
    const grader = createGrader(loadConfig({}));
    expect(grader.llm).toBeNull();
    expect(pickEngine(grader, 'auto').kind).toBe('heuristic');
  });

  it('refuses OpenAI without a key at start-up', () => {
    expect(() => createGrader(loadConfig({ EVAL_MODEL: 'gpt-4o' }))).toThrow(ConfigError);
    expect(() => createGrader(loadConfig({ EVAL_MODEL: 'gpt-4o', EVAL_PRICES: '{"models":{"x":{}}}', OPENAI_API_KEY: 'sk-x' }))).toThrow(/EVAL_PRICES/);
  });
});
