import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import type { BatchLine } from './line.js';
import type { LineSink } from './runner.js';

/**
 * `--csv FILE`: one row per item with id, ok, rubric, total, band, each dimension's score and the
 * flag ids, written as lines arrive. Dimension columns are those of the run's rubric; an item graded
 * with another rubric leaves them empty.
 */
export async function openCsvSummary(path: string, dimensionIds: readonly string[]): Promise<LineSink> {
  const stream = createWriteStream(path, { flags: 'w' });
  await once(stream, 'open');
  const write = async (cells: (string | number | null)[]) => {
    if (!stream.write(`${cells.map(csvCell).join(',')}\r\n`)) await once(stream, 'drain');
  };
  await write(['id', 'ok', 'rubric', 'total', 'max_total', 'band', ...dimensionIds, 'flags', 'error_code', 'error_message']);
  return {
    async add(line: BatchLine) {
      if (!line.ok) {
        await write([line.id ?? `(line ${line.line})`, 'false', null, null, null, null, ...dimensionIds.map(() => null), null, line.error.code, line.error.message]);
        return;
      }
      const e = line.evaluation;
      const scores = new Map(e.dimensions.map((d) => [d.id, d.score]));
      const flagIds = [...new Set(e.flags.map((f) => f.id))].join(' ');
      await write([line.id, 'true', e.rubric.id, e.total, e.maxTotal, e.band.id, ...dimensionIds.map((id) => scores.get(id) ?? null), flagIds, null, null]);
    },
    close: () => closeStream(stream),
  };
}

/**
 * RFC 4180 quoting; a text cell that a spreadsheet would run as a formula (=, +, -, @, tab, CR
 * first) gets a leading apostrophe, since ids and messages come from the input.
 */
export function csvCell(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

function closeStream(stream: WriteStream): Promise<void> {
  return new Promise((resolve, reject) => {
    stream.once('error', reject);
    stream.end(() => resolve());
  });
}
