import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadRubrics } from '../src/grading/rubric-registry.js';
import { detectSignals } from '../src/grading/signals/detect.js';
import { createLlmEngine } from '../src/llm/engine.js';
import { flagInfoFromCatalogue } from '../src/llm/from-config.js';
import { buildOutputSchema, outputResponseFormat } from '../src/llm/output-schema.js';
import { loadPriceTable } from '../src/llm/prices.js';
import { loadPromptTemplates } from '../src/llm/prompt-files.js';
import { judgedFlagIds, renderSystemPrompt, renderUserMessage } from '../src/llm/prompt.js';

/**
 * LLM engine benchmark: prompt size and the engine's own overhead.
 *
 * Token counts are ESTIMATES: no tokenizer is installed. Two estimates are printed and the larger
 * is used against the target: chars/4 (OpenAI's rule of thumb for English) and a count of
 * GPT-style pre-tokenizer pieces (words with their leading space, number groups of up to 3 digits,
 * punctuation runs), where a piece longer than 8 characters counts as ceil(length/6) tokens.
 * Real BPE counts for English prose are usually at or below the larger estimate.
 *
 * Overhead is grade() against an in-process fetch that returns a recorded-shape payload at once:
 * prompt rendering, the SDK request/response path, validation, logprob scoring and merging;
 * no model time and no network.
 */

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'llm');
const TARGET_TOKENS = 3000;

const PIECES = /'(?:[sdmt]|ll|ve|re)| ?\p{L}+| ?\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+/gu;

export function estimateTokens(text: string): { chars4: number; pieces: number; estimate: number } {
  const chars4 = Math.ceil(text.length / 4);
  let pieces = 0;
  for (const m of text.matchAll(PIECES)) {
    const len = m[0].trim().length;
    pieces += len > 8 ? Math.ceil(len / 6) : 1;
  }
  return { chars4, pieces, estimate: Math.max(chars4, pieces) };
}

export async function benchLlm(): Promise<void> {
  const rubric = loadRubrics().get('senior-swe');
  const templates = loadPromptTemplates();
  const flags = flagInfoFromCatalogue();
  const answer = readFileSync(join(FIXTURES, 'answer.txt'), 'utf8');
  const question = 'Tell me about the hardest technical project you owned end to end.';
  const words = answer.trim().split(/\s+/).length;

  const catalogue = new Map(flags.map((f) => [f.id, f]));
  const schema = buildOutputSchema(rubric, judgedFlagIds(catalogue));
  const jsonSchema = outputResponseFormat(schema).json_schema.schema ?? {};
  const system = renderSystemPrompt(templates, rubric, flags, 'json_schema', jsonSchema);
  const systemJson = renderSystemPrompt(templates, rubric, flags, 'json_object', jsonSchema);
  const signals = detectSignals(answer, rubric, { question });
  const user = renderUserMessage(templates, { text: answer, question, candidates: signals.flags, catalogue, nonce: '0123456789abcdef' });

  const sys = estimateTokens(system);
  const schemaTokens = estimateTokens(JSON.stringify(jsonSchema));
  const usr = estimateTokens(user);
  const sysJson = estimateTokens(systemJson);
  const perMessage = 4; // role and separators per chat message, as OpenAI counts them
  const total = sys.estimate + schemaTokens.estimate + usr.estimate + 2 * perMessage;
  const totalJson = sysJson.estimate + usr.estimate + 2 * perMessage;

  console.log('LLM engine: prompt size (token ESTIMATES, see bench/llm.ts; larger of chars/4 and pre-tokenizer pieces)');
  console.log(`  static prefix, system message (json_schema mode): ${sys.estimate} tokens (chars/4 ${sys.chars4}, pieces ${sys.pieces})`);
  console.log(`  static prefix, response_format JSON schema:        ${schemaTokens.estimate} tokens (chars/4 ${schemaTokens.chars4}, pieces ${schemaTokens.pieces})`);
  console.log(`  user message for a ${words}-word answer (${signals.flags.length} candidate flags): ${usr.estimate} tokens`);
  console.log(`  total input, json_schema mode: ${total} tokens (target <= ${TARGET_TOKENS}: ${total <= TARGET_TOKENS ? 'met' : 'NOT met'})`);
  console.log(`  total input, json_object/prompt mode (schema inside the system message): ${totalJson} tokens (${totalJson <= TARGET_TOKENS ? 'met' : 'NOT met'})`);

  const payload = readFileSync(join(FIXTURES, 'openai.json-schema.success.json'), 'utf8');
  const engine = createLlmEngine({
    model: 'gpt-4o',
    apiKey: 'sk-bench',
    baseURL: 'http://bench.invalid/v1',
    timeoutMs: 30_000,
    maxRetries: 0,
    samples: 1,
    structuredMode: 'auto',
    maxOutputTokens: 4096,
    logprobs: 'auto',
    prices: loadPriceTable(),
    flags: () => flags,
    fetch: async () => new Response(payload, { status: 200, headers: { 'content-type': 'application/json' } }),
  });
  const input = { text: answer, question, rubric, signals, segments: null };
  for (let i = 0; i < 30; i++) await engine.grade(input); // warm-up (JIT, cached prompt and schema)
  const runs = 300;
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await engine.grade(input);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const mean = times.reduce((a, b) => a + b, 0) / runs;
  const pct = (p: number) => times[Math.min(runs - 1, Math.floor((p / 100) * runs))]!.toFixed(2);
  console.log(`LLM engine: own overhead per call, excluding model time (${runs} calls, in-process fetch returning a recorded-shape payload with logprobs)`);
  console.log(`  mean ${mean.toFixed(2)} ms, p50 ${pct(50)} ms, p95 ${pct(95)} ms (load average ${loadavg()[0]!.toFixed(1)} on ${cpus().length} CPUs)`);
}

if (import.meta.url === `file://${process.argv[1]}`) await benchLlm();
