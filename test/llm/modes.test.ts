import { BadRequestError, InternalServerError } from 'openai';
import { describe, expect, it } from 'vitest';
import { rejectedParam, rejectsMode } from '../../src/llm/modes.js';
import { fixture } from './support.js';

const bad = (body: unknown, status = 400) =>
  status >= 500
    ? new InternalServerError(status, (body as { error: object }).error, undefined, new Headers())
    : new BadRequestError(400, (body as { error: object }).error, undefined, new Headers());

describe('recognising a server that does not support a mode or a parameter', () => {
  it('recognises the real rejection messages of OpenAI, Ollama, LM Studio and vLLM', () => {
    expect(rejectsMode(bad(fixture('openai.error-json-schema-unsupported.json')), 'json_schema')).toBe(true);
    expect(rejectsMode(bad(fixture('ollama.error-tools-unsupported.json')), 'tools')).toBe(true);
    expect(rejectsMode(bad(fixture('lmstudio.error-json-object-unsupported.json')), 'json_object')).toBe(true);
    const vllm = { error: { message: '"auto" tool choice requires --enable-auto-tool-choice and --tool-call-parser to be set', type: 'BadRequestError' } };
    expect(rejectsMode(bad(vllm), 'tools')).toBe(true);
  });

  it('does not step down for other errors', () => {
    expect(rejectsMode(bad(fixture('openai.error-context-length.json')), 'json_schema')).toBe(false);
    expect(rejectsMode(bad(fixture('openai.error-500.json'), 500), 'json_schema')).toBe(false);
    const toolFailed = { error: { message: 'Internal error while calling function: timeout' } };
    expect(rejectsMode(bad(toolFailed, 500), 'tools')).toBe(false);
    // The ladder's last step has nothing to drop.
    expect(rejectsMode(bad(fixture('lmstudio.error-json-object-unsupported.json')), 'prompt')).toBe(false);
  });

  it('names the optional parameter to drop, but not for a bad value of it', () => {
    expect(rejectedParam(bad(fixture('openai.error-logprobs-unsupported.json')), ['max_tokens', 'logprobs'])).toBe('logprobs');
    const maxTokens = { error: { message: "Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.", type: 'invalid_request_error', param: 'max_tokens', code: 'unsupported_parameter' } };
    expect(rejectedParam(bad(maxTokens), ['max_tokens', 'temperature'])).toBe('max_tokens');
    const temperature = { error: { message: "Unsupported value: 'temperature' does not support 0 with this model. Only the default (1) value is supported.", type: 'invalid_request_error', param: 'temperature', code: 'unsupported_value' } };
    expect(rejectedParam(bad(temperature), ['max_completion_tokens', 'temperature'])).toBe('temperature');
    const tooLarge = { error: { message: 'max_tokens is too large: 100000. This model supports at most 16384 completion tokens, whereas you provided 100000.', type: 'invalid_request_error', param: 'max_tokens', code: 'invalid_value' } };
    expect(rejectedParam(bad(tooLarge), ['max_tokens'])).toBeNull();
  });
});
