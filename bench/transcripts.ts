/**
 * Transcript benchmark: parsing a 45-minute interview (WebVTT with voice tags, SRT, dialogue) into
 * the candidate's text, segments and speech metrics, and finding fillers in adversarial text
 * (200 KB of fillers, of repeated words, of label-like lines). Target: linear in length, a whole
 * interview parsed in a few milliseconds; no input takes more than ~100 ms.
 */
import { performance } from 'node:perf_hooks';
import { createLocator } from '../src/grading/grounding.js';
import { parseTranscript } from '../src/transcripts/parse.js';
import { findFillers, nonEvidenceSpans } from '../src/transcripts/fillers.js';
import type { Transcript } from '../src/grading/request.js';

function timeIt(fn: () => unknown, minMs = 400): number {
  fn();
  let runs = 0;
  const start = performance.now();
  while (performance.now() - start < minMs) {
    fn();
    runs++;
  }
  return (performance.now() - start) / runs;
}

const ANSWER = 'Um, so we, like, moved the order queue from Redis to Kafka, and I chose to dual write for two weeks, you know, because a cut-over risked losing orders.';
const stamp = (s: number) => new Date(s * 1000).toISOString().slice(11, 23);

/** About 45 minutes: 15 questions, each answered in 15 cues of 33 words at 150 words a minute. */
function interview(): { vtt: string; srt: string; dialogue: string } {
  const vtt: string[] = ['WEBVTT', ''];
  const srt: string[] = [];
  const dialogue: string[] = [];
  let t = 0;
  let n = 0;
  for (let q = 0; q < 15; q++) {
    const question = `Question ${q + 1}: what was the hardest trade-off in that project?`;
    vtt.push(`${stamp(t)} --> ${stamp(t + 4)}`, `<v Dana Whitfield>${question}</v>`, '');
    srt.push(String(++n), `${stamp(t).replace('.', ',')} --> ${stamp(t + 4).replace('.', ',')}`, `Dana: ${question}`, '');
    dialogue.push(`Interviewer: ${question}`);
    t += 4;
    const answer: string[] = [];
    for (let c = 0; c < 15; c++) {
      // Each cue differs from the one before: identical consecutive cues read as roll-up captions.
      const said = `${ANSWER} That was step ${c + 1}.`;
      vtt.push(`${stamp(t)} --> ${stamp(t + 11.6)}`, `<v Priya Raman>${said}</v>`, '');
      srt.push(String(++n), `${stamp(t).replace('.', ',')} --> ${stamp(t + 11.6).replace('.', ',')}`, `Priya: ${said}`, '');
      answer.push(said);
      t += 11.6;
    }
    dialogue.push(`Candidate: ${answer.join(' ')}`);
  }
  return { vtt: vtt.join('\n'), srt: srt.join('\n'), dialogue: dialogue.join('\n') };
}

export async function benchTranscripts(): Promise<void> {
  console.log('\n== transcripts: parsing, speech metrics, fillers ==');
  const { vtt, srt, dialogue } = interview();
  const cases: [string, Transcript][] = [
    ['45-min WebVTT, voice tags', { format: 'vtt', text: vtt }],
    ['45-min SRT, Name: prefixes', { format: 'srt', text: srt }],
    ['45-min dialogue', { format: 'dialogue', text: dialogue }],
  ];
  for (const [name, t] of cases) {
    const parsed = parseTranscript(t);
    const ms = timeIt(() => parseTranscript(t));
    console.log(
      `${name.padEnd(28)} ${(t.text.length / 1024).toFixed(0).padStart(4)} KB, ${String(parsed.speech!.words).padStart(5)} candidate words: ${ms.toFixed(2)} ms`,
    );
  }
  const text = parseTranscript({ format: 'vtt', text: vtt }).text;
  const ground = timeIt(() => createLocator(text).locate('we moved the order queue from Redis to Kafka and I chose to dual write for three weeks'), 400);
  console.log(`grounding a filler-free quote that is not there (worst case, all three passes): ${ground.toFixed(2)} ms`);

  const adversarial: [string, string][] = [
    ['200 KB of "um uh like "', 'um uh like '.repeat(200_000 / 11)],
    ['200 KB of "you know you know "', 'you know '.repeat(200_000 / 9)],
    ['200 KB of "the the "', 'the '.repeat(50_000)],
    ['200 KB, one letter per word', 'a '.repeat(100_000)],
    ['200 KB of "a- "', 'a- '.repeat(66_000)],
  ];
  for (const [name, s] of adversarial) {
    const ms = timeIt(() => nonEvidenceSpans(s, findFillers(s)), 300);
    console.log(`${name.padEnd(34)} ${ms.toFixed(1).padStart(7)} ms`);
  }
  const labels = Array.from({ length: 5000 }, (_, i) => `Speaker ${i % 3}: ${'word '.repeat(6)}`).join('\n');
  console.log(`dialogue of 5,000 labelled lines (${(labels.length / 1024).toFixed(0)} KB): ${timeIt(() => parseTranscript({ format: 'dialogue', text: labels }), 300).toFixed(1)} ms`);
  const noNewlines = 'Interviewer' + ' x'.repeat(100_000);
  console.log(`200 KB line with no colon: ${timeIt(() => parseTranscript({ format: 'plain', text: noNewlines }), 300).toFixed(1)} ms`);
}

if (import.meta.url === `file://${process.argv[1]}`) await benchTranscripts();
