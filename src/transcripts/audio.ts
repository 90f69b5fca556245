import { APIConnectionTimeoutError, APIError, toFile } from 'openai';
import { z } from 'zod';
import type { Config } from '../config.js';
import {
  EngineUnavailableError,
  GraderError,
  InvalidInputError,
  ModelOutputError,
  ModelTimeoutError,
  ModelUnavailableError,
  PayloadTooLargeError,
  TranscriptFormatError,
  UnsupportedMediaTypeError,
} from '../grading/errors.js';
import type { Transcript } from '../grading/request.js';
import { createModelClient, OPENAI_BASE_URL } from '../llm/client.js';
import type { Fetch } from '../llm/deadline-fetch.js';
import { apiMessage, toGraderError } from '../llm/map-error.js';

/**
 * Audio answers: checked (size, type), sent to an OpenAI-compatible `/audio/transcriptions`
 * endpoint with segment timings, and turned into a WebVTT transcript that is graded like any
 * other timed transcript. A recording has no speaker labels, so all of its speech is taken to be
 * the candidate's: record the answer alone, or send a labelled transcript instead.
 */
export interface AudioFile {
  bytes: Uint8Array;
  /** The file name as uploaded; its extension tells the server the format. */
  name: string;
  /** The declared media type ('' or application/octet-stream when unknown). */
  type: string;
}

/** Formats the OpenAI transcription endpoint accepts, by extension, with their media types. */
export const AUDIO_TYPES: Record<string, string[]> = {
  mp3: ['audio/mpeg', 'audio/mp3', 'audio/mpeg3', 'audio/x-mpeg-3'],
  mp4: ['video/mp4'],
  m4a: ['audio/mp4', 'audio/m4a', 'audio/x-m4a', 'audio/aac'],
  wav: ['audio/wav', 'audio/x-wav', 'audio/wave', 'audio/vnd.wave'],
  webm: ['audio/webm', 'video/webm'],
  ogg: ['audio/ogg', 'application/ogg', 'audio/opus'],
  flac: ['audio/flac', 'audio/x-flac'],
  mpeg: ['video/mpeg'],
  mpga: [],
};
export const AUDIO_EXTENSIONS = Object.keys(AUDIO_TYPES);
export const DEFAULT_AUDIO_MAX_BYTES = 25 * 1024 * 1024;

export const extensionOf = (name: string) => /\.([a-z0-9]+)$/i.exec(name)?.[1]?.toLowerCase() ?? '';
export const isAudioFileName = (name: string) => AUDIO_EXTENSIONS.includes(extensionOf(name));

/** "25 MB", "1.5 MB", "2 KB", "300 bytes". */
export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${Math.round((n / (1024 * 1024)) * 10) / 10} MB`;
  if (n >= 1024) return `${Math.round((n / 1024) * 10) / 10} KB`;
  return `${n} bytes`;
}

/**
 * Size and type checks, before anything is sent: 413 above `maxBytes`, 415 for a type that is not
 * audio the endpoint accepts. Returns the name to upload (given an extension from its media type
 * when the name has none the server would recognise).
 */
export function checkAudio(file: AudioFile, maxBytes: number = DEFAULT_AUDIO_MAX_BYTES): { name: string; type: string } {
  if (file.bytes.byteLength > maxBytes) {
    throw new PayloadTooLargeError(`the audio file is ${formatBytes(file.bytes.byteLength)}; the limit is ${formatBytes(maxBytes)} (AUDIO_MAX_BYTES)`);
  }
  const accepted = `accepted: ${AUDIO_EXTENSIONS.join(', ')}`;
  const ext = extensionOf(file.name);
  const mediaType = file.type.split(';')[0]!.trim().toLowerCase();
  let uploadName = file.name || 'audio';
  if (!AUDIO_EXTENSIONS.includes(ext)) {
    const byType = Object.entries(AUDIO_TYPES).find(([, types]) => types.includes(mediaType))?.[0];
    if (!byType) {
      const what = [ext && `.${ext}`, mediaType && mediaType !== 'application/octet-stream' && mediaType].filter(Boolean).join(', ');
      throw new UnsupportedMediaTypeError(`unsupported audio type${what ? ` (${what})` : ''}; ${accepted}`);
    }
    uploadName = `${uploadName}.${byType}`;
  }
  if (file.bytes.byteLength === 0) throw new InvalidInputError('the audio file is empty');
  const finalExt = extensionOf(uploadName);
  return { name: uploadName, type: AUDIO_TYPES[finalExt]!.includes(mediaType) ? mediaType : (AUDIO_TYPES[finalExt]![0] ?? 'audio/mpeg') };
}

export interface TranscribeOptions {
  model: string;
  /** The server's base URL (OpenAI's when not given). */
  baseURL?: string | undefined;
  apiKey?: string | undefined;
  maxBytes?: number;
  timeoutMs?: number;
  maxRetries?: number;
  /** Injected in tests; the global fetch, looked up at call time, by default. */
  fetch?: Fetch | undefined;
  signal?: AbortSignal | undefined;
}

/** What verbose_json answers, validated: servers other than OpenAI's differ in what they send. */
const VerboseTranscription = z.object({
  text: z.string().default(''),
  duration: z.coerce.number().nonnegative().nullish(),
  segments: z
    .array(z.object({ start: z.coerce.number().nonnegative(), end: z.coerce.number().nonnegative(), text: z.string() }))
    .nullish(),
});

/** Transcribes one recording into a timed transcript (all speech is the candidate's). */
export async function transcribeAudio(file: AudioFile, options: TranscribeOptions): Promise<Transcript> {
  const upload = checkAudio(file, options.maxBytes);
  const baseURL = options.baseURL ?? OPENAI_BASE_URL;
  if (!options.apiKey && baseURL === OPENAI_BASE_URL) {
    throw new EngineUnavailableError(
      'audio needs a transcription server: set OPENAI_API_KEY, or EVAL_TRANSCRIBE_BASE_URL / OPENAI_BASE_URL for a local OpenAI-compatible server',
    );
  }
  const timeoutMs = options.timeoutMs ?? 300_000;
  const deadline = AbortSignal.timeout(timeoutMs);
  const signal = options.signal ? AbortSignal.any([deadline, options.signal]) : deadline;
  const client = createModelClient(
    { apiKey: options.apiKey, baseURL, maxRetries: options.maxRetries ?? 2, fetch: options.fetch },
    Date.now() + timeoutMs,
  );
  const ctx = { model: options.model, baseURL, timeoutMs, deadline, caller: options.signal };
  const request = async (timed: boolean) =>
    client.audio.transcriptions.create(
      {
        file: await toFile(file.bytes, upload.name, { type: upload.type }),
        model: options.model,
        ...(timed
          ? { response_format: 'verbose_json' as const, timestamp_granularities: ['segment' as const] }
          : { response_format: 'json' as const }),
      },
      { signal, timeout: timeoutMs },
    );
  let raw: unknown;
  try {
    raw = await request(true);
  } catch (err) {
    // Some models (gpt-4o-transcribe, gpt-4o-mini-transcribe) answer only `json`: no timings then.
    if (!rejectsVerboseJson(err)) throw transcriptionError(err, ctx);
    try {
      raw = await request(false);
    } catch (again) {
      throw transcriptionError(again, ctx);
    }
  }
  const parsed = VerboseTranscription.safeParse(raw);
  if (!parsed.success) {
    throw new ModelOutputError(`the transcription server at ${baseURL} answered without a usable transcript`);
  }
  return toTranscript(parsed.data);
}

const rejectsVerboseJson = (err: unknown) =>
  err instanceof APIError && err.status === 400 && /response_format|verbose_json|timestamp_granularities/i.test(apiMessage(err));

interface CallContext {
  model: string;
  baseURL: string;
  timeoutMs: number;
  deadline: AbortSignal;
  caller?: AbortSignal | undefined;
}

const timedOut = (err: unknown, ctx: CallContext) =>
  !ctx.caller?.aborted &&
  (ctx.deadline.aborted || err instanceof APIConnectionTimeoutError || (err instanceof Error && err.name === 'TimeoutError'));

function transcriptionError(err: unknown, ctx: CallContext): GraderError {
  const where = `the transcription model ${ctx.model} at ${ctx.baseURL}`;
  if (timedOut(err, ctx)) {
    return new ModelTimeoutError(`${where} did not answer within ${ctx.timeoutMs} ms (EVAL_TRANSCRIBE_TIMEOUT_MS)`, { cause: err });
  }
  if (err instanceof APIError && typeof err.status === 'number') {
    const detail = `${where} answered ${err.status}: ${apiMessage(err)}`;
    if (err.status === 413) return new PayloadTooLargeError(`the audio is too large for the transcription server (${detail})`, { cause: err });
    if (err.status === 415) return new UnsupportedMediaTypeError(`the transcription server does not accept this audio (${detail})`, { cause: err });
    if (err.status === 400 || err.status === 422) return new InvalidInputError(`the audio could not be transcribed (${detail})`, { cause: err });
    if (err.status === 404) return new ModelUnavailableError(`${detail}; check EVAL_TRANSCRIBE_MODEL and the base URL`, { cause: err });
  }
  return toGraderError(err, ctx);
}

const stamp = (sec: number) => {
  const ms = Math.round(sec * 1000);
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${pad(Math.floor(ms / 3_600_000))}:${pad(Math.floor(ms / 60_000) % 60)}:${pad(Math.floor(ms / 1000) % 60)}.${pad(ms % 1000, 3)}`;
};

/** Cue text must be one line without "-->" and without markup. */
const cueText = (s: string) => s.replace(/\s+/g, ' ').replace(/-->/g, '->').replace(/&/g, '&amp;').replace(/</g, '&lt;').trim();

/** Segments become WebVTT cues; without segments, one cue for the whole duration, or plain text. */
export function toTranscript(t: z.infer<typeof VerboseTranscription>): Transcript {
  const segments = (t.segments ?? []).map((s) => ({ ...s, text: cueText(s.text) })).filter((s) => s.text);
  if (segments.length > 0) {
    const cues = segments.map((s) => `${stamp(s.start)} --> ${stamp(Math.max(s.start, s.end))}\n${s.text}`);
    return { format: 'vtt', text: `WEBVTT\n\n${cues.join('\n\n')}\n` };
  }
  const text = cueText(t.text);
  if (!text) throw new TranscriptFormatError('no speech found in the audio: the transcription is empty');
  if (t.duration) return { format: 'vtt', text: `WEBVTT\n\n${stamp(0)} --> ${stamp(t.duration)}\n${text}\n` };
  return { format: 'plain', text: t.text.trim() };
}

export type Transcriber = (file: AudioFile, signal?: AbortSignal) => Promise<Transcript>;

/** The transcriber the CLI and the HTTP service use, from configuration. */
export function transcriberFromConfig(config: Config, deps: { fetch?: Fetch } = {}): Transcriber {
  return (file, signal) =>
    transcribeAudio(file, {
      model: config.EVAL_TRANSCRIBE_MODEL,
      baseURL: config.EVAL_TRANSCRIBE_BASE_URL ?? config.OPENAI_BASE_URL,
      apiKey: config.OPENAI_API_KEY,
      maxBytes: config.AUDIO_MAX_BYTES,
      timeoutMs: config.EVAL_TRANSCRIBE_TIMEOUT_MS,
      fetch: deps.fetch,
      signal,
    });
}
