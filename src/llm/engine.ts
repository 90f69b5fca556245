import { APIError } from 'openai';
import type { ChatCompletion, ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import type { Engine, EngineResult, GradeInput } from '../grading/engine.js';
import { ModelOutputError, ModelRefusedError } from '../grading/errors.js';
import type { Rubric } from '../grading/rubric.js';
import { callModel, buildBody, type CallSettings, type RequestShape, type ServerState } from './call.js';
import { defaultTokenParam, OPENAI_BASE_URL } from './client.js';
import type { Fetch } from './deadline-fetch.js';
import { expectedScores } from './logprobs.js';
import { toGraderError } from './map-error.js';
import { mergeResult } from './merge.js';
import { modeHasContentLogprobs, nextMode, rawOutput, rejectedParam, rejectsMode, type StructuredMode } from './modes.js';
import { buildOutputSchema, outputResponseFormat, type OutputSchema } from './output-schema.js';
import { costUsd, type PriceTable } from './prices.js';
import { fill, loadPromptTemplates, type PromptTemplates } from './prompt-files.js';
import { judgedFlagIds, newNonce, renderSystemPrompt, renderUserMessage, type FlagInfo } from './prompt.js';
import { combineSamples, type Sample } from './samples.js';
import { UsageMeter } from './usage.js';
import { validateOutput } from './validate-output.js';

export interface LlmEngineOptions {
  model: string;
  apiKey?: string | undefined;
  /** Any OpenAI-compatible server; OpenAI's API when absent. */
  baseURL?: string | undefined;
  timeoutMs: number;
  maxRetries: number;
  samples: number;
  /** `auto` climbs down the ladder from json_schema; a fixed mode never steps down. */
  structuredMode: 'auto' | StructuredMode;
  maxOutputTokens: number;
  logprobs: 'auto' | 'on' | 'off';
  /** Unset: 0 for one sample, 0.7 when sampling several. Never sent to reasoning models. */
  temperature?: number | undefined;
  prices: PriceTable;
  /** The flag catalogue, read when the engine first grades. */
  flags: () => readonly FlagInfo[];
  fetch?: Fetch | undefined;
  templates?: PromptTemplates;
  newNonce?: () => string;
}

/** The question, or every interviewer question of a transcript that has several, in order. */
function questionContext(input: GradeInput): string | null {
  const asked = [...new Set((input.segments ?? []).map((s) => s.question).filter((q): q is string => !!q?.trim()))];
  if (asked.length <= 1) return input.question ?? asked[0] ?? null;
  return asked.map((q, i) => `${i + 1}. ${q}`).join('\n');
}

/** o-series and gpt-5 models expose no logprobs and ignore temperature. */
const isReasoningModel = (model: string) => /^(o\d|gpt-5)/i.test(model.slice(model.lastIndexOf('/') + 1));

/** Bounds the attempts spent learning what a server accepts, so a confused server cannot loop us. */
const MAX_NEGOTIATION_ATTEMPTS = 8;

interface RubricPrompt {
  schema: OutputSchema;
  responseFormat: ReturnType<typeof outputResponseFormat>;
  systemByMode: Map<StructuredMode, string>;
}

/**
 * The LLM engine: one call grades every dimension, flag verdict and evidence-stack step; the output
 * is validated with zod whatever the server promised; one repair call is allowed; anything still
 * unusable is a typed error. It never guesses a score and never falls back silently.
 */
export function createLlmEngine(options: LlmEngineOptions): Engine {
  const baseURL = options.baseURL ?? OPENAI_BASE_URL;
  const templates = options.templates ?? loadPromptTemplates();
  const reasoning = isReasoningModel(options.model);
  const servers = new Map<string, ServerState>();
  const prompts = new Map<string, RubricPrompt>();
  let catalogue: ReadonlyMap<string, FlagInfo> | null = null;

  const settings: CallSettings = {
    model: options.model,
    client: { apiKey: options.apiKey, baseURL, maxRetries: options.maxRetries, fetch: options.fetch },
    timeoutMs: options.timeoutMs,
    temperature: reasoning ? null : (options.temperature ?? (options.samples > 1 ? 0.7 : 0)),
  };

  const serverState = (): ServerState => {
    let s = servers.get(baseURL);
    if (!s) {
      s = {
        mode: options.structuredMode === 'auto' ? 'json_schema' : options.structuredMode,
        logprobs: options.logprobs === 'on' || (options.logprobs === 'auto' && !reasoning),
        temperature: !reasoning,
        n: true,
        tokenParam: defaultTokenParam(baseURL),
      };
      servers.set(baseURL, s);
    }
    return s;
  };

  const flagMap = () => (catalogue ??= new Map(options.flags().map((f) => [f.id, f])));

  const promptFor = (rubric: Rubric): RubricPrompt => {
    const key = `${rubric.id}@${rubric.version}`;
    let p = prompts.get(key);
    if (!p) {
      const schema = buildOutputSchema(rubric, judgedFlagIds(flagMap()));
      p = { schema, responseFormat: outputResponseFormat(schema), systemByMode: new Map() };
      prompts.set(key, p);
    }
    return p;
  };

  const systemPrompt = (rubric: Rubric, prompt: RubricPrompt, mode: StructuredMode): string => {
    let text = prompt.systemByMode.get(mode);
    if (text === undefined) {
      text = renderSystemPrompt(templates, rubric, [...flagMap().values()], mode, prompt.responseFormat.json_schema.schema ?? {});
      prompt.systemByMode.set(mode, text);
    }
    return text;
  };

  const asTyped = (err: unknown) =>
    err instanceof APIError ? toGraderError(err, { model: options.model, baseURL, timeoutMs: options.timeoutMs }) : err;

  async function grade(input: GradeInput): Promise<EngineResult> {
    const server = serverState();
    const prompt = promptFor(input.rubric);
    const dimensionIds = input.rubric.dimensions.map((d) => d.id);
    const meter = new UsageMeter();
    const warnings: string[] = [];
    const user = renderUserMessage(templates, {
      text: input.text,
      question: questionContext(input),
      candidates: input.signals.flags,
      catalogue: flagMap(),
      nonce: (options.newNonce ?? newNonce)(),
    });
    const base = { responseFormat: prompt.responseFormat, maxTokens: options.maxOutputTokens };

    const send = async (shape: RequestShape): Promise<ChatCompletion> => {
      const completion = await callModel(settings, buildBody(settings, server, shape).body, input.signal).catch((err: unknown) => {
        throw asTyped(err);
      });
      meter.add(completion);
      if (completion.choices.length === 0) throw new ModelOutputError(`${options.model} returned no choices`);
      return completion;
    };

    // First call: learn what the server accepts, stepping down the ladder when it refuses a mode.
    let first: { completion: ChatCompletion; shape: RequestShape } | null = null;
    for (let attempt = 0; !first; attempt++) {
      const mode = server.mode;
      const messages: ChatCompletionMessageParam[] = [
        { role: 'system', content: systemPrompt(input.rubric, prompt, mode) },
        { role: 'user', content: user },
      ];
      const shape: RequestShape = { ...base, mode, messages, n: options.samples > 1 && server.n ? options.samples : 1 };
      const { body, optional } = buildBody(settings, server, shape);
      try {
        const completion = await callModel(settings, body, input.signal);
        meter.add(completion);
        if (completion.choices.length === 0) throw new ModelOutputError(`${options.model} returned no choices`);
        first = { completion, shape };
      } catch (err) {
        if (!(err instanceof APIError) || attempt >= MAX_NEGOTIATION_ATTEMPTS) throw asTyped(err);
        const next = nextMode(mode);
        if (options.structuredMode === 'auto' && next && rejectsMode(err, mode)) {
          warnings.push(`the model server does not support structured mode "${mode}"; using "${next}"`);
          server.mode = next;
          continue;
        }
        const param = rejectedParam(err, optional);
        if (!param) throw asTyped(err);
        if (param === 'logprobs') server.logprobs = false;
        else if (param === 'temperature') server.temperature = false;
        else if (param === 'n') server.n = false;
        else server.tokenParam = param === 'max_tokens' ? 'max_completion_tokens' : 'max_tokens';
      }
    }

    const { completion, shape } = first;
    const choices = [...completion.choices].sort((a, b) => a.index - b.index).slice(0, options.samples);
    if (shape.n > 1 && choices.length < shape.n) server.n = false;
    const single = { ...shape, n: 1 };
    const more = Array.from({ length: options.samples - choices.length }, () =>
      send(single).then((c) => c.choices[0]!),
    );
    const allChoices = [...choices, ...(await Promise.all(more))];
    const samples = await Promise.all(
      allChoices.map((choice) => finishSample(choice, single, prompt.schema, dimensionIds, send, warnings)),
    );

    const usage = meter.usage(options.model);
    const served = meter.models();
    return mergeResult({
      input,
      combined: combineSamples(samples, dimensionIds),
      catalogue: flagMap(),
      engine: {
        kind: 'llm',
        model: served[0] ?? options.model,
        promptVersion: templates.version,
        systemFingerprint: meter.systemFingerprint(),
      },
      usage: { ...usage, model: served[0] ?? options.model, costUsd: costUsd(options.prices, served.length > 0 ? served : [options.model], usage) },
      warnings: [...new Set(warnings)],
    });
  }

  /**
   * Turns one choice into a validated sample: a reply cut off by the token limit gets one retry
   * with twice the room, an invalid one gets one repair call that lists its problems; then errors.
   */
  async function finishSample(
    initial: ChatCompletion.Choice,
    shape: RequestShape,
    schema: OutputSchema,
    dimensionIds: string[],
    send: (shape: RequestShape) => Promise<ChatCompletion>,
    warnings: string[],
  ): Promise<Sample> {
    let choice = initial;
    let current = shape;
    let lengthRetried = false;
    let repaired = false;
    for (;;) {
      const message = choice.message;
      if (message.refusal) throw new ModelRefusedError(`${options.model} refused to grade the answer: ${message.refusal}`);
      if (choice.finish_reason === 'content_filter') {
        throw new ModelOutputError(`${options.model}'s reply was stopped by the provider's content filter`);
      }
      if (choice.finish_reason === 'length') {
        if (lengthRetried) {
          throw new ModelOutputError(`${options.model}'s reply was cut off at ${current.maxTokens} output tokens, even after a retry (raise EVAL_MAX_OUTPUT_TOKENS)`);
        }
        lengthRetried = true;
        current = { ...current, maxTokens: current.maxTokens * 2 };
        warnings.push(`the reply was cut off at ${shape.maxTokens} output tokens and was retried with ${current.maxTokens}`);
        choice = (await send(current)).choices[0]!;
        continue;
      }
      const raw = rawOutput(choice, current.mode);
      const checked = validateOutput(raw, schema);
      if (checked.ok) {
        const content = message.content ?? '';
        const expected =
          modeHasContentLogprobs(current.mode) && raw !== null
            ? expectedScores(content, choice.logprobs?.content, dimensionIds, Math.max(0, content.indexOf(raw)))
            : new Map(dimensionIds.map((id) => [id, null] as const));
        return { output: checked.output, expected };
      }
      if (repaired) {
        throw new ModelOutputError(`${options.model}'s reply did not match the output schema, even after a repair request`, {
          issues: checked.problems.map((p) => ({ path: p.split(':')[0] ?? '', message: p })),
        });
      }
      repaired = true;
      warnings.push('the first reply did not match the output schema and was repaired');
      current = { ...current, messages: [...current.messages, ...repairMessages(choice, current.mode, raw, checked.problems)] };
      choice = (await send(current)).choices[0]!;
    }
  }

  function repairMessages(
    choice: ChatCompletion.Choice,
    mode: StructuredMode,
    raw: string | null,
    problems: string[],
  ): ChatCompletionMessageParam[] {
    const text = fill(templates.repair, { errors: problems.map((p) => `- ${p}`).join('\n') });
    const call = choice.message.tool_calls?.find((c) => c.type === 'function');
    if (mode === 'tools' && call) {
      return [
        { role: 'assistant', content: null, tool_calls: [call] },
        { role: 'tool', tool_call_id: call.id, content: text },
      ];
    }
    return [
      { role: 'assistant', content: choice.message.content ?? raw ?? '' },
      { role: 'user', content: text },
    ];
  }

  return {
    kind: 'llm',
    describe: `llm (${options.model} at ${baseURL})`,
    grade,
  };
}
