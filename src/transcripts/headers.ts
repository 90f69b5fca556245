import { isSpeakerName } from './speakers.js';

/**
 * Speaker header lines of transcription services, which put the speaker and a timestamp on a
 * line of their own and the words on the lines below:
 *
 *   Otter.ai  `Jane Doe  0:09` or `Jane Doe  00:00:09` (the paragraph follows; exports end with
 *             "Transcribed by https://otter.ai"; an unidentified speaker's paragraph has only `0:15`)
 *   Rev       `Jane Doe (00:09):` (words below, or after the colon), also `Jane Doe: (00:09)`
 *
 * A Rev header is a `Name:` label with a timestamp, so it is unambiguous. An Otter header is
 * only a name and a time, so it must be a whole line, the name must read as a speaker's name
 * (capitalised words, "Speaker 2", or a role word), and a paragraph must follow it: "Result  2024"
 * (no time), "we met at 10:30" (not a name) and a list of times ("Kickoff 9:00" / "Review 10:30")
 * are not headers.
 */
export interface SpeakerHeader {
  kind: 'otter' | 'rev';
  label: string;
  /** Words after the header on the same line (Rev), else "". */
  rest: string;
  /** The timestamp, in seconds. */
  seconds: number;
}

const TIME = String.raw`(\d{1,2}:\d{2}(?::\d{2})?)`;
const OTTER = new RegExp(String.raw`^[ \t]*(\S.*?)[ \t]+${TIME}[ \t]*$`);
const REV = new RegExp(String.raw`^[ \t]*(\S.*?)[ \t]*(?:[([]${TIME}[)\]][ \t]*:|:[ \t]*[([]${TIME}[)\]])(?:[ \t]+(.*)|$)`);
const TIME_ONLY = new RegExp(String.raw`^[ \t]*${TIME}[ \t]*$`);
const OTTER_FOOTER = /^[ \t]*Transcribed by https?:\/\/otter\.ai\/?[ \t]*$/i;

function seconds(stamp: string): number {
  return stamp.split(':').reduce((total, part) => total * 60 + Number(part), 0);
}

/** Lines that carry no words: Otter's footer, and (in an Otter transcript) its bare timestamps. */
export function isOtterNoise(line: string, otter: boolean): boolean {
  return OTTER_FOOTER.test(line) || (otter && TIME_ONLY.test(line));
}

function revHeader(line: string): SpeakerHeader | null {
  const m = REV.exec(line);
  if (!m || !isSpeakerName(m[1]!)) return null;
  return { kind: 'rev', label: m[1]!, rest: (m[4] ?? '').trim(), seconds: seconds(m[2] ?? m[3]!) };
}

function otterHeader(line: string): SpeakerHeader | null {
  const m = OTTER.exec(line);
  if (!m || !isSpeakerName(m[1]!)) return null;
  return { kind: 'otter', label: m[1]!, rest: '', seconds: seconds(m[2]!) };
}

/**
 * The speaker header on each line, or null. Otter headers count only when there are two of
 * them, or one that opens the transcript, so that a stray "Standup At 9:30" line inside an
 * ordinary `Name:` dialogue does not turn it into an Otter transcript.
 */
export function speakerHeaders(lines: string[]): (SpeakerHeader | null)[] {
  const out = lines.map((line, i) => {
    const rev = revHeader(line);
    if (rev) return rev;
    const otter = otterHeader(line);
    if (!otter) return null;
    const next = lines[i + 1];
    const paragraph = next !== undefined && next.trim() !== '' && !otterHeader(next) && !TIME_ONLY.test(next) && !OTTER_FOOTER.test(next);
    return paragraph ? otter : null;
  });
  const otters = out.flatMap((h, i) => (h?.kind === 'otter' ? [i] : []));
  const firstLine = lines.findIndex((l) => l.trim() !== '');
  if (otters.length === 1 && otters[0] !== firstLine) out[otters[0]!] = null;
  return out;
}
