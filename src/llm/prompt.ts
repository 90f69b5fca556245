import { randomBytes } from 'node:crypto';
import type { Flag } from '../grading/evaluation.js';
import type { Rubric } from '../grading/rubric.js';
import { fill, type PromptTemplates } from './prompt-files.js';
import { outputPromptFor, type StructuredMode } from './modes.js';

/** What the engine knows about a catalogue flag: enough to describe it and to build a Flag. */
export interface FlagInfo {
  id: string;
  label: string;
  severity: Flag['severity'];
  advice: string;
  /** Judged on the whole answer (no outcome, no trade-off...): it has no quote. */
  absence: boolean;
  /** Set by a measurement (filler rate, speaking pace), not by reading: the model is not asked. */
  measured: boolean;
}

/** The flags the model may raise or judge: all but the measured ones, in catalogue order. */
export function judgedFlagIds(catalogue: ReadonlyMap<string, FlagInfo>): string[] {
  return [...catalogue.values()].filter((f) => !f.measured).map((f) => f.id);
}

/**
 * The system message: instructions, rubric, evidence stack, flag catalogue and output format. It
 * depends only on the rubric, the catalogue and the structured mode, never on the answer, so it is
 * byte-identical across requests and providers' prompt caching applies to it.
 */
export function renderSystemPrompt(
  templates: PromptTemplates,
  rubric: Rubric,
  catalogue: readonly FlagInfo[],
  mode: StructuredMode,
  jsonSchema: object,
): string {
  const rubricText = rubric.dimensions
    .map((d) => {
      const levels = ([1, 2, 3, 4, 5] as const).map((n) => `- ${n}: ${oneLine(d.levels[n])}`).join('\n');
      return `## ${d.id}: ${d.name}\n${oneLine(d.summary)}\n${levels}`;
    })
    .join('\n\n');
  const stack = rubric.evidenceStack.map((s) => `- ${s.step}: ${oneLine(s.question)}`).join('\n');
  const flags = catalogue
    .filter((f) => !f.measured)
    .map((f) => `- ${f.id}: ${oneLine(f.label)}${f.absence ? ' (absence)' : ''}`)
    .join('\n');
  const { $schema: _draft, ...schema } = jsonSchema as Record<string, unknown>;
  const format = fill(templates[outputPromptFor(mode)], { schema: JSON.stringify(schema) }).trim();
  return fill(templates.system, {
    rubric_name: rubric.name,
    rubric: rubricText,
    evidence_stack: stack,
    flag_catalogue: flags,
    output_format: format,
  }).trim();
}

export interface UserMessageInput {
  text: string;
  question: string | null;
  candidates: readonly Flag[];
  catalogue: ReadonlyMap<string, FlagInfo>;
  nonce: string;
}

/** The user message: question, candidate flags, then the answer last, inside nonce-marked delimiters. */
export function renderUserMessage(templates: PromptTemplates, input: UserMessageInput): string {
  // Indexes are positions in the detector's list, so verdicts map back even with measured flags left out.
  const listed = input.candidates
    .map((f, i) => ({ f, i }))
    .filter(({ f }) => !input.catalogue.get(f.id)?.measured)
    .map(({ f, i }) =>
      f.quote === null
        ? `[${i}] ${f.id} (absence): about the whole answer`
        : `[${i}] ${f.id}: "${neutralizeMarkers(oneLine(f.quote))}"`,
    );
  const candidates = listed.length === 0 ? '(none)' : listed.join('\n');
  return fill(templates.user, {
    nonce: input.nonce,
    question: input.question === null ? '(no question was given)' : neutralizeMarkers(input.question),
    candidate_flags: candidates,
    answer: neutralizeMarkers(input.text.trim()),
  }).trimEnd();
}

export const newNonce = (): string => randomBytes(8).toString('hex');

/**
 * Anything in candidate text that looks like one of our delimiters (`<answer-…>`, `</question…>`)
 * loses its opening bracket to a look-alike, so it cannot close or open a section. The replacement
 * is one UTF-16 unit, like `<`, and grounding ignores punctuation, so quotes still map back.
 */
export function neutralizeMarkers(s: string): string {
  return s.replace(/<(?=\s*\/?\s*(?:answer|question)\b)/gi, '\u2039');
}

const oneLine = (s: string) => s.replace(/\s+/g, ' ').trim();
