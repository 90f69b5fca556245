import { TranscriptFormatError } from '../grading/errors.js';

/**
 * Speaker labels and who the interviewer is. Shared by the dialogue, WebVTT and SRT parsers.
 *
 * A label is `Name:` at the start of a line: a role word (Interviewer, Candidate, Interviewee,
 * Q, A...) or a name of one to four capitalised words ("Priya", "Dan O'Neil", "Speaker 2"),
 * optionally after a timestamp ("[00:01:02] Priya:") or a dialogue dash ("- Priya:", ">> Priya:").
 */
const ROLE_INTERVIEWER = /^(?:interviewer|q|question|i|recruiter|hiring manager|host|panel|panelist)(?: ?\d+)?$/;
const ROLE_CANDIDATE = /^(?:candidate|interviewee|a|answer|applicant|c|r|respondent|me)(?: ?\d+)?$/;
const ROLE_WORD = /^(?:interviewer|question|recruiter|hiring manager|host|panel|panelist|candidate|interviewee|answer|applicant|respondent)(?: ?\d+)?$/i;

const NAME_WORD = String.raw`\p{Lu}[\p{L}\p{M}'\u2019.\-]*`;
const LABEL = new RegExp(
  String.raw`^[ \t]*(?:\[?\(?\d{1,2}(?::\d{2}){1,2}(?:[.,]\d+)?\)?\]?[ \t]+)?(?:(?:-|>>)[ \t]*)?` +
    String.raw`(?:(${NAME_WORD}(?:[ \t]+(?:${NAME_WORD}|\d{1,3})){0,3})|([a-z][a-z ]{0,30}?))` +
    String.raw`[ \t]*(?:\([^)]{0,40}\)[ \t]*)?:(?:[ \t]+|$)`,
  'u',
);

const NAME = new RegExp(String.raw`^${NAME_WORD}(?:[ \t]+(?:${NAME_WORD}|\d{1,3})){0,3}$`, 'u');

/** Whether a whole string reads as a speaker's name: the name part of a label, or a role word. */
export function isSpeakerName(name: string): boolean {
  return name.length <= 40 && (NAME.test(name) || ROLE_WORD.test(name));
}

export interface LabelledLine {
  /** The label as written, or null when the line does not start with one. */
  label: string | null;
  /** The line after the label (the whole line when there is no label). */
  rest: string;
}

/** Normalised form of a label, used to compare speakers ("priya", "interviewer"). */
export const speakerKey = (label: string) => label.trim().replace(/\s+/g, ' ').toLowerCase();

export function isRoleLabel(key: string): boolean {
  return ROLE_INTERVIEWER.test(key) || ROLE_CANDIDATE.test(key);
}

/** Splits a `Name: words` line. Lowercase labels are accepted only when they are role words. */
export function splitLabel(line: string): LabelledLine {
  const m = LABEL.exec(line);
  if (!m) return { label: null, rest: line };
  const label = (m[1] ?? m[2]!).trim();
  if (m[2] !== undefined && !ROLE_WORD.test(label)) return { label: null, rest: line };
  if (label.length > 40) return { label: null, rest: line };
  return { label, rest: line.slice(m[0].length) };
}

/**
 * Which `Name:` prefixes are speakers, and which are just words in a sentence ("Result: it
 * worked"). A label is a speaker when it is a role word or recurs; when fewer than two speakers
 * are found that way (a short exchange where each person speaks once), every label counts.
 */
export function chooseSpeakers(labels: string[], always: Iterable<string> = []): Set<string> {
  const counts = new Map<string, number>();
  for (const l of labels) counts.set(speakerKey(l), (counts.get(speakerKey(l)) ?? 0) + 1);
  const speakers = new Set([...always].map(speakerKey));
  for (const [key, n] of counts) if (isRoleLabel(key) || n >= 2) speakers.add(key);
  if (speakers.size < 2) for (const key of counts.keys()) speakers.add(key);
  return speakers;
}

export interface SpeakerTurn {
  /** speakerKey of the label, or null when the transcript names no speakers. */
  speaker: string | null;
  text: string;
}

/**
 * The interviewer(s), as speaker keys. The rule, in order:
 * 1. the `interviewer` given with the request (several names separated by commas, for a panel);
 * 2. role words: `Interviewer`, `Q`, `Question`, `Recruiter`, `Hiring manager`, `Host`, `Panel`
 *    are interviewers; when only candidate roles (`Candidate`, `Interviewee`, `A`...) appear,
 *    every other speaker is an interviewer;
 * 3. otherwise the speaker with the most turns containing a question mark; on a tie (or when
 *    nobody asks anything), the one who spoke first.
 * A transcript with a single speaker, or none named, is all the candidate's.
 */
export function resolveInterviewers(turns: SpeakerTurn[], explicit: string | undefined, displayNames: Map<string, string>): Set<string> {
  const order: string[] = [];
  for (const t of turns) if (t.speaker !== null && !order.includes(t.speaker)) order.push(t.speaker);
  if (explicit !== undefined) {
    const given = explicit.split(',').map((s) => s.trim()).filter(Boolean);
    const wanted = given.map(speakerKey);
    const missing = given.filter((g) => !order.includes(speakerKey(g)));
    if (missing.length > 0) {
      const known = order.map((k) => displayNames.get(k) ?? k);
      throw new TranscriptFormatError(
        `interviewer "${missing.join('", "')}" does not speak in this transcript; ` +
          (known.length > 0 ? `its speakers are: ${known.join(', ')}` : 'it has no speaker labels'),
      );
    }
    return new Set(wanted);
  }
  const byRole = order.filter((k) => ROLE_INTERVIEWER.test(k));
  if (byRole.length > 0) return new Set(byRole);
  const candidates = order.filter((k) => ROLE_CANDIDATE.test(k));
  if (candidates.length > 0) return new Set(order.filter((k) => !candidates.includes(k)));
  if (order.length < 2) return new Set();
  const asks = new Map(order.map((k) => [k, 0]));
  for (const t of turns) if (t.speaker !== null && t.text.includes('?')) asks.set(t.speaker, asks.get(t.speaker)! + 1);
  let best = order[0]!;
  for (const k of order) if (asks.get(k)! > asks.get(best)!) best = k;
  return new Set([best]);
}
