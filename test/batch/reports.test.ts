import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse } from 'csv-parse/sync';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csvCell } from '../../src/batch/csv-summary.js';
import { runCli } from '../../src/cli/run.js';
import { captureIo } from '../support/cli-io.js';
import { FIXTURES, heuristicGrader, readOut, tmp, writeJsonl } from './support/helpers.js';

const CHROMIUM = '/usr/bin/chromium';
const IN_CI = !!process.env.CI && !/^(false|0)$/i.test(process.env.CI);
const HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>';

/** One run with --csv and --report over the fixtures plus hostile and failing items. */
async function runWithReports() {
  const dir = tmp();
  const fixtureLines = readFileSync(join(FIXTURES, 'batch', 'answers.jsonl'), 'utf8').trim().split('\n');
  const input = writeJsonl(dir, 'in.jsonl', [
    ...fixtureLines,
    { id: HOSTILE, answer: `I have ten years of experience. ${HOSTILE} We used best practices and it was scalable.` },
    { id: '=HYPERLINK("http://evil")', answer: 'We used Kafka, Redis and Kubernetes.' },
    { id: 'broken', answer: '  ' },
  ]);
  const io = captureIo({ cwd: dir, grader: heuristicGrader() });
  const code = await runCli(['batch', input, '--out', 'out.jsonl', '--csv', 'out.csv', '--report', 'report.html'], io);
  return { dir, code, io, lines: readOut(join(dir, 'out.jsonl')), html: readFileSync(join(dir, 'report.html'), 'utf8'), csv: readFileSync(join(dir, 'out.csv'), 'utf8') };
}

describe('--csv', () => {
  it('writes one row per item: id, ok, rubric, total, band, each dimension, flag ids and the error', async () => {
    const { lines, csv, code } = await runWithReports();
    expect(code).toBe(1);
    const rows = parse(csv, { columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(lines.length);
    expect(Object.keys(rows[0]!)).toEqual(['id', 'ok', 'rubric', 'total', 'max_total', 'band', 'scope', 'autonomy', 'judgment', 'production-ownership', 'impact', 'influence', 'reflection', 'flags', 'error_code', 'error_message']);
    for (const line of lines) {
      const row = rows.find((r) => r.id === line.id || r.id === `'${line.id}`)!;
      if (line.ok) {
        const e = line.evaluation;
        expect(row).toMatchObject({ ok: 'true', rubric: 'senior-swe', total: String(e.total), max_total: '35', band: e.band.id, error_code: '' });
        for (const d of e.dimensions) expect(row[d.id]).toBe(String(d.score));
        expect(row.flags!.split(' ').filter(Boolean)).toEqual([...new Set(e.flags.map((f) => f.id))]);
      } else {
        expect(row).toMatchObject({ ok: 'false', total: '', error_code: line.error.code });
      }
    }
    // A cell a spreadsheet would run as a formula is defused.
    expect(rows.some((r) => r.id === `'=HYPERLINK("http://evil")`)).toBe(true);
  });

  it('quotes cells per RFC 4180', () => {
    expect([csvCell('plain'), csvCell('a,b'), csvCell('say "hi"'), csvCell('two\nlines'), csvCell(7), csvCell(null), csvCell('-1+2')]).toEqual([
      'plain',
      '"a,b"',
      '"say ""hi"""',
      '"two\nlines"',
      '7',
      '',
      "'-1+2",
    ]);
  });
});

describe('--report', () => {
  it('is one self-contained page: inline CSS, JS and SVG, no external assets', async () => {
    const { html } = await runWithReports();
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('<style>');
    expect(html).toMatch(/<svg role="img" aria-label="Number of items per total"/);
    expect(html).toMatch(/<svg role="img" aria-label="Number of items per band"/);
    expect(html).not.toMatch(/<link\b|<script[^>]*\bsrc=|<img\b|url\(|@import/i);
  });

  it('escapes every piece of user text (ids, quotes)', async () => {
    const { html } = await runWithReports();
    expect(html).not.toContain('<script>alert');
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('&#60;script&#62;alert(&#34;x&#34;)&#60;/script&#62;');
    expect(html).toContain('\\u003cscript>alert');
  });

  it('shows the distribution of totals and bands, per-dimension averages and the most frequent flags with quotes', async () => {
    const { html, lines } = await runWithReports();
    const ok = lines.flatMap((l) => (l.ok ? [l.evaluation] : []));
    expect(html).toContain(`<b>${lines.length}</b>items`);
    expect(html).toContain(`<b>${ok.length}</b>graded`);
    const totals = new Map<number, number>();
    for (const e of ok) totals.set(e.total, (totals.get(e.total) ?? 0) + 1);
    for (const [total, n] of totals) expect(html).toContain(`<title>total ${total}: ${n}</title>`);
    for (const band of ['under-level', 'usable', 'senior-ready']) {
      expect(html).toContain(`<title>${band}: ${ok.filter((e) => e.band.id === band).length}</title>`);
    }
    for (const id of ['scope', 'judgment', 'reflection']) {
      const avg = ok.reduce((a, e) => a + e.dimensions.find((d) => d.id === id)!.score, 0) / ok.length;
      expect(html).toContain(`<title>${id}: ${avg.toFixed(2)}</title>`);
    }
    const flagCounts = new Map<string, number>();
    for (const e of ok) for (const id of new Set(e.flags.map((f) => f.id))) flagCounts.set(id, (flagCounts.get(id) ?? 0) + 1);
    const [topId, topN] = [...flagCounts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]!;
    expect(html).toMatch(new RegExp(`<code>${topId}</code> <span class="muted">${topN} items?`));
    const quoted = ok.flatMap((e) => e.flags).find((f) => f.quote !== null)!;
    expect(html).toContain(`<code>${quoted.id}</code>`);
    expect(html).toMatch(/<blockquote>“[^<]+”/);
  });

  (existsSync(CHROMIUM) || IN_CI ? describe : describe.skip)('in Chromium', () => {
    let browser: Browser;
    beforeAll(async () => {
      browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu'] });
    }, 60_000);
    afterAll(async () => browser?.close());

    it('renders the items table, sorts it on a header click (both ways), filters it, and runs no injected script', async () => {
      const { dir, lines } = await runWithReports();
      const page = await browser.newPage();
      const dialogs: string[] = [];
      const requests: string[] = [];
      page.on('dialog', (d) => {
        dialogs.push(d.message());
        void d.dismiss();
      });
      page.on('request', (r) => requests.push(r.url()));
      await page.goto(pathToFileURL(join(dir, 'report.html')).href);
      const column = (i: number) => page.$$eval(`#items tbody tr td:nth-child(${i})`, (tds) => tds.map((td) => td.textContent ?? ''));

      expect(await page.locator('#items tbody tr').count()).toBe(lines.length);
      await page.click('#items th:nth-child(3)'); // total
      const totals = (await column(3)).filter((t) => t !== '').map(Number);
      expect(totals).toEqual([...totals].sort((a, b) => a - b));
      expect(totals).toHaveLength(lines.filter((l) => l.ok).length);
      await page.click('#items th:nth-child(3)');
      const down = (await column(3)).filter((t) => t !== '').map(Number);
      expect(down).toEqual([...totals].sort((a, b) => b - a));
      expect(await page.getAttribute('#items th:nth-child(3)', 'aria-sort')).toBe('descending');

      await page.click('#items th:nth-child(1)'); // id, as text
      const ids = await column(1);
      expect(ids).toContain(HOSTILE); // shown as text, not markup
      await page.fill('#filter', 'prod-');
      expect((await column(1)).sort()).toEqual(['prod-senior-1', 'prod-weak-1']);
      expect(dialogs).toEqual([]);
      expect(requests.filter((u) => !u.startsWith('file:'))).toEqual([]);
      await page.close();
    });
  });
});
