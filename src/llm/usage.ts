import type { ChatCompletion } from 'openai/resources/chat/completions';
import type { Usage } from '../grading/evaluation.js';

/** Adds up what every call of one grading cost: tokens (cached ones too), calls, served models. */
export class UsageMeter {
  private promptTokens = 0;
  private completionTokens = 0;
  private cachedTokens = 0;
  private calls = 0;
  private readonly served: string[] = [];
  private fingerprint: string | null = null;

  add(completion: ChatCompletion): void {
    this.calls += 1;
    const u = completion.usage;
    this.promptTokens += u?.prompt_tokens ?? 0;
    this.completionTokens += u?.completion_tokens ?? 0;
    this.cachedTokens += u?.prompt_tokens_details?.cached_tokens ?? 0;
    if (completion.model && !this.served.includes(completion.model)) this.served.push(completion.model);
    this.fingerprint ??= completion.system_fingerprint ?? null;
  }

  usage(model: string): Omit<Usage, 'costUsd'> {
    return {
      model,
      promptTokens: this.promptTokens,
      completionTokens: this.completionTokens,
      cachedTokens: this.cachedTokens,
      calls: this.calls,
    };
  }

  /** The model names the server reported, first seen first (a dated snapshot, or an Azure model). */
  models(): string[] {
    return [...this.served];
  }

  systemFingerprint(): string | null {
    return this.fingerprint;
  }
}
