import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InvalidInputError, PayloadTooLargeError, UnsupportedMediaTypeError } from '../../src/grading/errors.js';
import type { AudioFile } from '../../src/transcripts/audio.js';
import { readAnswerFile, sourceFromText } from '../../src/transcripts/files.js';

const FIXTURES = join(import.meta.dirname, '..', '..', 'fixtures', 'transcripts');
const tmp = mkdtempSync(join(tmpdir(), 'barometer-files-'));
const write = (name: string, content: string | Uint8Array) => {
  writeFileSync(join(tmp, name), content);
  return join(tmp, name);
};

describe('readAnswerFile', () => {
  it.each([
    ['plain.txt', { answer: expect.stringMatching(/^Um, so the checkout service/) }],
    ['dialogue-roles.txt', { transcript: { format: 'dialogue', text: expect.stringContaining('Interviewer: Tell me') } }],
    ['dialogue-qa.txt', { transcript: { format: 'dialogue', text: expect.stringContaining('Q: How') } }],
    ['dialogue-names.txt', { transcript: { format: 'dialogue', text: expect.stringContaining('Dana Whitfield:') } }],
    ['dialogue-otter.txt', { transcript: { format: 'dialogue', text: expect.stringMatching(/^Dana Whitfield {2}0:02\n/) } }],
    ['dialogue-rev.txt', { transcript: { format: 'dialogue', text: expect.stringMatching(/^Speaker 1 \(00:00\):\n/) } }],
    ['youtube-auto.vtt', { transcript: { format: 'vtt', text: expect.stringMatching(/^WEBVTT\nKind: captions\n/) } }],
    ['interview-voice.vtt', { transcript: { format: 'vtt', text: expect.stringMatching(/^WEBVTT/) } }],
    ['interview.srt', { transcript: { format: 'srt', text: expect.stringMatching(/^1\n/) } }],
  ])('%s', async (file, expected) => {
    expect(await readAnswerFile(join(FIXTURES, file))).toEqual(expected);
  });

  it('reads a .md dialogue and a subtitle file saved as .txt by content', async () => {
    expect((await readAnswerFile(write('mock.md', 'Interviewer: Why?\nInterviewee: Cost.\n'))).transcript?.format).toBe('dialogue');
    expect((await readAnswerFile(write('captions.txt', 'WEBVTT\n\n00:00.000 --> 00:01.000\nhi\n'))).transcript?.format).toBe('vtt');
    expect((await readAnswerFile(write('subs.txt', '1\r\n00:00:00,000 --> 00:00:01,000\r\nhi\r\n'))).transcript?.format).toBe('srt');
    const notes = 'I led the billing rewrite.\n\nResult  2024\nInvoice errors fell by 90 percent; we met at 10:30\nevery Monday to check.\n';
    expect(await readAnswerFile(write('notes.txt', notes))).toEqual({ answer: notes });
    expect(await readAnswerFile(write('essay.md', '# My answer\n\nI led the migration. Result: zero downtime.\n'))).toEqual({
      answer: '# My answer\n\nI led the migration. Result: zero downtime.\n',
    });
  });

  it('transcribes audio files with the given transcriber, passing name, type and bytes', async () => {
    const seen: AudioFile[] = [];
    const path = write('answer.m4a', new Uint8Array([1, 2, 3]));
    const source = await readAnswerFile(path, {
      transcribe: async (file) => {
        seen.push(file);
        return { format: 'plain', text: 'we shipped it' };
      },
    });
    expect(source).toEqual({ transcript: { format: 'plain', text: 'we shipped it' } });
    expect(seen).toEqual([{ bytes: new Uint8Array([1, 2, 3]), name: 'answer.m4a', type: 'audio/mp4' }]);
  });

  it('refuses audio without a transcriber, and audio over the limit before reading it', async () => {
    const path = write('big.wav', new Uint8Array(3000));
    await expect(readAnswerFile(path)).rejects.toThrow(/big\.wav is audio, and grading audio needs a transcription server: set OPENAI_API_KEY/);
    const tooBig = readAnswerFile(path, { transcribe: async () => ({ format: 'plain', text: 'x' }), maxAudioBytes: 2048 });
    await expect(tooBig).rejects.toThrow(PayloadTooLargeError);
    await expect(tooBig).rejects.toThrow('big.wav is 2.9 KB; the audio limit is 2 KB (AUDIO_MAX_BYTES)');
  });

  it.each([
    ['answer.pdf', '%PDF-1.4', UnsupportedMediaTypeError, /cannot grade "answer\.pdf": expected one of \.txt, \.md, \.vtt, \.srt or audio/],
    ['latin1.txt', new Uint8Array([0x63, 0x61, 0x66, 0xe9]), UnsupportedMediaTypeError, /latin1\.txt is not UTF-8 text/],
    ['binary.txt', new Uint8Array([0x68, 0x00, 0x69]), UnsupportedMediaTypeError, /binary\.txt is a binary file/],
  ])('refuses %s', async (name, content, type, message) => {
    const err = await readAnswerFile(write(name, content)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(type);
    expect((err as Error).message).toMatch(message);
  });

  it('names a missing file', async () => {
    const err = await readAnswerFile(join(tmp, 'nope.txt')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidInputError);
    expect((err as Error).message).toMatch(/cannot read .*nope\.txt: no such file/);
  });
});

describe('sourceFromText (stdin)', () => {
  it('follows an explicit extension, else the content', () => {
    expect(sourceFromText('anything', '.srt')).toEqual({ transcript: { format: 'srt', text: 'anything' } });
    expect(sourceFromText('\uFEFFWEBVTT\n\n00:00.000 --> 00:01.000\nhi')).toMatchObject({ transcript: { format: 'vtt' } });
    expect(sourceFromText('Q: Why?\nA: Cost.')).toMatchObject({ transcript: { format: 'dialogue' } });
    expect(sourceFromText('I led it.')).toEqual({ answer: 'I led it.' });
  });
});
