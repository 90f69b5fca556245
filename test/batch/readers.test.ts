import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { openInput, scanInput } from '../../src/batch/input.js';
import type { BatchItem } from '../../src/batch/item.js';
import { readCsv } from '../../src/batch/read-csv.js';
import { readJsonl } from '../../src/batch/read-jsonl.js';
import { splitLines } from '../../src/batch/split-lines.js';
import { InvalidInputError } from '../../src/grading/errors.js';

const FIXTURES = join(import.meta.dirname, '..', '..', 'fixtures');
const tmp = () => mkdtempSync(join(tmpdir(), 'barometer-batch-'));

async function all<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

function file(name: string, content: string): string {
  const path = join(tmp(), name);
  writeFileSync(path, content);
  return path;
}

describe('splitLines', () => {
  it('splits on \\n and \\r\\n across chunk boundaries, multi-byte characters included, and keeps a last unterminated line', async () => {
    const bytes = Buffer.from('first line\r\nsecond — déjà vu\n\nlast', 'utf8');
    // Split every 3 bytes: lines and the 2- and 3-byte characters are cut mid-way.
    const chunks = Array.from({ length: Math.ceil(bytes.length / 3) }, (_, i) => bytes.subarray(i * 3, i * 3 + 3));
    const lines = await all(splitLines(Readable.from(chunks), 1024));
    expect(lines.map((l) => [l.number, l.text])).toEqual([
      [1, 'first line'],
      [2, 'second — déjà vu'],
      [3, ''],
      [4, 'last'],
    ]);
    // Byte offsets locate each line in the stream (the \r of a \r\n counts in the line's bytes).
    expect(lines.map((l) => bytes.subarray(l.start, l.start + l.bytes).toString('utf8'))).toEqual(['first line\r', 'second — déjà vu', '', 'last']);
  });

  it('reports a line longer than the limit as tooLong without keeping it, and goes on', async () => {
    const lines = await all(splitLines(Readable.from([Buffer.from(`ok\n${'x'.repeat(50)}\nafter\n`)]), 20));
    expect(lines).toEqual([
      { number: 1, text: 'ok', tooLong: false, start: 0, bytes: 2 },
      { number: 2, text: '', tooLong: true, start: 3, bytes: 50 },
      { number: 3, text: 'after', tooLong: false, start: 54, bytes: 5 },
    ]);
  });
});

describe('JSONL input', () => {
  it('yields one item per non-blank line, with ids, and the request without id and labels', async () => {
    const items = await all(readJsonl(join(FIXTURES, 'batch', 'answers.jsonl')));
    expect(items.map((i) => i.id)).toEqual(['hp-senior-1', 'hp-mid-1', 'hp-weak-1', 'prod-senior-1', 'prod-weak-1', 'why-mid-1']);
    const request = await items[0]!.load();
    expect(Object.keys(request).sort()).toEqual(['answer', 'question']);
    expect(request.answer).toBe(readFileSync(join(FIXTURES, 'answers', 'hard-project', 'senior-1.txt'), 'utf8'));
  });

  it('turns bad lines into items carrying invalid_line, missing_id or invalid_id, with their line numbers', async () => {
    const path = file(
      'mixed.jsonl',
      ['{"id":"a","answer":"x","labels":{"total":20}}', '', 'not json', '[1,2]', '{"answer":"no id"}', '{"id":"  ","answer":"blank id"}', '{"id":{"x":1},"answer":"object id"}', '{"id":7,"answer":"numeric id"}'].join('\n'),
    );
    const items = await all(readJsonl(path));
    const view = (i: BatchItem) => [i.id, i.line, i.error?.code ?? null];
    expect(items.map(view)).toEqual([
      ['a', 1, null],
      [null, 3, 'invalid_line'],
      [null, 4, 'invalid_line'],
      [null, 5, 'missing_id'],
      [null, 6, 'missing_id'],
      [null, 7, 'invalid_id'],
      ['7', 8, null],
    ]);
    expect(await items[0]!.load()).toEqual({ answer: 'x' });
    expect(items[1]!.error!.message).toMatch(/^line 3 is not valid JSON/);
  });
});

describe('CSV input', () => {
  it('reads quoted fields with commas, doubled quotes and embedded newlines, one item per record', async () => {
    const items = await all(readCsv(join(FIXTURES, 'batch', 'answers.csv')));
    expect(items.map((i) => i.id)).toEqual(['hp-senior-1', 'hp-mid-1', 'hp-weak-1', 'prod-senior-1', 'prod-weak-1', 'why-mid-1', 'quoted']);
    expect(items.every((i) => !i.error)).toBe(true);
    const first = await items[0]!.load();
    // The answer spans several lines in the file and comes back byte for byte.
    expect(first.answer).toBe(readFileSync(join(FIXTURES, 'answers', 'hard-project', 'senior-1.txt'), 'utf8'));
    expect(String(first.answer)).toContain('\n');
    const quoted = await items[6]!.load();
    expect(quoted.question).toBe('What is "senior", to you?');
    expect(quoted.answer).toMatch(/^I said "no" to the rewrite, because the risk, the cost/);
  });

  it('recognises a dialogue transcript in the answer column and keeps optional rubric/engine columns', async () => {
    const dialogue = 'Interviewer: What did you own?\nCandidate: I owned the rollout and the rollback plan.';
    const path = file('t.csv', `answer,id,engine\n"${dialogue}",d1,heuristic\n`);
    const [item] = await all(readCsv(path));
    expect(await item!.load()).toEqual({ transcript: { format: 'dialogue', text: dialogue }, engine: 'heuristic' });
  });

  it('turns a record with the wrong number of fields or broken quoting into an invalid_line item and reads on', async () => {
    const path = file('bad.csv', 'id,question,answer\n1,q,"fine"\n2,q,a,extra\n3,"bad "quote",x\n4,q,after\n5,q,"never closed\n');
    const items = await all(readCsv(path));
    const view = items.map((i) => [i.id, i.error?.code ?? null]).sort((a, b) => String(a[0]).localeCompare(String(b[0])));
    expect(view).toEqual([
      ['1', null],
      ['4', null],
      [null, 'invalid_line'],
      [null, 'invalid_line'],
      [null, 'invalid_line'],
    ]);
    expect(items.find((i) => i.line === 3)?.error?.message).toMatch(/has 4 fields; the header has 3/);
  });

  it('refuses a header without the id and answer columns, naming what is missing', async () => {
    const path = file('h.csv', 'name,text\nx,y\n');
    await expect(all(readCsv(path))).rejects.toThrow(/missing: id, answer/);
    await expect(all(readCsv(path))).rejects.toBeInstanceOf(InvalidInputError);
  });
});

describe('directory input', () => {
  it('makes one item per .txt/.md/.vtt/.srt file, the file name its id, and ignores the rest', async () => {
    const input = await openInput(join(FIXTURES, 'batch', 'transcripts'));
    const items = (await all(input.items())).sort((a, b) => a.id!.localeCompare(b.id!));
    expect(items.map((i) => i.id)).toEqual(['alice.srt', 'bob.vtt', 'carol.txt', 'dan.md']);
    expect(input.dirStats?.ignored).toBe(1);
    const [alice, bob, carol, dan] = await Promise.all(items.map((i) => i.load()));
    expect((alice!.transcript as { format: string }).format).toBe('srt');
    expect((bob!.transcript as { format: string }).format).toBe('vtt');
    expect((carol!.transcript as { format: string }).format).toBe('dialogue');
    expect(typeof dan!.answer).toBe('string');
  });

  it('refuses an input that is neither .jsonl, .csv nor a directory', async () => {
    await expect(openInput(file('x.txt', 'hello'))).rejects.toThrow(/must be a \.jsonl file, a \.csv file or a directory/);
    await expect(openInput('/nonexistent/in.jsonl')).rejects.toThrow(/cannot read the batch input/);
  });
});

describe('the pre-pass', () => {
  it('finds duplicate ids (every occurrence) and rejected items before anything is graded', async () => {
    const path = file('d.jsonl', ['{"id":"a","answer":"1"}', '{"id":"b","answer":"2"}', '{"id":"a","answer":"3"}', 'oops', '{"id":"a","answer":"4"}'].join('\n'));
    const scan = await scanInput(await openInput(path));
    expect(scan.total).toBe(5);
    expect([...scan.duplicates]).toEqual([['a', ['line 1', 'line 3', 'line 5']]]);
    expect(scan.rejectedCount).toBe(1);
    expect(scan.rejected[0]).toMatchObject({ where: 'line 4', code: 'invalid_line' });
  });
});
