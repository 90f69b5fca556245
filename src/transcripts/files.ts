import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { InvalidInputError, PayloadTooLargeError, UnsupportedMediaTypeError } from '../grading/errors.js';
import type { EvaluationRequest } from '../grading/request.js';
import { AUDIO_EXTENSIONS, AUDIO_TYPES, DEFAULT_AUDIO_MAX_BYTES, extensionOf, formatBytes, type Transcriber } from './audio.js';
import { looksLikeDialogue } from './dialogue.js';

/** The part of an EvaluationRequest that a file or stdin supplies: an answer or a transcript. */
export type AnswerSource = Pick<EvaluationRequest, 'answer' | 'transcript'>;

/** Text files `grade` and `batch` read; audio files are `AUDIO_FILE_EXTENSIONS`. */
export const TEXT_EXTENSIONS = ['.txt', '.md', '.vtt', '.srt'];
export const AUDIO_FILE_EXTENSIONS = AUDIO_EXTENSIONS.map((e) => `.${e}`);

export interface ReadAnswerOptions {
  /** Needed for audio files; without it an audio file is an error naming the missing setting. */
  transcribe?: Transcriber | undefined;
  /** Audio larger than this is refused before it is read (413); a function is asked only for audio. */
  maxAudioBytes?: number | (() => number) | undefined;
  signal?: AbortSignal | undefined;
}

const SRT_START = /^\s*\d+[ \t]*\n[ \t]*\d{1,3}:\d{2}:\d{2}[,.]\d{3}[ \t]+-->/;

/**
 * How to grade a text: `.vtt`/`.srt` by extension; otherwise (stdin, `.txt`, `.md`) by content:
 * a WebVTT or SRT file by its first lines, a dialogue when its lines start with speaker labels
 * (see `looksLikeDialogue`), else a written answer.
 */
export function sourceFromText(text: string, ext = ''): AnswerSource {
  const e = ext.toLowerCase().replace(/^\./, '');
  if (e === 'vtt') return { transcript: { format: 'vtt', text } };
  if (e === 'srt') return { transcript: { format: 'srt', text } };
  const head = text.replace(/^\uFEFF/, '');
  if (/^WEBVTT(?:[ \t\r\n]|$)/.test(head)) return { transcript: { format: 'vtt', text } };
  if (SRT_START.test(head.replace(/\r\n?/g, '\n'))) return { transcript: { format: 'srt', text } };
  if (looksLikeDialogue(head.replace(/\r\n?/g, '\n'))) return { transcript: { format: 'dialogue', text } };
  return { answer: text };
}

const utf8 = new TextDecoder('utf-8', { fatal: true });
const ACCEPTED = `one of ${TEXT_EXTENSIONS.join(', ')} or audio (${AUDIO_FILE_EXTENSIONS.join(', ')})`;

/**
 * Reads one answer file for `grade` and `batch`: `.vtt` and `.srt` by extension, `.txt`/`.md` by
 * content, audio transcribed with `options.transcribe`. Other extensions are refused (415).
 */
export async function readAnswerFile(path: string, options: ReadAnswerOptions = {}): Promise<AnswerSource> {
  const ext = extensionOf(path);
  if (AUDIO_EXTENSIONS.includes(ext)) return readAudioFile(path, ext, options);
  if (!TEXT_EXTENSIONS.includes(`.${ext}`)) {
    throw new UnsupportedMediaTypeError(`cannot grade "${basename(path)}": expected ${ACCEPTED}`);
  }
  return sourceFromText(decodeText(path, await readBytes(path)), ext);
}

async function readAudioFile(path: string, ext: string, options: ReadAnswerOptions): Promise<AnswerSource> {
  if (!options.transcribe) {
    throw new InvalidInputError(`${basename(path)} is audio, and grading audio needs a transcription server: set OPENAI_API_KEY (or EVAL_TRANSCRIBE_BASE_URL)`);
  }
  const limit = options.maxAudioBytes ?? DEFAULT_AUDIO_MAX_BYTES;
  const maxBytes = typeof limit === 'function' ? limit() : limit;
  const size = await fileSize(path);
  if (size > maxBytes) {
    throw new PayloadTooLargeError(`${basename(path)} is ${formatBytes(size)}; the audio limit is ${formatBytes(maxBytes)} (AUDIO_MAX_BYTES)`);
  }
  const bytes = await readBytes(path);
  return { transcript: await options.transcribe({ bytes, name: basename(path), type: AUDIO_TYPES[ext]![0] ?? '' }, options.signal) };
}

async function fileSize(path: string): Promise<number> {
  try {
    return (await stat(path)).size;
  } catch (err) {
    throw unreadable(path, err);
  }
}

async function readBytes(path: string): Promise<Uint8Array> {
  try {
    const buf = await readFile(path);
    return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
  } catch (err) {
    throw unreadable(path, err);
  }
}

function unreadable(path: string, err: unknown): InvalidInputError {
  const code = (err as NodeJS.ErrnoException).code;
  const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : code === 'EACCES' ? 'permission denied' : (err as Error).message;
  return new InvalidInputError(`cannot read ${path}: ${why}`, { cause: err });
}

function decodeText(path: string, bytes: Uint8Array): string {
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    throw new UnsupportedMediaTypeError(`${basename(path)} is not UTF-8 text; accepted: ${ACCEPTED}`);
  }
  if (text.includes('\u0000')) throw new UnsupportedMediaTypeError(`${basename(path)} is a binary file; accepted: ${ACCEPTED}`);
  return text;
}
