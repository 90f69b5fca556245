import { createReadStream } from 'node:fs';
import { parse, type CsvError, type Info } from 'csv-parse';
import { InvalidInputError } from '../grading/errors.js';
import { sourceFromText } from '../transcripts/files.js';
import { badItem, checkId, type BatchItem } from './item.js';
import { READER_CODES } from './line.js';
import { MAX_LINE_BYTES } from './read-jsonl.js';

const REQUIRED = ['id', 'answer'] as const;
/** Columns read besides `id`, `question` and `answer`; any others are ignored. */
const OPTIONAL = ['question', 'rubric', 'engine'] as const;

/**
 * Reads a `.csv` file with a header row naming at least `id` and `answer` (and usually `question`),
 * streaming one record at a time. Quoted fields may hold commas, quotes ("") and newlines. An answer
 * that is a dialogue, WebVTT or SRT transcript is recognised by its content. A malformed record
 * (bad quoting, wrong number of fields) becomes an item carrying its error; the rest go on.
 */
export async function* readCsv(path: string): AsyncGenerator<BatchItem> {
  const parser = createReadStream(path).pipe(
    parse({ bom: true, info: true, relax_column_count: true, skip_empty_lines: true, skip_records_with_error: true, max_record_size: MAX_LINE_BYTES }),
  );
  const skipped: BatchItem[] = [];
  parser.on('skip', (err: CsvError & { lines?: number }) => {
    const line = err.lines ?? 0;
    skipped.push(badItem(null, line, `line ${line}`, { code: READER_CODES.invalidLine, message: `the CSV record ending on line ${line} is malformed: ${err.message}` }));
  });

  let columns: Map<string, number> | null = null;
  for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: Info }>) {
    yield* skipped.splice(0);
    if (columns === null) {
      columns = headerColumns(record);
      continue;
    }
    yield recordItem(record, info.lines, columns);
  }
  yield* skipped.splice(0);
  if (columns === null) throw new InvalidInputError(`${path} is empty: expected a header row "id,question,answer"`);
}

function headerColumns(header: string[]): Map<string, number> {
  const names = header.map((h) => h.trim().toLowerCase());
  const missing = REQUIRED.filter((c) => !names.includes(c));
  if (missing.length > 0) {
    throw new InvalidInputError(`the CSV header must name the columns id, question, answer; missing: ${missing.join(', ')} (got: ${names.join(', ')})`);
  }
  return new Map(names.map((n, i) => [n, i]));
}

function recordItem(record: string[], line: number, columns: Map<string, number>): BatchItem {
  const where = `line ${line}`;
  if (record.length !== columns.size) {
    return badItem(null, line, where, {
      code: READER_CODES.invalidLine,
      message: `the CSV record ending on ${where} has ${record.length} fields; the header has ${columns.size}`,
    });
  }
  const cell = (name: string) => {
    const i = columns.get(name);
    const v = i === undefined ? undefined : record[i];
    return v === undefined || v === '' ? undefined : v;
  };
  const checked = checkId(cell('id'), where);
  if (checked.id === null) return badItem(null, line, where, checked.error);
  const answer = cell('answer') ?? '';
  const extra = Object.fromEntries(OPTIONAL.map((c) => [c, cell(c)]).filter(([, v]) => v !== undefined));
  return { id: checked.id, line, where, load: async () => ({ ...sourceFromText(answer), ...extra }) };
}
