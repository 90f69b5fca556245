/**
 * The golden regression set: every fixture text (answers, precision probes, transcripts in their
 * own format, LLM answer texts, benchmark texts, the adversarial inputs) graded by the heuristic
 * engine under both rubrics. Performance work must leave every output byte-identical; the
 * snapshot of hashes is test/perf/__snapshots__/golden.json (regenerate with
 * `npx tsx bench/golden.ts --write` only when an output change is intended).
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { evaluate, type Grader } from '../../src/grading/evaluate.js';
import { createHeuristicEngine } from '../../src/grading/heuristic/engine.js';
import { loadRubrics } from '../../src/grading/rubric-registry.js';
import { adversarialInputs } from '../../src/grading/signals/adversarial.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const RUBRICS = ['senior-swe', 'hiring-scorecard'];

export interface GoldenCase {
  name: string;
  request: Record<string, unknown>;
}

/** Files under `dir` (recursively, sorted) whose names match `ext`. */
export function filesUnder(dir: string, ext: RegExp): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir).sort()) {
    const full = join(dir, entry);
    if (statSync(full).isDirectory()) out.push(...filesUnder(full, ext));
    else if (ext.test(entry)) out.push(full);
  }
  return out;
}

const read = (path: string) => readFileSync(path, 'utf8');

function transcriptFormat(file: string): 'plain' | 'dialogue' | 'vtt' | 'srt' {
  if (file.endsWith('.vtt')) return 'vtt';
  if (file.endsWith('.srt')) return 'srt';
  return /dialogue/.test(file) ? 'dialogue' : 'plain';
}

/** The texts to grade, each once without and (for answers with a known question) once with it. */
function baseCases(): GoldenCase[] {
  const cases: GoldenCase[] = [];
  const manifest = parseYaml(read(join(ROOT, 'fixtures/answers/manifest.yaml'))) as { answers: { file: string; question?: string }[] };
  const questions = new Map(manifest.answers.map((a) => [a.file, a.question]));
  for (const file of filesUnder(join(ROOT, 'fixtures/answers'), /\.txt$/)) {
    const rel = relative(join(ROOT, 'fixtures/answers'), file);
    const answer = read(file);
    cases.push({ name: `answers/${rel}`, request: { answer } });
    const question = questions.get(rel);
    if (question) cases.push({ name: `answers/${rel}+question`, request: { answer, question } });
  }
  for (const file of filesUnder(join(ROOT, 'fixtures/precision'), /\.txt$/)) {
    cases.push({ name: `precision/${relative(join(ROOT, 'fixtures/precision'), file)}`, request: { answer: read(file) } });
  }
  for (const file of [...filesUnder(join(ROOT, 'fixtures/transcripts'), /\.(txt|vtt|srt)$/), ...filesUnder(join(ROOT, 'fixtures/batch/transcripts'), /\.(txt|vtt|srt)$/)]) {
    const rel = relative(ROOT, file);
    const text = read(file);
    cases.push({ name: `${rel}:${transcriptFormat(file)}`, request: { transcript: { format: transcriptFormat(file), text } } });
    cases.push({ name: `${rel}:answer`, request: { answer: text } });
  }
  cases.push({
    name: 'transcripts/dialogue-names.txt:interviewer',
    request: { transcript: { format: 'dialogue', text: read(join(ROOT, 'fixtures/transcripts/dialogue-names.txt')), interviewer: 'Dana Whitfield' } },
  });
  for (const file of [...filesUnder(join(ROOT, 'fixtures/llm'), /\.txt$/), ...filesUnder(join(ROOT, 'bench/fixtures'), /\.txt$/)]) {
    cases.push({ name: relative(ROOT, file), request: { answer: read(file) } });
  }
  for (const { name, text } of adversarialInputs()) cases.push({ name: `adversarial/${name}`, request: { answer: text } });
  return cases;
}

export function goldenCases(): GoldenCase[] {
  return baseCases().flatMap((c) => RUBRICS.map((rubric) => ({ name: `${c.name}@${rubric}`, request: { ...c.request, rubric, engine: 'heuristic' } })));
}

export function goldenGrader(): Grader {
  return { rubrics: loadRubrics(), heuristic: createHeuristicEngine(), llm: null, now: () => new Date(0), newId: () => 'eval_golden' };
}

/** Each case's output (the evaluation minus id and createdAt, or the typed error) as JSON. */
export async function goldenOutputs(grader: Grader = goldenGrader()): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const c of goldenCases()) {
    try {
      const { id: _id, createdAt: _createdAt, ...rest } = await evaluate(c.request, grader);
      out[c.name] = JSON.stringify(rest);
    } catch (err) {
      const e = err as Error & { code?: string };
      out[c.name] = JSON.stringify({ error: e.constructor.name, code: e.code, message: e.message });
    }
  }
  return out;
}

export const hashOf = (json: string) => createHash('sha256').update(json).digest('hex').slice(0, 32);
