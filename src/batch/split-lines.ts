import type { Readable } from 'node:stream';

export interface TextLine {
  /** 1-based line number. */
  number: number;
  /** The line without its terminator; '' when the line was too long (see `tooLong`). */
  text: string;
  tooLong: boolean;
  /** Byte offset of the line in the stream, and its length in bytes (without the newline). */
  start: number;
  bytes: number;
}

/**
 * Splits a byte stream into UTF-8 lines, one at a time, never holding more than one line plus one
 * chunk. A line longer than `maxBytes` is skipped to its end and reported as `tooLong`, so one
 * giant line cannot exhaust memory. `\r\n` and `\n` both end a line; a last line without a
 * terminator is still a line.
 */
export async function* splitLines(stream: Readable, maxBytes: number): AsyncGenerator<TextLine> {
  let parts: Buffer[] = [];
  let size = 0;
  let skipping = false;
  let number = 0;
  let base = 0; // bytes before the current chunk
  let lineStart = 0;
  const finish = (endOffset: number): TextLine => {
    number += 1;
    const position = { start: lineStart, bytes: endOffset - lineStart };
    if (skipping) {
      skipping = false;
      parts = [];
      size = 0;
      return { number, text: '', tooLong: true, ...position };
    }
    let text = Buffer.concat(parts, size).toString('utf8');
    if (text.endsWith('\r')) text = text.slice(0, -1);
    parts = [];
    size = 0;
    return { number, text, tooLong: false, ...position };
  };
  for await (const chunk of stream) {
    const buf = chunk as Buffer;
    let from = 0;
    for (;;) {
      const nl = buf.indexOf(0x0a, from);
      const end = nl === -1 ? buf.length : nl;
      if (!skipping && size + (end - from) > maxBytes) {
        skipping = true;
        parts = [];
        size = 0;
      }
      if (!skipping && end > from) {
        parts.push(buf.subarray(from, end));
        size += end - from;
      }
      if (nl === -1) break;
      yield finish(base + nl);
      from = nl + 1;
      lineStart = base + from;
    }
    base += buf.length;
  }
  if (size > 0 || skipping) yield finish(base);
}
