import { describe, expect, it } from 'vitest';
import { ModelOutputError, ModelRefusedError } from '../../src/grading/errors.js';
import { fixture, gradeInput, useModelServer, ok, testEngine } from './support.js';

const api = useModelServer();

const grade = () => testEngine().grade(gradeInput());
const failure = (p: Promise<unknown>) => p.then(() => null, (e: unknown) => e);

describe('invalid model output: one repair call, then a typed error', () => {
  it('repairs an out-of-range score (a vLLM server that does not enforce the schema)', async () => {
    api.reply(ok('vllm.out-of-range.json'), ok('openai.json-schema.success.json'));
    const result = await grade();
    expect(result.dimensions.find((d) => d.id === 'judgment')!.score).toBe(5);
    expect(result.warnings).toContain('the first reply did not match the output schema and was repaired');
    expect(result.usage!.calls).toBe(2);
    expect(result.usage!.promptTokens).toBe(2975 + 2488);

    const repair = api.requests[1]!;
    const invalidText = fixture('vllm.out-of-range.json').choices[0].message.content;
    expect(repair.messages.slice(0, 2)).toEqual(api.requests[0]!.messages);
    expect(repair.messages[2]).toEqual({ role: 'assistant', content: invalidText });
    expect(repair.messages[3]!.role).toBe('user');
    expect(repair.messages[3]!.content).toMatch(/- dimensions\.judgment\.score: Too big: expected number to be <=5/);
  });

  it('repairs a missing field', async () => {
    api.reply(ok('openai.missing-field.json'), ok('openai.json-schema.success.json'));
    const result = await grade();
    expect(result.dimensions.find((d) => d.id === 'autonomy')!.rationale).toMatch(/^Separates facts from assumptions/);
    expect(api.requests[1]!.messages[3]!.content).toContain('- dimensions.autonomy.rationale: Invalid input: expected string, received undefined');
  });

  it('gives up after one repair: an out-of-range score twice is a 502, never a guessed score', async () => {
    api.reply(ok('vllm.out-of-range.json'), ok('vllm.out-of-range.json'));
    const err = await failure(grade());
    expect(err).toBeInstanceOf(ModelOutputError);
    expect((err as ModelOutputError).status).toBe(502);
    expect((err as ModelOutputError).issues?.[0]?.path).toBe('dimensions.judgment.score');
    expect(api.requests).toHaveLength(2);
  });

  it('sends malformed JSON back for repair, then fails with ModelOutputError', async () => {
    api.reply(ok('openai.malformed-json.json'), ok('openai.malformed-json.json'));
    const err = await failure(grade());
    expect(err).toBeInstanceOf(ModelOutputError);
    expect((err as Error).message).toContain('did not match the output schema, even after a repair request');
    expect(api.requests[1]!.messages[3]!.content).toContain('the reply is not valid JSON');
  });

  it('repairs through the tool protocol in tools mode', async () => {
    const bad = fixture('openai.tools.success.json');
    const args = JSON.parse(bad.choices[0].message.tool_calls[0].function.arguments);
    delete args.evidenceStack;
    bad.choices[0].message.tool_calls[0].function.arguments = JSON.stringify(args);
    api.reply({ body: bad }, ok('openai.tools.success.json'));
    const result = await testEngine({ structuredMode: 'tools' }).grade(gradeInput());
    expect(result.evidenceStack.every((s) => s.present)).toBe(true);
    const repair = api.requests[1]!;
    expect(repair.messages[2]).toMatchObject({ role: 'assistant', tool_calls: [{ id: 'call_Q7HnLqVZq3Xh1dMRj0CsdT2y' }] });
    expect(repair.messages[3]).toMatchObject({ role: 'tool', tool_call_id: 'call_Q7HnLqVZq3Xh1dMRj0CsdT2y' });
    expect(repair.tool_choice).toEqual({ type: 'function', function: { name: 'submit_grade' } });
  });
});

describe('refusal, length and content filter', () => {
  it('reports a refusal as ModelRefusedError without a repair call', async () => {
    api.reply(ok('openai.refusal.json'));
    const err = await failure(grade());
    expect(err).toBeInstanceOf(ModelRefusedError);
    expect((err as ModelRefusedError).code).toBe('model_refused');
    expect((err as ModelRefusedError).status).toBe(502);
    expect((err as Error).message).toContain("I'm sorry, but I can't help with grading this content.");
    expect(api.requests).toHaveLength(1);
  });

  it('retries a reply cut off by the token limit once, with twice the room', async () => {
    api.reply(ok('openai.length.json'), ok('openai.json-schema.success.json'));
    const result = await grade();
    expect(result.dimensions).toHaveLength(7);
    expect(api.requests[0]!.max_tokens).toBe(4096);
    expect(api.requests[1]!.max_tokens).toBe(8192);
    expect(api.requests[1]!.messages).toEqual(api.requests[0]!.messages);
    expect(result.warnings).toContain('the reply was cut off at 4096 output tokens and was retried with 8192');
  });

  it('fails when the retried reply is cut off again', async () => {
    api.reply(ok('openai.length.json'), ok('openai.length.json'));
    const err = await failure(grade());
    expect(err).toBeInstanceOf(ModelOutputError);
    expect((err as Error).message).toContain('cut off at 8192 output tokens, even after a retry');
    expect(api.requests).toHaveLength(2);
  });

  it('reports a content-filter stop as ModelOutputError', async () => {
    api.reply(ok('openai.content-filter.json'));
    const err = await failure(grade());
    expect(err).toBeInstanceOf(ModelOutputError);
    expect(err).not.toBeInstanceOf(ModelRefusedError);
    expect((err as Error).message).toContain('content filter');
    expect(api.requests).toHaveLength(1);
  });
});
