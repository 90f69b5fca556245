import OpenAI from 'openai';
import { deadlineFetch, type Fetch } from './deadline-fetch.js';

export const OPENAI_BASE_URL = 'https://api.openai.com/v1';

/** Local servers (Ollama, vLLM, LM Studio, llama.cpp) accept any key, but the SDK insists on one. */
const PLACEHOLDER_KEY = 'no-key-needed';

export interface ClientSettings {
  apiKey?: string | undefined;
  baseURL: string;
  /** Retries of 408/409/429/5xx and connection errors, each wait bounded by the deadline. */
  maxRetries: number;
  /** Injected in tests; by default the global fetch, looked up at call time (never captured early). */
  fetch?: Fetch | undefined;
}

const lateBoundFetch: Fetch = (input, init) => globalThis.fetch(input, init);

/**
 * Builds a client for one model request. It is called at use time, once per request, because the
 * SDK captures `fetch` at construction and because the fetch wrapper must know this request's
 * deadline to keep Retry-After waits inside it.
 */
export function createModelClient(settings: ClientSettings, deadlineAt: number): OpenAI {
  return new OpenAI({
    apiKey: settings.apiKey ?? PLACEHOLDER_KEY,
    baseURL: settings.baseURL,
    organization: null,
    project: null,
    maxRetries: settings.maxRetries,
    fetch: deadlineFetch(settings.fetch ?? lateBoundFetch, deadlineAt),
  });
}

/** OpenAI's own API (and Azure's v1 API) take `max_completion_tokens`; most local servers `max_tokens`. */
export function defaultTokenParam(baseURL: string): 'max_completion_tokens' | 'max_tokens' {
  const host = safeHost(baseURL);
  return host === 'api.openai.com' || host.endsWith('.openai.azure.com') ? 'max_completion_tokens' : 'max_tokens';
}

function safeHost(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return '';
  }
}
