import type { APIError } from 'openai';
import type {
  ChatCompletion,
  ChatCompletionCreateParamsNonStreaming,
  ChatCompletionFunctionTool,
} from 'openai/resources/chat/completions';
import type { ResponseFormatJSONSchema } from 'openai/resources/shared';
import { apiMessage } from './map-error.js';

/**
 * The structured-output ladder, strongest first. A server that rejects a mode gets the next one;
 * whatever the mode, the output is validated with zod on our side.
 */
export const STRUCTURED_MODES = ['json_schema', 'tools', 'json_object', 'prompt'] as const;
export type StructuredMode = (typeof STRUCTURED_MODES)[number];

export const TOOL_NAME = 'submit_grade';

export function nextMode(mode: StructuredMode): StructuredMode | null {
  return STRUCTURED_MODES[STRUCTURED_MODES.indexOf(mode) + 1] ?? null;
}

/** Which output-format prompt file a mode uses: the schema goes into the prompt for the last two. */
export function outputPromptFor(mode: StructuredMode): 'json_schema' | 'tools' | 'json' {
  return mode === 'json_schema' || mode === 'tools' ? mode : 'json';
}

/** Only modes whose output is message content can carry logprobs for the score tokens. */
export const modeHasContentLogprobs = (mode: StructuredMode) => mode !== 'tools';

type ModeParams = Pick<ChatCompletionCreateParamsNonStreaming, 'response_format' | 'tools' | 'tool_choice'>;

export function modeParams(mode: StructuredMode, responseFormat: ResponseFormatJSONSchema): ModeParams {
  switch (mode) {
    case 'json_schema':
      return { response_format: responseFormat };
    case 'tools': {
      const tool: ChatCompletionFunctionTool = {
        type: 'function',
        function: {
          name: TOOL_NAME,
          description: 'Submit the grade of the answer',
          parameters: responseFormat.json_schema.schema ?? {},
          strict: true,
        },
      };
      return { tools: [tool], tool_choice: { type: 'function', function: { name: TOOL_NAME } } };
    }
    case 'json_object':
      return { response_format: { type: 'json_object' } };
    case 'prompt':
      return {};
  }
}

/** The raw JSON text of one choice: the tool call's arguments, or the message content. */
export function rawOutput(choice: ChatCompletion.Choice, mode: StructuredMode): string | null {
  if (mode === 'tools') {
    const call = choice.message.tool_calls?.find((c) => c.type === 'function' && c.function.name === TOOL_NAME);
    if (call?.type === 'function') return call.function.arguments;
  }
  const content = choice.message.content;
  return content == null ? null : unwrapJson(content);
}

/**
 * Prompted models (and servers that do not enforce the mode) often wrap the object in a code fence
 * or a sentence: keep the outermost {...}. Content that is only the object is returned unchanged.
 */
function unwrapJson(content: string): string {
  const start = content.indexOf('{');
  const end = content.lastIndexOf('}');
  return start >= 0 && end > start ? content.slice(start, end + 1) : content;
}

const REJECTABLE_STATUS = new Set([400, 422, 500, 501]);
const MODE_WORDS: Record<StructuredMode, RegExp | null> = {
  json_schema: /response_format|json_schema|structured output|strict/i,
  tools: /\btools?\b|tool_choice|function/i,
  json_object: /response_format|json_object|json mode/i,
  prompt: null,
};
const CONTEXT_TOO_LONG = /context length|maximum context|too many tokens/i;
/** How servers word "I do not do that" (as opposed to "that value is wrong"). */
const UNSUPPORTED =
  /not supported|unsupported|does not support|must be|unknown|unrecogni[sz]ed|not allowed|not permitted|requires|extra (?:fields|inputs)|invalid parameter/i;

/** True when the server refused the request because it does not support this structured mode. */
export function rejectsMode(err: APIError, mode: StructuredMode): boolean {
  const words = MODE_WORDS[mode];
  if (!words || err.status === undefined || !REJECTABLE_STATUS.has(err.status)) return false;
  const text = `${err.param ?? ''} ${apiMessage(err)}`;
  return words.test(text) && UNSUPPORTED.test(text) && !CONTEXT_TOO_LONG.test(text);
}

/** Optional request parameters some servers or models refuse; each can be dropped and retried. */
export type OptionalParam = 'logprobs' | 'temperature' | 'n' | 'max_completion_tokens' | 'max_tokens';

/** Which optional parameter a 400 complains about, if any. */
export function rejectedParam(err: APIError, sent: OptionalParam[]): OptionalParam | null {
  if (err.status === undefined || !REJECTABLE_STATUS.has(err.status)) return null;
  const text = apiMessage(err);
  // "max_tokens is too large" names the parameter too, but dropping it would not help.
  if (!String(err.code ?? '').startsWith('unsupported') && !UNSUPPORTED.test(text)) return null;
  const param = (err.param ?? '').replace(/^top_logprobs$/, 'logprobs');
  if ((sent as string[]).includes(param)) return param as OptionalParam;
  const named = sent.find((p) => (p === 'n' ? /['"`]n['"`]|\bparameter n\b/i : new RegExp(`\\b${p}\\b`, 'i')).test(text));
  return named ?? (sent.includes('logprobs') && /top_logprobs/i.test(text) ? 'logprobs' : null);
}
