import { createReadStream } from 'node:fs';
import { gradeItem } from '../batch/grade-item.js';
import type { BatchItem } from '../batch/item.js';
import { createPacer } from '../batch/pacer.js';
import { runPool } from '../batch/pool.js';
import { splitLines } from '../batch/split-lines.js';
import { InvalidInputError } from '../grading/errors.js';
import type { Grader } from '../grading/evaluate.js';
import type { EngineChoice } from '../grading/request.js';
import type { Rubric } from '../grading/rubric.js';
import { zodIssues } from '../grading/rubric-registry.js';
import type { CalibrationItem } from './calibrate.js';
import { LabeledLine, NON_REQUEST_KEYS, type GradedScores, type HumanLabels } from './labels.js';

const MAX_LINE_BYTES = 64 * 1024 * 1024;

export interface GradeMissing {
  engine: EngineChoice;
  grader: Grader;
  concurrency: number;
  rpm: number;
  tpm: number;
  retries: number;
  signal?: AbortSignal | undefined;
}

export interface LabeledItems {
  items: (CalibrationItem & { line: number })[];
  /** Lines left out, by reason. */
  skipped: Record<string, number>;
  /** Lines graded here because they had no evaluation. */
  graded: number;
}

const skip = (s: Record<string, number>, reason: string) => (s[reason] = (s[reason] ?? 0) + 1);

/**
 * Reads LABELED.jsonl line by line. A line with labels and an evaluation is used as is; a line with
 * labels and a request but no evaluation is graded when `grade` is given; the rest are counted as
 * skipped, by reason. A line that is not JSON, or whose labels are malformed, is an input error.
 */
export async function readLabeled(path: string, grade: GradeMissing | null): Promise<LabeledItems> {
  const result: LabeledItems = { items: [], skipped: {}, graded: 0 };
  const toGrade: { item: BatchItem; labels: HumanLabels }[] = [];
  for await (const line of splitLines(createReadStream(path), MAX_LINE_BYTES)) {
    if (line.text.trim() === '') continue;
    const where = `${path}:${line.number}`;
    if (line.tooLong) throw new InvalidInputError(`${where}: the line is longer than ${MAX_LINE_BYTES} bytes`);
    let raw: unknown;
    try {
      raw = JSON.parse(line.text);
    } catch (err) {
      throw new InvalidInputError(`${where}: not valid JSON (${(err as Error).message})`);
    }
    const parsed = LabeledLine.safeParse(raw);
    if (!parsed.success) {
      const issues = zodIssues(parsed.error);
      throw new InvalidInputError(`${where}: ${issues.map((i) => `${i.path || '(line)'}: ${i.message}`).join('; ')}`, { issues });
    }
    const value = parsed.data;
    const id = value.id === null || value.id === undefined ? `line ${line.number}` : String(value.id);
    if (!value.labels || Object.keys(value.labels).length === 0) {
      skip(result.skipped, 'no labels');
      continue;
    }
    if (value.evaluation) {
      result.items.push({ id, line: line.number, human: value.labels, grader: value.evaluation });
      continue;
    }
    const request = Object.fromEntries(Object.entries(raw as Record<string, unknown>).filter(([k]) => !NON_REQUEST_KEYS.includes(k)));
    const gradable = request.answer !== undefined || request.transcript !== undefined;
    if (!gradable) skip(result.skipped, 'no evaluation and no answer to grade');
    else if (!grade) skip(result.skipped, 'not graded yet (pass --engine to grade it)');
    else toGrade.push({ item: { id, line: line.number, where, load: async () => request }, labels: value.labels });
  }

  if (grade && toGrade.length > 0) {
    const pacer = createPacer({ rpm: grade.rpm, tpm: grade.tpm });
    await runPool(toGrade, grade.concurrency, async ({ item, labels }) => {
      const out = await gradeItem(item, { grader: grade.grader, defaults: { engine: grade.engine }, pacer, retries: grade.retries, signal: grade.signal });
      if (!out.ok) {
        skip(result.skipped, `grading failed (${out.error.code})`);
        return;
      }
      result.graded += 1;
      const scores: GradedScores = out.evaluation;
      result.items.push({ id: item.id!, line: item.line!, human: labels, grader: scores });
    });
    result.items.sort((a, b) => a.line - b.line);
  }
  return result;
}

/** The rubric to calibrate: the one asked for, else the one most items were graded with. */
export function chooseRubricId(items: readonly { grader: GradedScores }[], asked: string | undefined, fallback: string): string {
  if (asked) return asked;
  const counts = new Map<string, number>();
  for (const i of items) counts.set(i.grader.rubric.id, (counts.get(i.grader.rubric.id) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? fallback;
}

/** Labels must fit the rubric: known dimension and band ids, a total in range. */
export function checkLabels(item: { line: number; human: HumanLabels }, rubric: Rubric, path: string): void {
  const where = `${path}:${item.line}`;
  const dims = new Set(rubric.dimensions.map((d) => d.id));
  for (const id of Object.keys(item.human.dimensions ?? {})) {
    if (!dims.has(id)) throw new InvalidInputError(`${where}: labels.dimensions has "${id}", which is not a dimension of ${rubric.id} (${[...dims].join(', ')})`);
  }
  const n = rubric.dimensions.length;
  const total = item.human.total;
  if (total !== undefined && (total < n || total > 5 * n)) throw new InvalidInputError(`${where}: labels.total ${total} is outside ${n}..${5 * n}`);
  const band = item.human.band;
  if (band !== undefined && !rubric.bands.some((b) => b.id === band)) {
    throw new InvalidInputError(`${where}: labels.band "${band}" is not a band of ${rubric.id} (${rubric.bands.map((b) => b.id).join(', ')})`);
  }
}
