import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { evaluate } from '../../src/grading/evaluate.js';
import {
  EngineUnavailableError,
  exitCodeFor,
  InvalidInputError,
  ModelUnavailableError,
  PayloadTooLargeError,
  TranscriptFormatError,
  UnsupportedMediaTypeError,
} from '../../src/grading/errors.js';
import { createHeuristicEngine } from '../../src/grading/heuristic/engine.js';
import { loadRubrics } from '../../src/grading/rubric-registry.js';
import { checkAudio, transcribeAudio, transcriberFromConfig, type AudioFile } from '../../src/transcripts/audio.js';
import { deliveryFindings } from '../../src/transcripts/delivery.js';
import { parseTranscript } from '../../src/transcripts/parse.js';

const BASE_URL = 'http://stt.test/v1';
const VERBOSE = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'fixtures', 'transcripts', 'transcription-verbose.json'), 'utf8'));

interface Sent {
  model: FormDataEntryValue | null;
  format: FormDataEntryValue | null;
  granularities: FormDataEntryValue[];
  file: File;
  auth: string | null;
}
const sent: Sent[] = [];
const replies: (() => Response)[] = [];

const server = setupServer(
  http.post(`${BASE_URL}/audio/transcriptions`, async ({ request }) => {
    const form = await request.formData();
    sent.push({
      model: form.get('model'),
      format: form.get('response_format'),
      granularities: [...form.getAll('timestamp_granularities[]'), ...form.getAll('timestamp_granularities')],
      file: form.get('file') as File,
      auth: request.headers.get('authorization'),
    });
    return (replies.shift() ?? (() => HttpResponse.json({ error: { message: 'test: no reply queued' } }, { status: 418 })))();
  }),
);
beforeAll(() =>
  server.listen({
    // The SDK probes fetch('data:,') before its first upload: not a request to mock.
    onUnhandledRequest: (req, print) => (req.url.startsWith('data:') ? undefined : print.error()),
  }),
);
afterEach(() => {
  sent.length = 0;
  replies.length = 0;
});
afterAll(() => server.close());

const audio = (overrides: Partial<AudioFile> = {}): AudioFile => ({
  bytes: new Uint8Array([0x49, 0x44, 0x33, 0x04, 0, 0, 0, 0, 0, 0]),
  name: 'answer.mp3',
  type: 'audio/mpeg',
  ...overrides,
});
const options = { model: 'whisper-1', baseURL: BASE_URL, apiKey: 'sk-test', maxRetries: 0 };

describe('transcribeAudio', () => {
  it('asks the transcription endpoint for segment timings and returns a timed transcript of the candidate', async () => {
    replies.push(() => HttpResponse.json(VERBOSE));
    const transcript = await transcribeAudio(audio(), options);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ model: 'whisper-1', format: 'verbose_json', granularities: ['segment'], auth: 'Bearer sk-test' });
    expect(sent[0]!.file.name).toBe('answer.mp3');
    expect(sent[0]!.file.size).toBe(10);
    expect(transcript.format).toBe('vtt');
    expect(transcript.text).toBe(
      'WEBVTT\n\n' +
        '00:00:00.000 --> 00:00:04.200\nUm, so I led the migration of our billing exports to a streaming pipeline.\n\n' +
        '00:00:04.200 --> 00:00:09.600\nThe main trade-off was, uh, latency versus cost, and I chose to batch every five minutes.\n\n' +
        '00:00:10.100 --> 00:00:15.500\nExports went from six hours to ten minutes, and support tickets dropped by half.\n',
    );
    const parsed = parseTranscript(transcript);
    // 44 words; fillers "Um", "uh"; speaking time 4.2 + 5.4 + 5.4 = 15 s (the 0.5 s pause is not speech).
    expect(parsed.speech).toEqual({
      words: 44,
      fillerCount: 2,
      fillerRate: 4.5,
      durationSec: 15,
      wordsPerMinute: 176,
      hardFillers: 2,
      softFillers: 0,
      fillersPerMinute: 8,
    });
    expect(parsed.segments).toBeNull();
    expect(deliveryFindings(parsed.text, parsed.speech).map((f) => f.id)).toEqual(['pace-too-fast']);
  });

  it('is graded as a timed transcript by evaluate()', async () => {
    replies.push(() => HttpResponse.json(VERBOSE));
    const transcript = await transcribeAudio(audio({ name: 'take-2.wav', type: 'audio/wav' }), options);
    const e = await evaluate({ transcript, question: 'Tell me about a migration' }, { rubrics: loadRubrics(), heuristic: createHeuristicEngine(), llm: null });
    expect(e.text.startsWith('Um, so I led the migration')).toBe(true);
    expect(e.speech).toMatchObject({ words: 44, durationSec: 15, wordsPerMinute: 176 });
  });

  it('uses the configured model and base URL', async () => {
    replies.push(() => HttpResponse.json(VERBOSE));
    const config = loadConfig({ OPENAI_API_KEY: 'sk-config', EVAL_TRANSCRIBE_MODEL: 'gpt-4o-transcribe', EVAL_TRANSCRIBE_BASE_URL: BASE_URL });
    await transcriberFromConfig(config)(audio());
    expect(sent[0]).toMatchObject({ model: 'gpt-4o-transcribe', auth: 'Bearer sk-config' });
    expect(loadConfig({}).EVAL_TRANSCRIBE_MODEL).toBe('whisper-1');
    expect(loadConfig({}).AUDIO_MAX_BYTES).toBe(25 * 1024 * 1024);
  });

  it('without segments, falls back to one cue for the whole duration, or to plain text', async () => {
    replies.push(() => HttpResponse.json({ text: ' We shipped it. ', duration: 2.5 }));
    replies.push(() => HttpResponse.json({ text: ' We shipped it. ' }));
    expect(await transcribeAudio(audio(), options)).toEqual({ format: 'vtt', text: 'WEBVTT\n\n00:00:00.000 --> 00:00:02.500\nWe shipped it.\n' });
    expect(await transcribeAudio(audio(), options)).toEqual({ format: 'plain', text: 'We shipped it.' });
  });

  it('falls back to json (no timings) for models that refuse verbose_json', async () => {
    replies.push(() =>
      HttpResponse.json(
        { error: { message: "response_format 'verbose_json' is not compatible with model 'gpt-4o-transcribe'. Use 'json' or 'text' instead." } },
        { status: 400 },
      ),
    );
    replies.push(() => HttpResponse.json({ text: 'Um, we shipped it behind a flag.' }));
    const transcript = await transcribeAudio(audio(), { ...options, model: 'gpt-4o-transcribe' });
    expect(sent.map((s) => [s.format, s.granularities])).toEqual([['verbose_json', ['segment']], ['json', []]]);
    expect(transcript).toEqual({ format: 'plain', text: 'Um, we shipped it behind a flag.' });
    expect(parseTranscript(transcript).speech).toMatchObject({ words: 7, fillerCount: 1, durationSec: null, wordsPerMinute: null });
  });

  it('keeps markup-like speech as words', async () => {
    replies.push(() => HttpResponse.json({ text: 'x', segments: [{ start: 0, end: 3, text: 'R&D said a <b> tag --> here' }] }));
    const parsed = parseTranscript(await transcribeAudio(audio(), options));
    expect(parsed.text).toBe('R&D said a <b> tag -> here');
  });

  it('reports an empty transcription as no speech (400)', async () => {
    replies.push(() => HttpResponse.json({ text: '   ', segments: [] }));
    await expect(transcribeAudio(audio(), options)).rejects.toThrow(TranscriptFormatError);
  });

  it.each([
    [400, InvalidInputError, /the audio could not be transcribed .*400: Invalid file format/],
    [413, PayloadTooLargeError, /too large for the transcription server/],
    [404, ModelUnavailableError, /check EVAL_TRANSCRIBE_MODEL/],
    [503, ModelUnavailableError, /503/],
  ])('maps a %i from the server to a typed error', async (status, type, message) => {
    replies.push(() => HttpResponse.json({ error: { message: 'Invalid file format.' } }, { status }));
    const err = await transcribeAudio(audio(), options).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(type);
    expect((err as Error).message).toMatch(message);
  });

  it('retries a 500 and then succeeds (error bodies are buffered, so msw does not hang)', async () => {
    replies.push(() => HttpResponse.json({ error: { message: 'busy' } }, { status: 500, headers: { 'retry-after-ms': '10' } }));
    replies.push(() => HttpResponse.json(VERBOSE));
    const transcript = await transcribeAudio(audio(), { ...options, maxRetries: 1 });
    expect(transcript.format).toBe('vtt');
    expect(sent).toHaveLength(2);
  });

  it('needs a key or a base URL, and says which settings', async () => {
    const err = await transcribeAudio(audio(), { model: 'whisper-1' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EngineUnavailableError);
    expect((err as Error).message).toMatch(/OPENAI_API_KEY.*EVAL_TRANSCRIBE_BASE_URL/);
    expect(sent).toHaveLength(0);
  });
});

describe('audio limits', () => {
  it('refuses audio over the size limit with 413, before sending anything', async () => {
    const err = await transcribeAudio(audio({ bytes: new Uint8Array(2048) }), { ...options, maxBytes: 1024 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PayloadTooLargeError);
    expect((err as PayloadTooLargeError).status).toBe(413);
    expect((err as Error).message).toBe('the audio file is 2 KB; the limit is 1 KB (AUDIO_MAX_BYTES)');
    expect(exitCodeFor(err)).toBe(2);
    expect(sent).toHaveLength(0);
  });

  it.each([
    [{ name: 'answer.txt', type: 'text/plain' }, /unsupported audio type \(\.txt, text\/plain\); accepted: mp3, mp4, m4a, wav, webm, ogg, flac, mpeg/],
    [{ name: 'answer.aiff', type: 'audio/aiff' }, /unsupported audio type \(\.aiff, audio\/aiff\)/],
    [{ name: 'blob', type: 'application/octet-stream' }, /unsupported audio type; accepted/],
  ])('refuses %j with 415', (file, message) => {
    const run = () => checkAudio(audio(file));
    expect(run).toThrow(UnsupportedMediaTypeError);
    expect(run).toThrow(message);
  });

  it('accepts every listed format by extension, and a known media type when the name has no extension', () => {
    for (const ext of ['mp3', 'mp4', 'm4a', 'wav', 'webm', 'ogg', 'flac', 'mpeg', 'mpga']) {
      expect(checkAudio(audio({ name: `a.${ext}`, type: '' })).name).toBe(`a.${ext}`);
    }
    expect(checkAudio(audio({ name: 'recording', type: 'audio/webm;codecs=opus' }))).toEqual({ name: 'recording.webm', type: 'audio/webm' });
    expect(checkAudio(audio({ name: 'clip.m4a', type: 'audio/x-m4a' }))).toEqual({ name: 'clip.m4a', type: 'audio/x-m4a' });
  });

  it('refuses an empty file with 400', () => {
    expect(() => checkAudio(audio({ bytes: new Uint8Array(0) }))).toThrow(/the audio file is empty/);
  });
});
