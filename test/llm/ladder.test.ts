import { describe, expect, it } from 'vitest';
import { ModelOutputError } from '../../src/grading/errors.js';
import { fail, gradeInput, useModelServer, ok, systemMessage, testEngine } from './support.js';

const api = useModelServer();

const SCHEMA_REJECTED = fail(400, 'openai.error-json-schema-unsupported.json');
const TOOLS_REJECTED = fail(400, 'ollama.error-tools-unsupported.json');
const JSON_OBJECT_REJECTED = fail(400, 'lmstudio.error-json-object-unsupported.json');

describe('structured-output ladder', () => {
  it('steps down to a forced tool call when json_schema is rejected, and remembers it for the base URL', async () => {
    api.reply(SCHEMA_REJECTED, ok('openai.tools.success.json'), ok('openai.tools.success.json'));
    const engine = testEngine();
    const result = await engine.grade(gradeInput());
    expect(result.dimensions.map((d) => d.score)).toEqual([5, 4, 5, 5, 4, 4, 5]);
    expect(result.warnings).toContain('the model server does not support structured mode "json_schema"; using "tools"');

    const [first, second] = api.requests;
    expect(first!.response_format).toMatchObject({ type: 'json_schema' });
    expect(second!.response_format).toBeUndefined();
    expect(second!.tools).toHaveLength(1);
    expect(second!.tools![0]).toMatchObject({ type: 'function', function: { name: 'submit_grade', strict: true } });
    expect(second!.tool_choice).toEqual({ type: 'function', function: { name: 'submit_grade' } });
    expect(second!.logprobs).toBeUndefined(); // tool arguments carry no logprobs
    expect(result.dimensions.every((d) => d.expectedScore === null)).toBe(true);
    expect(systemMessage(second!)).toContain('calling the `submit_grade` function');

    await engine.grade(gradeInput());
    expect(api.requests).toHaveLength(3);
    expect(api.requests[2]!.tools).toHaveLength(1);
    expect(api.requests[2]!.response_format).toBeUndefined();
  });

  it('steps down to json_object with the schema in the prompt when tools are rejected too (Ollama)', async () => {
    api.reply(SCHEMA_REJECTED, TOOLS_REJECTED, ok('ollama.json-object.success.json'));
    const result = await testEngine({ model: 'llama3.1:8b' }).grade(gradeInput());
    const third = api.requests[2]!;
    expect(third.response_format).toEqual({ type: 'json_object' });
    expect(third.tools).toBeUndefined();
    expect(systemMessage(third)).toContain('"additionalProperties":false');
    expect(systemMessage(third)).toContain('"production-ownership"');
    expect(result.engine.model).toBe('llama3.1:8b');
    expect(result.engine.systemFingerprint).toBe('fp_ollama');
    // Two requests were refused (400, not billed); `calls` counts completions. No price for llama.
    expect(result.usage).toMatchObject({ promptTokens: 3012, completionTokens: 1044, cachedTokens: 0, calls: 1, costUsd: null });
  });

  it('steps down to prompted JSON when json_object is rejected too (LM Studio), and reads a fenced reply', async () => {
    api.reply(SCHEMA_REJECTED, TOOLS_REJECTED, JSON_OBJECT_REJECTED, ok('llamacpp.prompt.success.json'));
    const engine = testEngine();
    const result = await engine.grade(gradeInput());
    const fourth = api.requests[3]!;
    expect(fourth.response_format).toBeUndefined();
    expect(fourth.tools).toBeUndefined();
    expect(systemMessage(fourth)).toContain('Reply with exactly one JSON object');
    expect(result.dimensions.map((d) => d.score)).toEqual([5, 4, 5, 5, 4, 4, 5]);
    expect(result.warnings).toHaveLength(3);

    api.reply(ok('llamacpp.prompt.success.json'));
    await engine.grade(gradeInput());
    expect(api.requests).toHaveLength(5);
    expect(api.requests[4]!.response_format).toBeUndefined();
  });

  it('never steps down from a mode fixed by EVAL_STRUCTURED_MODE: the rejection is a typed error', async () => {
    api.reply(SCHEMA_REJECTED);
    const err = await testEngine({ structuredMode: 'json_schema' }).grade(gradeInput()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ModelOutputError);
    expect((err as ModelOutputError).status).toBe(502);
    expect((err as Error).message).toContain("'response_format' of type 'json_schema' is not supported");
    expect(api.requests).toHaveLength(1);
  });

  it('drops logprobs when the model refuses them, keeps the mode, and reports expected scores as unavailable', async () => {
    api.reply(fail(400, 'openai.error-logprobs-unsupported.json'), stripLogprobs(ok('openai.json-schema.success.json')));
    const result = await testEngine().grade(gradeInput());
    expect(api.requests[0]!.logprobs).toBe(true);
    expect(api.requests[1]!.logprobs).toBeUndefined();
    expect(api.requests[1]!.response_format).toMatchObject({ type: 'json_schema' });
    expect(result.dimensions.every((d) => d.expectedScore === null)).toBe(true);
  });
});

function stripLogprobs(reply: ReturnType<typeof ok>) {
  const body = structuredClone((reply as { body: any }).body);
  body.choices[0].logprobs = null;
  return { body };
}
