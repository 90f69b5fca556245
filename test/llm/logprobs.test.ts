import { describe, expect, it } from 'vitest';
import type { ChatCompletionTokenLogprob } from 'openai/resources/chat/completions';
import { expectedScores, scorePositions } from '../../src/llm/logprobs.js';

const tok = (token: string, logprob = -0.01, top: [string, number][] = [[token, logprob]]): ChatCompletionTokenLogprob => ({
  token,
  logprob,
  bytes: [...Buffer.from(token)],
  top_logprobs: top.map(([t, l]) => ({ token: t, logprob: l, bytes: [...Buffer.from(t)] })),
});

describe('score positions in the model JSON', () => {
  it('finds dimensions.<id>.score values, not look-alikes inside strings or other keys', () => {
    const json = '{"dimensions":{"a":{"evidence":["\\"score\\": 1"],"rationale":"score: 2","score":4},"b":{"score": 3}},"score":5}';
    const pos = scorePositions(json, ['a', 'b']);
    expect(json[pos.get('a')!]).toBe('4');
    expect(json[pos.get('b')!]).toBe('3');
    expect(pos.size).toBe(2);
  });
});

describe('expected score from logprobs', () => {
  const content = '{"dimensions":{"a":{"score":4}}}';
  const tokens = (scoreToken: ChatCompletionTokenLogprob) => [tok('{"'), tok('dimensions'), tok('":{"'), tok('a'), tok('":{"'), tok('score'), tok('":'), scoreToken, tok('}}}')];

  it('weights the digit alternatives by probability', () => {
    const result = expectedScores(content, tokens(tok('4', Math.log(0.6), [['4', Math.log(0.6)], ['3', Math.log(0.3)], ['5', Math.log(0.1)], [' 4', -9]])), ['a']);
    expect(result.get('a')).toBeCloseTo(4 * 0.6 + 3 * 0.3 + 5 * 0.1, 6);
  });

  it('handles a digit inside a longer token (":4" against ":3")', () => {
    const t = [tok('{"'), tok('dimensions'), tok('":{"'), tok('a'), tok('":{"'), tok('score'), tok('":4', Math.log(0.5), [['":4', Math.log(0.5)], ['":5', Math.log(0.5)]]), tok('}}}')];
    expect(expectedScores(content, t, ['a']).get('a')).toBeCloseTo(4.5, 6);
  });

  it('is null without logprobs, without alternatives, or when the tokens do not spell the content', () => {
    expect(expectedScores(content, null, ['a']).get('a')).toBeNull();
    const bare = tok('4');
    bare.top_logprobs = [];
    expect(expectedScores(content, tokens(bare), ['a']).get('a')).toBeNull();
    const wrong = tokens(tok('4'));
    wrong[1] = tok('dimension'); // one character short: the offsets cannot be trusted
    expect(expectedScores(content, wrong, ['a']).get('a')).toBeNull();
  });

  it('accounts for text before the JSON (prompted models)', () => {
    const prefixed = `Sure:\n${content}`;
    const t = [tok('Sure'), tok(':\n'), ...tokens(tok('4', Math.log(0.5), [['4', Math.log(0.5)], ['2', Math.log(0.5)]]))];
    expect(expectedScores(prefixed, t, ['a'], prefixed.indexOf('{')).get('a')).toBeCloseTo(3, 6);
  });
});
