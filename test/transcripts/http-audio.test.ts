import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Evaluation } from '../../src/grading/evaluation.js';
import { problemOf, testApp } from '../http/support.js';

const STT = 'http://stt.test/v1';
const VERBOSE = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'fixtures', 'transcripts', 'transcription-verbose.json'), 'utf8'));
const ENV = { OPENAI_API_KEY: 'sk-test', EVAL_TRANSCRIBE_BASE_URL: STT, EVAL_TRANSCRIBE_MODEL: 'whisper-large-v3' };

const received: { model: FormDataEntryValue | null; file: File }[] = [];
let reply: () => Response = () => HttpResponse.json(VERBOSE);
const server = setupServer(
  http.post(`${STT}/audio/transcriptions`, async ({ request }) => {
    const form = await request.formData();
    received.push({ model: form.get('model'), file: form.get('file') as File });
    return reply();
  }),
);
beforeAll(() => server.listen({ onUnhandledRequest: (req, print) => (req.url.startsWith('data:') ? undefined : print.error()) }));
afterEach(() => {
  received.length = 0;
  reply = () => HttpResponse.json(VERBOSE);
});
afterAll(() => server.close());

const MP3 = new Uint8Array([0x49, 0x44, 0x33, 0x04, 0, 0, 0, 0, 0, 0]);

function upload(fields: Record<string, string | File>, env: Record<string, string> = ENV) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  // No content-type header: fetch sets multipart/form-data with its boundary.
  return testApp({ env }).app.request('/v1/evaluations', { method: 'POST', body: form });
}
const audioFile = (bytes: Uint8Array<ArrayBuffer> = MP3, name = 'answer.mp3', type = 'audio/mpeg') => new File([bytes], name, { type });

describe('POST /v1/evaluations with multipart/form-data audio', () => {
  it('transcribes the recording and grades it as a timed transcript', async () => {
    const res = await upload({ audio: audioFile(), question: 'Tell me about a migration', engine: 'heuristic', metadata: '{"candidate":"c-7"}' });
    expect(res.status).toBe(200);
    const e = Evaluation.parse(await res.json());
    expect(received).toHaveLength(1);
    expect(received[0]!.model).toBe('whisper-large-v3');
    expect(received[0]!.file.name).toBe('answer.mp3');
    expect(received[0]!.file.size).toBe(MP3.length);
    expect(e.question).toBe('Tell me about a migration');
    expect(e.metadata).toEqual({ candidate: 'c-7' });
    expect(e.text).toBe(
      'Um, so I led the migration of our billing exports to a streaming pipeline. The main trade-off was, uh, latency versus cost, and I chose to batch every five minutes. Exports went from six hours to ten minutes, and support tickets dropped by half.',
    );
    expect(e.speech).toMatchObject({ words: 44, fillerCount: 2, durationSec: 15, wordsPerMinute: 176, fillersPerMinute: 8 });
    expect(e.flags.map((f) => f.id)).toContain('pace-too-fast');
  });

  it('answers 413 for a recording over AUDIO_MAX_BYTES, without calling the transcription server', async () => {
    const res = await upload({ audio: audioFile(new Uint8Array(4096)) }, { ...ENV, AUDIO_MAX_BYTES: '2048' });
    expect(res.status).toBe(413);
    expect(await problemOf(res)).toMatchObject({ code: 'payload_too_large', detail: 'the audio file is 4 KB; the limit is 2 KB (AUDIO_MAX_BYTES)' });
    expect(received).toHaveLength(0);
  });

  it('answers 413 when the whole multipart body is over the limit', async () => {
    const res = await upload({ audio: audioFile(new Uint8Array(1024 * 1024 + 8192)) }, { ...ENV, AUDIO_MAX_BYTES: '2048' });
    expect(res.status).toBe(413);
    expect(received).toHaveLength(0);
  });

  it('answers 415 for a file that is not accepted audio', async () => {
    const res = await upload({ audio: audioFile(new TextEncoder().encode('hello'), 'answer.txt', 'text/plain') });
    expect(res.status).toBe(415);
    const body = await problemOf(res);
    expect(body.code).toBe('unsupported_media_type');
    expect(body.detail).toMatch(/unsupported audio type \(\.txt, text\/plain\); accepted: mp3/);
    expect(received).toHaveLength(0);
  });

  it.each([
    ['no audio field', { question: 'Why?' }, /audio/],
    ['an unknown field', { audio: audioFile(), answer: 'text' }, /answer/],
    ['metadata that is not JSON', { audio: audioFile(), metadata: '{nope' }, /metadata: must be a JSON object/],
    ['an interviewer for an unlabelled recording', { audio: audioFile(), interviewer: 'Dana' }, /interviewer "Dana" does not speak in this transcript; it has no speaker labels/],
  ])('answers 400 for %s', async (_, fields, detail) => {
    const res = await upload(fields as Record<string, string | File>);
    expect(res.status).toBe(400);
    expect((await problemOf(res)).detail).toMatch(detail);
  });

  it('answers 400 when the transcription server cannot read the audio', async () => {
    reply = () => HttpResponse.json({ error: { message: 'Audio file might be corrupted or unsupported' } }, { status: 400 });
    const res = await upload({ audio: audioFile() });
    expect(res.status).toBe(400);
    expect((await problemOf(res)).detail).toMatch(/the audio could not be transcribed .*corrupted/);
  });

  it('answers 503 when no transcription server is configured', async () => {
    const res = await upload({ audio: audioFile() }, {});
    expect(res.status).toBe(503);
    expect((await problemOf(res)).detail).toMatch(/audio needs a transcription server: set OPENAI_API_KEY/);
  });

  it('documents the multipart body in the OpenAPI document', async () => {
    const res = await testApp({ env: ENV }).app.request('/openapi.json');
    const doc = (await res.json()) as { paths: Record<string, { post: { requestBody: { content: Record<string, unknown> } } }> };
    const content = doc.paths['/v1/evaluations']!.post.requestBody.content;
    expect(Object.keys(content)).toEqual(['application/json', 'text/plain', 'multipart/form-data']);
    expect(JSON.stringify(content['multipart/form-data'])).toMatch(/AudioUpload/);
  });
});
