import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Rubric } from '../../grading/rubric.js';
import type { LineSink } from '../runner.js';
import { addLine, createReportData, topFlags, type ReportData } from './aggregate.js';

/**
 * `--report FILE.html`: one self-contained page (inline CSS, JS and SVG; no external assets) with
 * the distribution of totals and bands, per-dimension averages, the most frequent flags with
 * example quotes, and a sortable table of the items. All user text is escaped.
 */
const CSS = readFileSync(join(import.meta.dirname, 'report.css'), 'utf8');
const JS = readFileSync(join(import.meta.dirname, 'report.js'), 'utf8');

/** Rows rendered before "Show all" is pressed. */
export const INITIAL_ROWS = 1_000;

export function openHtmlReport(path: string, rubric: Rubric, title: string): LineSink {
  const data = createReportData(rubric);
  return {
    add: (line) => addLine(data, line),
    close: () => writeFile(path, renderReport(data, { title, generatedAt: new Date() })),
  };
}

export function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** JSON inside <script>: nothing in it can close the element or open a comment. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

const pct = (n: number, of: number) => (of > 0 ? `${((100 * n) / of).toFixed(1)}%` : '0%');

export function renderReport(data: ReportData, meta: { title: string; generatedAt: Date }): string {
  const { rubric } = data;
  const n = data.okCount + data.failedCount;
  const averages = data.dimensionSums.map((s) => (s.n > 0 ? s.sum / s.n : null));
  const totalsSum = [...data.totals].reduce((a, [t, c]) => a + t * c, 0);
  const graded = [...data.totals.values()].reduce((a, b) => a + b, 0);
  const failures = [...data.failuresByCode].sort((a, b) => b[1] - a[1]).map(([code, c]) => `${esc(code)} ${c}`).join(', ');

  const columns = [
    { key: 'id', label: 'id', numeric: false },
    { key: 'ok', label: 'result', numeric: false },
    { key: 'total', label: 'total', numeric: true },
    { key: 'band', label: 'band', numeric: false },
    ...rubric.dimensions.map((d) => ({ key: `dim:${d.id}`, label: d.id, numeric: true })),
    { key: 'flags', label: 'flags', numeric: false },
  ];
  const rows = data.rows.map((r) => [r.id, r.ok ? 'ok' : 'failed', r.total, r.band ?? r.error, ...rubric.dimensions.map((_, i) => r.scores[i] ?? null), r.flags.join(' ')]);

  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(meta.title)}</title>
<style>${CSS}</style>
</head>
<body>
<h1>${esc(meta.title)}</h1>
<p class="muted">Rubric ${esc(rubric.name)} (${esc(rubric.id)}) · generated ${esc(meta.generatedAt.toISOString())}</p>
<div class="cards">
  <div class="card"><b>${n}</b>items</div>
  <div class="card"><b>${data.okCount}</b>graded</div>
  <div class="card"><b>${data.failedCount}</b>failed${failures ? `<div class="muted">${failures}</div>` : ''}</div>
  <div class="card"><b>${graded > 0 ? (totalsSum / graded).toFixed(1) : '–'}</b>mean total</div>
</div>
<h2>Distribution of totals</h2>
${totalsChart(data)}
<h2>Bands</h2>
${bandsChart(data)}
<h2>Average score per dimension</h2>
${dimensionChart(rubric.dimensions, averages)}
<h2>Most frequent flags</h2>
${flagsSection(data, data.okCount)}
<h2>Items</h2>
<div class="controls"><input id="filter" type="search" placeholder="Filter items" aria-label="Filter items"><span id="shown" class="muted"></span><button id="show-all" type="button" hidden>Show all</button></div>
<table id="items"><thead><tr>${columns.map((c) => `<th scope="col">${esc(c.label)}</th>`).join('')}</tr></thead><tbody></tbody></table>
<script type="application/json" id="report-data">${scriptJson({ columns, rows, initialRows: INITIAL_ROWS })}</script>
<script>${JS}</script>
</body>
</html>
`;
}

function bandIndex(data: ReportData, total: number): number {
  return Math.max(0, data.rubric.bands.findIndex((b) => total >= b.min && total <= b.max));
}

function totalsChart(data: ReportData): string {
  const dims = data.rubric.dimensions.length;
  const min = dims;
  const max = 5 * dims;
  const counts = Array.from({ length: max - min + 1 }, (_, i) => data.totals.get(min + i) ?? 0);
  const peak = Math.max(1, ...counts);
  const barW = 22;
  const h = 160;
  const width = counts.length * barW + 40;
  const bars = counts
    .map((c, i) => {
      const bh = Math.round((c / peak) * (h - 20));
      const x = 30 + i * barW;
      const total = min + i;
      return `<rect class="band-${bandIndex(data, total)}" x="${x}" y="${h - bh}" width="${barW - 3}" height="${bh}"><title>total ${total}: ${c}</title></rect>` +
        `<text x="${x + (barW - 3) / 2}" y="${h + 14}" text-anchor="middle">${total}</text>` +
        (c > 0 ? `<text x="${x + (barW - 3) / 2}" y="${h - bh - 3}" text-anchor="middle">${c}</text>` : '');
    })
    .join('');
  return `<svg role="img" aria-label="Number of items per total" width="${width}" height="${h + 24}" viewBox="0 0 ${width} ${h + 24}">${bars}</svg>`;
}

function bandsChart(data: ReportData): string {
  const graded = data.rubric.bands.reduce((a, b) => a + (data.bands.get(b.id) ?? 0), 0);
  const rowH = 26;
  const w = 420;
  const rows = data.rubric.bands
    .map((b, i) => {
      const c = data.bands.get(b.id) ?? 0;
      const bw = graded > 0 ? Math.round((c / graded) * w) : 0;
      const y = i * rowH;
      return `<text x="0" y="${y + 16}">${esc(b.label)} (${b.min}–${b.max})</text>` +
        `<rect class="band-${i}" x="200" y="${y + 4}" width="${bw}" height="${rowH - 8}"><title>${esc(b.id)}: ${c}</title></rect>` +
        `<text x="${206 + bw}" y="${y + 16}">${c} (${pct(c, graded)})</text>`;
    })
    .join('');
  const height = data.rubric.bands.length * rowH;
  return `<svg role="img" aria-label="Number of items per band" width="${w + 300}" height="${height}" viewBox="0 0 ${w + 300} ${height}">${rows}</svg>`;
}

function dimensionChart(dimensions: { id: string; name: string }[], averages: (number | null)[]): string {
  const rowH = 24;
  const scale = 70; // px per point, 1..5
  const rows = dimensions
    .map((d, i) => {
      const avg = averages[i] ?? null;
      const y = i * rowH;
      const bw = avg === null ? 0 : Math.round(avg * scale);
      return `<text x="0" y="${y + 16}">${esc(d.name)}</text>` +
        `<rect class="bar" x="200" y="${y + 4}" width="${bw}" height="${rowH - 8}"><title>${esc(d.id)}: ${avg === null ? 'no scores' : avg.toFixed(2)}</title></rect>` +
        `<text x="${206 + bw}" y="${y + 16}">${avg === null ? '–' : avg.toFixed(2)}</text>`;
    })
    .join('');
  const height = dimensions.length * rowH;
  return `<svg role="img" aria-label="Average score per dimension (1 to 5)" width="${200 + 5 * scale + 60}" height="${height}" viewBox="0 0 ${200 + 5 * scale + 60} ${height}">${rows}</svg>`;
}

function flagsSection(data: ReportData, graded: number): string {
  const flags = topFlags(data);
  if (flags.length === 0) return '<p class="muted">No flags were raised.</p>';
  return flags
    .map((f) => {
      const quotes = f.examples.map((x) => `<blockquote>“${esc(x.quote)}” <span class="muted">(${esc(x.id)})</span></blockquote>`).join('');
      return `<div class="flag"><b class="sev-${esc(f.severity)}">${esc(f.label)}</b> <code>${esc(f.id)}</code> <span class="muted">${f.items} ${f.items === 1 ? 'item' : 'items'} (${pct(f.items, graded)})</span>${quotes}</div>`;
    })
    .join('\n');
}
