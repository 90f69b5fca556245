import type { AdviceItem, EngineDimension, EngineResult, GradeInput } from '../grading/engine.js';
import type { EngineInfo, Flag, Usage } from '../grading/evaluation.js';
import { createLocator } from '../grading/grounding.js';
import { dimensionForFlag } from '../grading/signals/detect.js';
import type { FlagInfo } from './prompt.js';
import type { Combined } from './samples.js';

/**
 * Flags the model cannot overrule: an attempt to instruct the grader is a fact about the text
 * whatever the model makes of it (and a model that "rejects" it may be the one that was fooled).
 * Measured flags (filler rate, pace) are kept too: they are measurements, not readings.
 */
export const KEPT_REGARDLESS: ReadonlySet<string> = new Set(['prompt-injection']);

const SEVERITY_GAIN: Record<Flag['severity'], number> = { critical: 1.5, warning: 1, info: 0.5 };

export interface MergeInput {
  input: GradeInput;
  combined: Combined;
  catalogue: ReadonlyMap<string, FlagInfo>;
  engine: EngineInfo;
  usage: Usage;
  warnings: string[];
}

/**
 * The model's grade plus the deterministic signals, as one EngineResult. Dimension quotes are left
 * as drafts: the pipeline grounds them (and caps unevidenced high scores) for every engine alike.
 */
export function mergeResult({ input, combined, catalogue, engine, usage, warnings }: MergeInput): EngineResult {
  const notes = [...warnings];
  const dimensions: EngineDimension[] = combined.dimensions.map((d) => ({
    id: d.id,
    score: d.score,
    rationale: d.rationale.trim() || '(the model gave no rationale)',
    evidence: d.evidence.map((quote) => ({ quote })),
    ...(d.spread ? { spread: d.spread } : {}),
    expectedScore: d.expectedScore,
  }));

  const flags: Flag[] = [];
  let rejected = 0;
  input.signals.flags.forEach((flag, index) => {
    const verdict = combined.verdicts.get(index);
    // A verdict naming another flag is about something else: the detector's finding stands.
    const rejectedHere = verdict !== undefined && verdict.id === flag.id && verdict.verdict === 'reject';
    if (KEPT_REGARDLESS.has(flag.id) || catalogue.get(flag.id)?.measured || !rejectedHere) flags.push(flag);
    else rejected += 1;
  });
  if (rejected > 0) notes.push(`the model judged ${rejected} detector flag(s) to be false alarms in context; they were removed`);

  const locator = createLocator(input.text);
  let unlocated = 0;
  for (const extra of combined.extraFlags) {
    const info = catalogue.get(extra.id);
    if (!info || info.measured) continue;
    const span = extra.quote ? locator.locate(extra.quote) : null;
    const base = { id: info.id, label: info.label, severity: info.severity, advice: info.advice, dimension: dimensionForFlag(input.rubric, info.id) };
    let flag: Flag;
    if (span) flag = { ...base, quote: input.text.slice(span.start, span.end), start: span.start, end: span.end };
    else if (info.absence) flag = { ...base, quote: null, start: null, end: null };
    else {
      unlocated += 1;
      continue;
    }
    if (!flags.some((f) => f.id === flag.id && (f.start === null || flag.start === null || overlaps(f, flag)))) flags.push(flag);
  }
  if (unlocated > 0) notes.push(`${unlocated} flag(s) the model raised quote words that are not in the answer; they were dropped`);

  const advice: AdviceItem[] = [
    ...combined.dimensions
      .filter((d) => d.score < 5 && d.advice && d.advice.trim())
      .map((d) => ({ text: d.advice!.trim(), gain: 5 - d.score })),
    ...flags.map((f) => ({ text: f.advice, gain: SEVERITY_GAIN[f.severity] })),
  ];

  return {
    engine,
    dimensions,
    flags,
    strengths: input.signals.strengths,
    evidenceStack: combined.evidenceStack,
    advice,
    usage,
    warnings: notes,
  };
}

const overlaps = (a: Flag, b: Flag) => a.start! < b.end! && b.start! < a.end!;
