import type { ChatCompletionTokenLogprob } from 'openai/resources/chat/completions';

/**
 * Expected scores from token logprobs. For each dimension, the token that carries its score digit is
 * found in the returned logprobs, and its top alternatives that differ only in that digit give a
 * distribution over 1..5; the expected score is its mean. When the server returned no logprobs,
 * no alternatives, or tokens that do not spell the content, the answer is null: never a guess.
 */

/** Offsets (UTF-16) of each `dimensions.<id>.score` number in a JSON text that parsed already. */
export function scorePositions(json: string, dimensionIds: readonly string[]): Map<string, number> {
  const wanted = new Set(dimensionIds);
  const found = new Map<string, number>();
  let i = 0;
  const ws = () => {
    while (i < json.length && /\s/.test(json[i]!)) i++;
  };
  const str = (): string => {
    const start = i;
    i++;
    while (i < json.length && json[i] !== '"') i += json[i] === '\\' ? 2 : 1;
    i++;
    return JSON.parse(json.slice(start, i)) as string;
  };
  const value = (path: string[]): void => {
    ws();
    const c = json[i];
    if (c === '{') {
      i++;
      ws();
      if (json[i] === '}') return void i++;
      for (;;) {
        ws();
        const key = str();
        ws();
        i++; // ':'
        value([...path, key]);
        ws();
        if (json[i++] === '}') return;
      }
    }
    if (c === '[') {
      i++;
      ws();
      if (json[i] === ']') return void i++;
      for (let n = 0; ; n++) {
        value([...path, String(n)]);
        ws();
        if (json[i++] === ']') return;
      }
    }
    if (c === '"') return void str();
    const start = i;
    while (i < json.length && !/[\s,\]}]/.test(json[i]!)) i++;
    if (path.length === 3 && path[0] === 'dimensions' && path[2] === 'score' && wanted.has(path[1]!)) found.set(path[1]!, start);
  };
  value([]);
  return found;
}

const utf8Length = (s: string) => Buffer.byteLength(s, 'utf8');

/** Byte offset where each token starts, or null when the tokens do not spell `content`. */
function tokenStarts(content: string, tokens: ChatCompletionTokenLogprob[]): number[] | null {
  const starts: number[] = [];
  let at = 0;
  for (const t of tokens) {
    starts.push(at);
    at += t.bytes ? t.bytes.length : utf8Length(t.token);
  }
  if (at !== utf8Length(content)) return null;
  return starts;
}

/** Expected score per dimension id, or null for each when the logprobs cannot support one. */
export function expectedScores(
  content: string,
  logprobs: ChatCompletionTokenLogprob[] | null | undefined,
  dimensionIds: readonly string[],
  /** Where the JSON object starts in `content` (prompted models may write text around it). */
  jsonStart = 0,
): Map<string, number | null> {
  const result = new Map<string, number | null>(dimensionIds.map((id) => [id, null]));
  if (!logprobs || logprobs.length === 0) return result;
  const starts = tokenStarts(content, logprobs);
  if (!starts) return result;
  for (const [id, pos] of scorePositions(content.slice(jsonStart), dimensionIds)) {
    const byte = utf8Length(content.slice(0, jsonStart + pos));
    let k = starts.length - 1;
    while (k > 0 && starts[k]! > byte) k--;
    result.set(id, expectedFromToken(logprobs[k]!, byte - starts[k]!));
  }
  return result;
}

/** The mean over digit alternatives at the same place in the token ("4" vs "3", ":4" vs ":3"). */
function expectedFromToken(token: ChatCompletionTokenLogprob, at: number): number | null {
  const shape = (t: string) => (t.length > at && /[1-5]/.test(t[at]!) ? t.slice(0, at) + '#' + t.slice(at + 1) : null);
  if (utf8Length(token.token) !== token.token.length) return null; // offsets below are ASCII-only
  const chosen = shape(token.token);
  if (chosen === null || !token.top_logprobs || token.top_logprobs.length === 0) return null;
  const byDigit = new Map<number, number>();
  for (const alt of [token, ...token.top_logprobs]) {
    if (shape(alt.token) !== chosen) continue;
    const digit = Number(alt.token[at]);
    if (!byDigit.has(digit)) byDigit.set(digit, Math.exp(alt.logprob));
  }
  let mass = 0;
  let sum = 0;
  for (const [digit, p] of byDigit) {
    mass += p;
    sum += digit * p;
  }
  return mass > 0 ? Math.round((sum / mass) * 1000) / 1000 : null;
}
