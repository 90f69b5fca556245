import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { InvalidInputError } from '../grading/errors.js';
import type { EvaluationRequest } from '../grading/request.js';

/** The part of an EvaluationRequest that a file or stdin supplies: an answer or a transcript. */
export type AnswerSource = Pick<EvaluationRequest, 'answer' | 'transcript'>;

export const TEXT_EXTENSIONS = ['.txt', '.md', '.vtt', '.srt'];

const DIALOGUE_LABEL = /^\s*(interviewer|candidate|interviewee|q|a)\s*:/gim;

/** Decides how to grade a text: by extension for subtitles, by content otherwise. */
export function sourceFromText(text: string, ext = ''): AnswerSource {
  const e = ext.toLowerCase();
  if (e === '.vtt' || /^\uFEFF?WEBVTT/.test(text)) return { transcript: { format: 'vtt', text } };
  if (e === '.srt' || /^\uFEFF?\s*\d+\s*\r?\n\d{1,2}:\d{2}:\d{2}[,.]\d{1,3}\s*-->/.test(text)) {
    return { transcript: { format: 'srt', text } };
  }
  if ((text.match(DIALOGUE_LABEL) ?? []).length >= 2) return { transcript: { format: 'dialogue', text } };
  return { answer: text };
}

/** Reads an answer or transcript file for `grade` and `batch`. */
export async function readAnswerFile(path: string): Promise<AnswerSource> {
  const ext = extname(path).toLowerCase();
  if (!TEXT_EXTENSIONS.includes(ext)) {
    throw new InvalidInputError(`cannot grade "${path}": expected one of ${TEXT_EXTENSIONS.join(', ')}`);
  }
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new InvalidInputError(`cannot read "${path}": ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  return sourceFromText(text, ext);
}
