import type { Rubric } from '../../grading/rubric.js';
import type { BatchLine } from '../line.js';

/**
 * What the HTML report needs, aggregated as lines arrive. Per item it keeps only id, total, band,
 * dimension scores and flag ids; quotes are kept for a few examples per flag, never per item.
 */
export interface ReportRow {
  id: string;
  ok: boolean;
  total: number | null;
  band: string | null;
  /** Scores in the rubric's dimension order (null when the item used another rubric). */
  scores: (number | null)[];
  flags: string[];
  error: string | null;
}

export interface FlagStat {
  id: string;
  label: string;
  severity: string;
  /** Items with this flag (an item counts once however many times it was flagged). */
  items: number;
  examples: { id: string; quote: string }[];
}

export interface ReportData {
  rubric: { id: string; name: string; dimensions: { id: string; name: string }[]; bands: { id: string; label: string; min: number; max: number }[] };
  rows: ReportRow[];
  okCount: number;
  failedCount: number;
  failuresByCode: Map<string, number>;
  /** Count per total, for the totals in the rubric's range. */
  totals: Map<number, number>;
  bands: Map<string, number>;
  dimensionSums: { sum: number; n: number }[];
  flags: Map<string, FlagStat>;
}

export const EXAMPLES_PER_FLAG = 3;
const MAX_QUOTE_CHARS = 240;

export function createReportData(rubric: Rubric): ReportData {
  return {
    rubric: {
      id: rubric.id,
      name: rubric.name,
      dimensions: rubric.dimensions.map((d) => ({ id: d.id, name: d.name })),
      bands: rubric.bands.map((b) => ({ id: b.id, label: b.label, min: b.min, max: b.max })),
    },
    rows: [],
    okCount: 0,
    failedCount: 0,
    failuresByCode: new Map(),
    totals: new Map(),
    bands: new Map(),
    dimensionSums: rubric.dimensions.map(() => ({ sum: 0, n: 0 })),
    flags: new Map(),
  };
}

export function addLine(data: ReportData, line: BatchLine): void {
  const id = line.id ?? `(line ${line.line})`;
  if (!line.ok) {
    data.failedCount += 1;
    data.failuresByCode.set(line.error.code, (data.failuresByCode.get(line.error.code) ?? 0) + 1);
    data.rows.push({ id, ok: false, total: null, band: null, scores: [], flags: [], error: line.error.code });
    return;
  }
  const e = line.evaluation;
  data.okCount += 1;
  const sameRubric = e.rubric.id === data.rubric.id;
  const scoreById = new Map(e.dimensions.map((d) => [d.id, d.score]));
  const scores = data.rubric.dimensions.map((d) => (sameRubric ? scoreById.get(d.id) ?? null : null));
  scores.forEach((s, i) => {
    if (s === null) return;
    data.dimensionSums[i]!.sum += s;
    data.dimensionSums[i]!.n += 1;
  });
  if (sameRubric) {
    data.totals.set(e.total, (data.totals.get(e.total) ?? 0) + 1);
    data.bands.set(e.band.id, (data.bands.get(e.band.id) ?? 0) + 1);
  }
  const flagIds = [...new Set(e.flags.map((f) => f.id))];
  for (const flag of e.flags) {
    let stat = data.flags.get(flag.id);
    if (!stat) data.flags.set(flag.id, (stat = { id: flag.id, label: flag.label, severity: flag.severity, items: 0, examples: [] }));
    if (flag.quote && stat.examples.length < EXAMPLES_PER_FLAG && !stat.examples.some((x) => x.id === id)) {
      stat.examples.push({ id, quote: flag.quote.length > MAX_QUOTE_CHARS ? `${flag.quote.slice(0, MAX_QUOTE_CHARS)}…` : flag.quote });
    }
  }
  for (const fid of flagIds) data.flags.get(fid)!.items += 1;
  data.rows.push({ id, ok: true, total: e.total, band: e.band.id, scores, flags: flagIds, error: null });
}

/** Flags by how many items carry them, most frequent first. */
export function topFlags(data: ReportData, limit = 12): FlagStat[] {
  return [...data.flags.values()].sort((a, b) => b.items - a.items || a.id.localeCompare(b.id)).slice(0, limit);
}
