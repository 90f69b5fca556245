import { mkdtempSync, writeFileSync } from 'node:fs';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run.js';
import { Evaluation } from '../../src/grading/evaluation.js';
import { captureIo } from '../support/cli-io.js';

const FIXTURES = join(import.meta.dirname, '..', '..', 'fixtures', 'transcripts');
const STT = 'http://stt.test/v1';
const VERBOSE = JSON.parse(readFileSync(join(FIXTURES, 'transcription-verbose.json'), 'utf8'));
const uploads: string[] = [];
const server = setupServer(
  http.post(`${STT}/audio/transcriptions`, async ({ request }) => {
    uploads.push(((await request.formData()).get('file') as File).name);
    return HttpResponse.json(VERBOSE);
  }),
);
beforeAll(() => server.listen({ onUnhandledRequest: (req, print) => (req.url.startsWith('data:') ? undefined : print.error()) }));
afterAll(() => server.close());

const tmp = mkdtempSync(join(tmpdir(), 'barometer-cli-audio-'));

async function gradeJson(args: string[], env: Record<string, string> = {}) {
  const io = captureIo({ cwd: FIXTURES, env });
  const code = await runCli(['grade', '--format', 'json', ...args], io);
  return { code, io, evaluation: code === 0 ? Evaluation.parse(JSON.parse(io.out())) : null };
}

describe('grade with transcripts and audio', () => {
  it.each([
    ['dialogue-names.txt', 48, null],
    ['interview-names.vtt', 41, 18],
    ['interview.srt', 32, 12],
  ])('grades %s as a transcript (candidate words only, speech metrics)', async (file, words, durationSec) => {
    const { code, io, evaluation } = await gradeJson([file]);
    expect(code, io.err()).toBe(0);
    expect(evaluation!.speech).toMatchObject({ words, durationSec });
    expect(evaluation!.segments?.length).toBeGreaterThan(0);
  });

  it('--interviewer names the interviewer when the labels are names', async () => {
    const { code, evaluation } = await gradeJson(['dialogue-names.txt', '--interviewer', 'Priya']);
    expect(code).toBe(0);
    expect(evaluation!.text).toBe('Thanks for joining. Can you walk me through a migration you led?\n\nHow did you de-risk it?');
  });

  it('exits 2 naming the line of a malformed subtitle file', async () => {
    const { code, io } = await gradeJson([join('malformed', 'end-before-start.vtt')]);
    expect(code).toBe(2);
    expect(io.err()).toMatch(/line 3: the cue ends \(00:00:04\.000\) before it starts \(00:00:09\.000\)/);
    expect(io.out()).toBe('');
  });

  it('transcribes an audio file through the configured endpoint and grades it', async () => {
    writeFileSync(join(tmp, 'take.m4a'), new Uint8Array([0, 0, 0, 0x20, 0x66, 0x74, 0x79, 0x70]));
    const { code, io, evaluation } = await gradeJson([join(tmp, 'take.m4a')], { OPENAI_API_KEY: 'sk-test', EVAL_TRANSCRIBE_BASE_URL: STT });
    expect(code, io.err()).toBe(0);
    expect(uploads).toEqual(['take.m4a']);
    expect(evaluation!.speech).toMatchObject({ words: 44, durationSec: 15, wordsPerMinute: 176 });
  });

  it('exits 2 for audio over AUDIO_MAX_BYTES, and 1 when no transcription server is configured', async () => {
    writeFileSync(join(tmp, 'long.wav'), new Uint8Array(4096));
    const big = await gradeJson([join(tmp, 'long.wav')], { OPENAI_API_KEY: 'sk-test', EVAL_TRANSCRIBE_BASE_URL: STT, AUDIO_MAX_BYTES: '2048' });
    expect(big.code).toBe(2);
    expect(big.io.err()).toMatch(/long\.wav is 4 KB; the audio limit is 2 KB \(AUDIO_MAX_BYTES\)/);
    const unconfigured = await gradeJson([join(tmp, 'long.wav')]);
    expect(unconfigured.code).toBe(1);
    expect(unconfigured.io.err()).toMatch(/audio needs a transcription server: set OPENAI_API_KEY/);
  });
});
