import { APIError } from 'openai';
import type {
  ChatCompletion,
  ChatCompletionCreateParamsNonStreaming,
  ChatCompletionMessageParam,
} from 'openai/resources/chat/completions';
import type { ResponseFormatJSONSchema } from 'openai/resources/shared';
import { createModelClient, type ClientSettings } from './client.js';
import { toGraderError } from './map-error.js';
import { modeHasContentLogprobs, modeParams, type OptionalParam, type StructuredMode } from './modes.js';

/** What the engine has learned about one server (per base URL): the working mode and options. */
export interface ServerState {
  mode: StructuredMode;
  logprobs: boolean;
  temperature: boolean;
  /** Whether `n` returns that many choices; servers that ignore it get k separate calls. */
  n: boolean;
  tokenParam: 'max_completion_tokens' | 'max_tokens';
}

export interface CallSettings {
  model: string;
  client: ClientSettings;
  timeoutMs: number;
  temperature: number | null;
}

export interface RequestShape {
  mode: StructuredMode;
  messages: ChatCompletionMessageParam[];
  responseFormat: ResponseFormatJSONSchema;
  n: number;
  maxTokens: number;
}

/** The request body, plus which optional parameters it carries (any of them may be refused). */
export function buildBody(
  settings: CallSettings,
  server: ServerState,
  shape: RequestShape,
): { body: ChatCompletionCreateParamsNonStreaming; optional: OptionalParam[] } {
  const body: ChatCompletionCreateParamsNonStreaming = {
    model: settings.model,
    messages: shape.messages,
    ...modeParams(shape.mode, shape.responseFormat),
    [server.tokenParam]: shape.maxTokens,
  };
  const optional: OptionalParam[] = [server.tokenParam];
  if (server.temperature && settings.temperature !== null) {
    body.temperature = settings.temperature;
    optional.push('temperature');
  }
  if (shape.n > 1) {
    body.n = shape.n;
    optional.push('n');
  }
  if (server.logprobs && modeHasContentLogprobs(shape.mode)) {
    body.logprobs = true;
    body.top_logprobs = 5;
    optional.push('logprobs');
  }
  return { body, optional };
}

/**
 * One chat completion under its own deadline. The deadline signal (combined with the caller's)
 * also covers the body: the SDK's `timeout` alone stops at the headers, and a server that stalls
 * mid-body would otherwise hang the call. HTTP errors are rethrown as the SDK's APIError so the
 * caller can step down the ladder; everything else is already a typed GraderError.
 */
export async function callModel(
  settings: CallSettings,
  body: ChatCompletionCreateParamsNonStreaming,
  caller?: AbortSignal,
): Promise<ChatCompletion> {
  const deadline = AbortSignal.timeout(settings.timeoutMs);
  const signal = caller ? AbortSignal.any([deadline, caller]) : deadline;
  const client = createModelClient(settings.client, Date.now() + settings.timeoutMs);
  try {
    return await client.chat.completions.create(body, { signal, timeout: settings.timeoutMs });
  } catch (err) {
    if (err instanceof APIError && typeof err.status === 'number' && !deadline.aborted) throw err;
    throw toGraderError(err, {
      model: settings.model,
      baseURL: settings.client.baseURL,
      timeoutMs: settings.timeoutMs,
      deadline,
      caller,
    });
  }
}
