import type { CalibrationReport, ScaleAgreement } from './calibrate.js';

const fixed = (v: number | null, digits = 2) => (v === null ? '–' : v.toFixed(digits));
const percent = (v: number | null) => (v === null ? '–' : `${Math.round(v * 100)}%`);
const signed = (v: number | null) => (v === null ? '–' : `${v >= 0 ? '+' : ''}${v.toFixed(2)}`);

export interface RenderContext {
  skipped: Record<string, number>;
  graded: number;
}

/** The calibration report as a plain-text table, then the confusion matrices. */
export function renderCalibration(report: CalibrationReport, ctx: RenderContext): string {
  const out: string[] = [];
  const skipped = Object.entries(ctx.skipped);
  out.push(`Calibration against human labels: ${report.items} items, rubric ${report.rubric.id} (${report.rubric.version})`);
  if (ctx.graded > 0) out.push(`  ${ctx.graded} of them graded now (they had no evaluation)`);
  for (const [reason, n] of skipped) out.push(`  skipped ${n}: ${reason}`);
  out.push('');
  const width = Math.max(10, ...report.dimensions.map((d) => d.id.length));
  const row = (name: string, s: ScaleAgreement) =>
    `${name.padEnd(width)}  ${String(s.n).padStart(5)}  ${fixed(s.qwk).padStart(5)}  ${percent(s.exact).padStart(5)}  ${percent(s.adjacent).padStart(8)}  ${signed(s.bias).padStart(6)}`;
  out.push(`${''.padEnd(width)}  ${'n'.padStart(5)}  ${'QWK'.padStart(5)}  ${'exact'.padStart(5)}  ${'adjacent'.padStart(8)}  ${'bias'.padStart(6)}`);
  for (const d of report.dimensions) out.push(row(d.id, d));
  out.push(row('band', report.band));
  const t = report.total;
  out.push('');
  out.push(
    `total: n ${t.n}, Spearman ${fixed(t.spearman)}, exact ${percent(t.exact)}, within 1 point ${percent(t.adjacent)}, ` +
      `mean |grader − human| ${fixed(t.meanAbsoluteError)}, bias ${signed(t.bias)}`,
  );
  out.push('');
  out.push('QWK: quadratic weighted kappa (1 = perfect, 0 = chance). Bias: mean of grader − human (+ = the grader is more generous).');
  out.push('');
  out.push('Confusion matrices (rows: human, columns: grader)');
  for (const d of report.dimensions) if (d.n > 0) out.push('', d.id, ...matrix(d.confusion));
  if (report.band.n > 0) out.push('', 'band', ...matrix(report.band.confusion));
  return `${out.join('\n')}\n`;
}

function matrix({ labels, matrix: m }: ScaleAgreement['confusion']): string[] {
  const names = labels.map(String);
  const w = Math.max(4, ...names.map((l) => l.length), ...m.flat().map((v) => String(v).length));
  const head = `${''.padEnd(w)} ${names.map((l) => l.padStart(w)).join(' ')}`;
  return [head, ...m.map((r, i) => `${names[i]!.padEnd(w)} ${r.map((v) => String(v).padStart(w)).join(' ')}`)];
}
