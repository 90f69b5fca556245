// @ts-check
/**
 * From what the person typed or uploaded to an EvaluationRequest body. The sniffing mirrors the
 * CLI's (src/transcripts/files.ts), simplified; the "Input type" select overrides it.
 */

/** @typedef {'answer' | 'plain' | 'dialogue' | 'vtt' | 'srt'} InputFormat */

export const FORMAT_NAMES = /** @type {const} */ ({
  answer: 'a written answer',
  plain: 'a plain spoken transcript',
  dialogue: 'a dialogue transcript',
  vtt: 'WebVTT subtitles',
  srt: 'SRT subtitles',
});

const SRT_START = /^\s*\d+[ \t]*\n[ \t]*\d{1,3}:\d{2}:\d{2}[,.]\d{3}[ \t]+-->/;
// "Interviewer:", "Q:", "Priya:", "Dan O'Neil:", "[00:01] Priya:"; lower case only for role words.
const PREFIX = String.raw`^[ \t]*(?:\[?\d{1,2}(?::\d{2}){1,2}\]?[ \t]+)?(?:(?:-|>>)[ \t]*)?`;
const ROLE_LABEL = new RegExp(`${PREFIX}(interviewer|interviewee|candidate|question|answer|recruiter|applicant|q|a)[ \\t]*:(?:[ \\t]|$)`, 'i');
const NAME_WORD = String.raw`\p{Lu}[\p{L}'\u2019.-]*`;
const NAME_LABEL = new RegExp(`${PREFIX}(${NAME_WORD}(?:[ \\t]+(?:${NAME_WORD}|\\d{1,3})){0,3})[ \\t]*:(?:[ \\t]|$)`, 'u');

/** @param {string} line @returns {string | null} the speaker label, lower case */
function labelOf(line) {
  const m = ROLE_LABEL.exec(line) ?? NAME_LABEL.exec(line);
  return m?.[1] ? m[1].toLowerCase() : null;
}

// Otter.ai `Jane Doe  0:09` (words on the next line) and Rev `Jane Doe (00:09):` / `Jane Doe: (00:09)`.
const TIME = String.raw`\d{1,2}:\d{2}(?::\d{2})?`;
const SPEAKER = `(${NAME_WORD}(?:[ \\t]+(?:${NAME_WORD}|\\d{1,3})){0,3})`;
const OTTER_HEADER = new RegExp(`^[ \\t]*${SPEAKER}[ \\t]+(${TIME})[ \\t]*$`, 'u');
const REV_HEADER = new RegExp(`^[ \\t]*${SPEAKER}[ \\t]*(?:[([](${TIME})[)\\]][ \\t]*:|:[ \\t]*[([](${TIME})[)\\]])`, 'u');

/**
 * An Otter or Rev export: two speaker headers with timestamps, the first within the first three
 * non-blank lines, an Otter header followed by its paragraph.
 * @param {string[]} lines
 */
function looksLikeExport(lines) {
  const headers = lines.flatMap((line, i) => {
    const next = lines[i + 1] ?? '';
    const otter = OTTER_HEADER.exec(line);
    const header = otter && next.trim() !== '' && !OTTER_HEADER.test(next) ? otter : REV_HEADER.exec(line);
    return header ? [{ i, name: header[1] ?? '', seconds: secondsOf(header[2] ?? header[3] ?? '') }] : [];
  });
  if (headers.length < 2) return false;
  // A recording starts near 0:00, and its speakers come back; headings with clock times do neither.
  const recording = headers[0].seconds < 60 || new Set(headers.map((h) => h.name)).size < headers.length;
  return recording && lines.slice(0, headers[0].i).filter((l) => l.trim() !== '').length < 3;
}

/** @param {string} stamp "m:ss" or "h:mm:ss" */
const secondsOf = (stamp) => stamp.split(':').reduce((total, part) => total * 60 + Number(part), 0);

/**
 * Does this read as a dialogue? An Otter or Rev export, or two speakers, a label in the first
 * three lines, and labels on enough lines that one "Result: ..." in an essay does not count.
 * @param {string} text
 */
export function looksLikeDialogue(text) {
  if (looksLikeExport(text.split('\n'))) return true;
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  const labels = lines.map(labelOf);
  const labelled = labels.filter((l) => l !== null);
  if (labelled.length < 2) return false;
  const early = labels.slice(0, 3).some((l) => l !== null);
  return new Set(labelled).size >= 2 && early && labelled.length >= Math.min(4, lines.length / 4);
}

/**
 * @param {string} text
 * @returns {InputFormat}
 */
export function detectFormat(text) {
  const head = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  if (/^WEBVTT(?:[ \t\n]|$)/.test(head)) return 'vtt';
  if (SRT_START.test(head)) return 'srt';
  if (looksLikeDialogue(head)) return 'dialogue';
  return 'answer';
}

/**
 * The format a file's name promises, or null when only its content can tell (.txt, .md).
 * @param {string} name
 * @returns {InputFormat | null}
 */
export function formatFromFileName(name) {
  const ext = name.toLowerCase().split('.').pop();
  if (ext === 'vtt') return 'vtt';
  if (ext === 'srt') return 'srt';
  return null;
}

/** Extensions the upload accepts: all are read as UTF-8 text in the browser. */
export const ACCEPTED_EXTENSIONS = ['txt', 'md', 'vtt', 'srt'];

/**
 * @param {{ text: string, format: InputFormat | 'auto', question?: string, rubric?: string, engine?: string }} input
 * @returns {{ answer?: string, transcript?: { format: Exclude<InputFormat, 'answer'>, text: string }, question?: string, rubric?: string, engine?: string }}
 */
export function buildRequest({ text, format, question, rubric, engine }) {
  const kind = format === 'auto' ? detectFormat(text) : format;
  /** @type {ReturnType<typeof buildRequest>} */
  const body = kind === 'answer' ? { answer: text } : { transcript: { format: kind, text } };
  if (question && question.trim()) body.question = question.trim();
  if (rubric) body.rubric = rubric;
  if (engine) body.engine = engine;
  return body;
}
