import { describe, expect, it } from 'vitest';
import { looksLikeDialogue } from '../../src/transcripts/dialogue.js';
import { parseTranscript } from '../../src/transcripts/parse.js';
import { splitLabel } from '../../src/transcripts/speakers.js';

const dialogue = (text: string, interviewer?: string) => parseTranscript({ format: 'dialogue', text, interviewer });

describe('speaker labels', () => {
  it.each([
    ['Interviewer: Why?', 'Interviewer', 'Why?'],
    ['interviewer: lower case role word', 'interviewer', 'lower case role word'],
    ['Q: short form', 'Q', 'short form'],
    ['Dana Whitfield: a full name', 'Dana Whitfield', 'a full name'],
    ["Dan O'Neil: apostrophes", "Dan O'Neil", 'apostrophes'],
    ['Speaker 2: numbered', 'Speaker 2', 'numbered'],
    ['[00:01:02] Priya: after a timestamp', 'Priya', 'after a timestamp'],
    ['- Priya: after a dialogue dash', 'Priya', 'after a dialogue dash'],
    ['Priya (candidate): with a note', 'Priya', 'with a note'],
    ['Candidate:', 'Candidate', ''],
  ])('%j has label %j', (line, label, rest) => {
    expect(splitLabel(line)).toEqual({ label, rest });
  });

  it.each([
    'The problem was: the queue.',
    'so basically: nothing',
    'At 10:30 we paged the team.',
    'https://example.com/runbook',
    'Q3: revenue grew',
  ])('%j has no label', (line) => {
    expect(splitLabel(line).label).toBeNull();
  });

  it('keeps a one-off "Word:" inside an answer as the answer\'s words', () => {
    const parsed = dialogue('Interviewer: What happened?\nCandidate: We sharded the index.\nResult: it worked.\nInterviewer: And then?\nCandidate: We wrote it up.');
    expect(parsed.text).toBe('We sharded the index.\nResult: it worked.\n\nWe wrote it up.');
  });
});

describe('which speaker is the interviewer', () => {
  const NAMES = 'Alex: I joined in 2019.\nMorgan: What did you own?\nAlex: The billing pipeline.\nMorgan: Why did it matter?\nAlex: It carried every invoice.';

  it('is the speaker who asks the questions, even when the candidate speaks first', () => {
    const parsed = dialogue(NAMES);
    expect(parsed.text).toBe('I joined in 2019.\n\nThe billing pipeline.\n\nIt carried every invoice.');
    expect(parsed.segments).toEqual([
      { question: null, start: 0, end: 17 },
      { question: 'What did you own?', start: 19, end: 40 },
      { question: 'Why did it matter?', start: 42, end: 67 },
    ]);
  });

  it('is whoever the request names, overriding the question rule', () => {
    const parsed = dialogue(NAMES, 'alex');
    expect(parsed.text).toBe('What did you own?\n\nWhy did it matter?');
  });

  it('can be a panel, named with commas', () => {
    const text = 'Ann: Tell me about scale?\nBo: And cost?\nCy: We sharded, which halved cost.\nAnn: Thanks.';
    expect(dialogue(text, 'Ann, Bo').text).toBe('We sharded, which halved cost.');
  });

  it('is the first speaker when nobody asks a question', () => {
    const parsed = dialogue('Jo: Tell me about your last project.\nSam: I built the ledger.\nJo: Go on.\nSam: It reconciles nightly.');
    expect(parsed.text).toBe('I built the ledger.\n\nIt reconciles nightly.');
  });

  it('follows role words over the question rule', () => {
    // The candidate asks the only question, but the labels say who is who.
    const parsed = dialogue('Interviewer: Tell me about it.\nCandidate: Should I start with the outage?\nInterviewer: Yes.\nCandidate: We lost a region.');
    expect(parsed.text).toBe('Should I start with the outage?\n\nWe lost a region.');
    expect(parsed.segments?.map((s) => s.question)).toEqual(['Tell me about it.', 'Yes.']);
  });

  it('treats everyone but the candidate as interviewers when only the candidate has a role label', () => {
    const parsed = dialogue('Dana: Why Kafka?\nCandidate: Replay.\nDana: Cost?\nCandidate: Lower.');
    expect(parsed.text).toBe('Replay.\n\nLower.');
  });

  it('a one-speaker dialogue is all the candidate\'s, with no segments', () => {
    const parsed = dialogue('Candidate: I led the migration.\nIt took a quarter.');
    expect(parsed.text).toBe('I led the migration.\nIt took a quarter.');
    expect(parsed.segments).toBeNull();
  });

  it('applies the same rules to `Name:` prefixes in SRT cues, and to the interviewer field', () => {
    const srt = '1\n00:00:00,000 --> 00:00:02,000\nMo: Why?\n\n2\n00:00:02,000 --> 00:00:05,000\nKai: Because cost.\n';
    expect(parseTranscript({ format: 'srt', text: srt }).text).toBe('Because cost.');
    expect(parseTranscript({ format: 'srt', text: srt, interviewer: 'Kai' }).text).toBe('Why?');
  });

  it('an unlabelled subtitle file is all the candidate\'s', () => {
    const srt = '1\n00:00:00,000 --> 00:00:02,000\nWe moved to Kafka.\n\n2\n00:00:02,000 --> 00:00:05,000\n<i>It paid off.</i>\n';
    const parsed = parseTranscript({ format: 'srt', text: srt });
    expect(parsed.text).toBe('We moved to Kafka. It paid off.');
    expect(parsed.segments).toBeNull();
    expect(parsed.speech?.durationSec).toBe(5);
  });
});

describe('dialogue detection for .txt files', () => {
  it.each([
    ['Interviewer: Why?\nCandidate: Cost.', true],
    ['Q: Why?\nA: Cost.\nQ: And?\nA: Speed.', true],
    ['Dana: What did you build?\nPriya: A queue.\nDana: Why?\nPriya: Cost.', true],
    ['I led the migration. The trade-off was latency: we chose consistency.\nResult: zero downtime.', false],
    ['Note: this is my answer.\nI led the migration and it went well.\nWe shipped on time.\nThe team grew.\nLater: we scaled.', false],
  ])('%j → %s', (text, expected) => {
    expect(looksLikeDialogue(text)).toBe(expected);
  });
});
