import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildRequest, detectFormat, formatFromFileName } from '../../src/playground/static/input.js';
import { sourceFromText } from '../../src/transcripts/files.js';

const VTT = 'WEBVTT\n\n00:00:01.000 --> 00:00:04.000\n<v Candidate>I led the migration.\n';
const SRT = '1\n00:00:01,000 --> 00:00:04,000\nI led the migration.\n';
const DIALOGUE = 'Interviewer: Tell me about a project.\nCandidate: I led the billing migration.\nInterviewer: Why?\nCandidate: Double charges.\n';
const NAMED = 'Priya: What did you own?\nDan O\'Neil: The rollout plan.\nPriya: And then?\nDan O\'Neil: We shipped it.\n';
const OTTER = readFileSync(new URL('../../fixtures/transcripts/dialogue-otter.txt', import.meta.url), 'utf8');
const REV = readFileSync(new URL('../../fixtures/transcripts/dialogue-rev.txt', import.meta.url), 'utf8');
const SCHEDULE = 'Our launch day went like this.\n\nKickoff  9:00\nWe met the support leads.\n\nReview  10:30\nWe walked through the dashboards.\n';
const ESSAY = 'I led the migration of our billing service.\nResult: errors fell 40%.\nWe kept both paths for two weeks.\n';

describe('detectFormat', () => {
  it.each([
    ['WebVTT', VTT, 'vtt'],
    ['WebVTT with a byte-order mark and CRLF', `\uFEFF${VTT.replace(/\n/g, '\r\n')}`, 'vtt'],
    ['SRT', SRT, 'srt'],
    ['a role-labelled dialogue', DIALOGUE, 'dialogue'],
    ['a dialogue between named speakers', NAMED, 'dialogue'],
    ['a lower-case role-labelled dialogue', 'q: why?\na: because of risk.\nq: and?\na: we shipped.', 'dialogue'],
    ['an Otter.ai export', OTTER, 'dialogue'],
    ['a Rev export', REV, 'dialogue'],
    ['an essay with one "Result:" line', ESSAY, 'answer'],
    ['an answer with clock-time headings', SCHEDULE, 'answer'],
    ['an answer with "Result  2024" on a line', 'I led the migration.\nResult  2024\nErrors fell 40%.', 'answer'],
    ['a one-line answer', 'I have nine years of coding experience.', 'answer'],
  ] as const)('reads %s as %s', (_name, text, expected) => {
    expect(detectFormat(text)).toBe(expected);
  });

  it('agrees with the CLI, which sniffs .txt files the same way', () => {
    for (const text of [VTT, SRT, DIALOGUE, NAMED, OTTER, REV, ESSAY, SCHEDULE, 'Just an answer.']) {
      const cli = sourceFromText(text);
      expect(detectFormat(text), text).toBe(cli.transcript?.format ?? 'answer');
    }
  });
});

describe('formatFromFileName', () => {
  it('trusts .vtt and .srt extensions, and leaves .txt to the content', () => {
    expect(formatFromFileName('Interview.VTT')).toBe('vtt');
    expect(formatFromFileName('call.srt')).toBe('srt');
    expect(formatFromFileName('answer.txt')).toBeNull();
  });
});

describe('buildRequest', () => {
  it('sends a written answer as `answer`, with the trimmed question, rubric and engine', () => {
    expect(buildRequest({ text: 'My answer', format: 'auto', question: '  Why?  ', rubric: 'senior-swe', engine: 'heuristic' })).toEqual({
      answer: 'My answer',
      question: 'Why?',
      rubric: 'senior-swe',
      engine: 'heuristic',
    });
  });

  it('sends transcripts as `transcript: {format, text}`, detected or chosen', () => {
    expect(buildRequest({ text: DIALOGUE, format: 'auto' })).toEqual({ transcript: { format: 'dialogue', text: DIALOGUE } });
    expect(buildRequest({ text: 'um so I led it', format: 'plain' })).toEqual({ transcript: { format: 'plain', text: 'um so I led it' } });
  });

  it('lets the chosen format override the detected one', () => {
    expect(buildRequest({ text: DIALOGUE, format: 'answer' })).toEqual({ answer: DIALOGUE });
  });

  it('leaves out a blank question and an empty rubric (the server default applies)', () => {
    expect(buildRequest({ text: 'x', format: 'answer', question: '   ', rubric: '' })).toEqual({ answer: 'x' });
  });

  it('passes a blank answer through, so the server explains what is wrong', () => {
    expect(buildRequest({ text: '  ', format: 'auto' })).toEqual({ answer: '  ' });
  });
});
