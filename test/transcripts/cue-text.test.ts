import { describe, expect, it } from 'vitest';
import { parseTranscript } from '../../src/transcripts/parse.js';

describe('cue text', () => {
  it('handles unclosed voice tags, voice classes, inline timestamps, class spans and entities (WebVTT)', () => {
    const vtt = [
      'WEBVTT',
      '',
      '00:00.000 --> 00:02.000 position:10% align:start size:50%',
      '<v.first.loud Dana>Why &lt;Kafka&gt;?',
      '',
      '00:02.000 --> 00:06.000',
      '<v Priya><00:02.500>Replay, <c.highlight>mostly</c>, &amp; <i>cost</i>.',
      'R&amp;D agreed.',
    ].join('\n');
    const parsed = parseTranscript({ format: 'vtt', text: vtt });
    expect(parsed.text).toBe('Replay, mostly, & cost. R&D agreed.');
    expect(parsed.segments).toEqual([{ question: 'Why <Kafka>?', start: 0, end: 35 }]);
    expect(parsed.speech?.durationSec).toBe(4);
  });

  it('removes SRT formatting (<font>, {\\an8}) and dialogue dashes before a name', () => {
    const srt = ['1', '00:00:00,000 --> 00:00:02,000', '{\\an8}<font color="#ffff00">- Dana: Why?</font>', '', '2', '00:00:02,000 --> 00:00:05,000', '- Priya: <b>Cost.</b>', ''].join('\n');
    const parsed = parseTranscript({ format: 'srt', text: srt });
    expect(parsed.text).toBe('Cost.');
    expect(parsed.segments?.[0]?.question).toBe('Why?');
  });

  it('splits a cue shared by two names (Name: prefixes on separate lines) by word count', () => {
    const srt = ['1', '00:00:00,000 --> 00:00:04,000', 'Dana: Why that design?', 'Priya: It halved our costs.', ''].join('\n');
    const parsed = parseTranscript({ format: 'srt', text: srt });
    expect(parsed.text).toBe('It halved our costs.');
    // 3 words for Dana, 4 for Priya: Priya's share of the 4 s cue is 4/7 of it.
    expect(parsed.speech?.durationSec).toBe(Math.round((4 * 4000) / 7) / 1000);
  });

  it('counts overlapping candidate cues once', () => {
    const vtt = ['WEBVTT', '', '00:00.000 --> 00:04.000', 'we moved', '', '00:03.000 --> 00:06.000', 'to Kafka', ''].join('\n');
    expect(parseTranscript({ format: 'vtt', text: vtt }).speech?.durationSec).toBe(6);
  });
});
