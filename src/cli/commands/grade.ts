import { styleText } from 'node:util';
import { evaluate } from '../../grading/evaluate.js';
import { EngineChoice } from '../../grading/request.js';
import { renderMarkdown } from '../../render/markdown.js';
import { plain, renderText, type Styler } from '../../render/text.js';
import { transcriberFromConfig, type AudioFile } from '../../transcripts/audio.js';
import { readAnswerFile, sourceFromText, type AnswerSource } from '../../transcripts/files.js';
import { parseCommandArgs } from '../run.js';
import { UsageError, type CliIo, type Command } from '../io.js';

const FORMATS = ['text', 'json', 'markdown'] as const;

const usage = `Usage: barometer grade [FILE|-] [--question TEXT] [--rubric ID] [--engine auto|llm|heuristic]
                      [--format text|json|markdown] [--interviewer NAME]

Grades one answer. FILE .txt/.md is a written answer (or a dialogue transcript when its lines start
with speaker labels such as "Interviewer:"/"Candidate:"); .vtt and .srt are subtitle transcripts;
audio (.mp3 .mp4 .m4a .wav .webm .ogg .flac .mpeg .mpga) is transcribed (EVAL_TRANSCRIBE_MODEL).
"-" or no FILE reads standard input. Exit 0 on success, 1 when the evaluation failed, 2 on a usage
or input error.`;

export const gradeCommand: Command = {
  name: 'grade',
  summary: 'grade one answer or transcript (file or stdin)',
  usage,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, {
      question: { type: 'string', short: 'q' },
      rubric: { type: 'string', short: 'r' },
      engine: { type: 'string', short: 'e' },
      format: { type: 'string', short: 'f', default: 'text' },
      interviewer: { type: 'string' },
    });
    if (positionals.length > 1) throw new UsageError(`expected at most one FILE, got ${positionals.length}`);
    const format = values.format as (typeof FORMATS)[number];
    if (!FORMATS.includes(format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}`);
    const engine = EngineChoice.safeParse(values.engine ?? 'auto');
    if (!engine.success) throw new UsageError('--engine must be auto, llm or heuristic');

    const file = positionals[0] ?? '-';
    // Configuration is read only when the file turns out to be audio.
    const audio = {
      transcribe: (f: AudioFile) => transcriberFromConfig(io.config())(f, io.signal),
      maxAudioBytes: () => io.config().AUDIO_MAX_BYTES,
    };
    const source: AnswerSource = file === '-' ? sourceFromText(await io.readStdin()) : await readAnswerFile(resolvePath(io, file), audio);
    if (source.transcript && values.interviewer) source.transcript.interviewer = values.interviewer;

    const evaluation = await evaluate(
      { ...source, question: values.question, rubric: values.rubric, engine: engine.data },
      io.grader(),
      { signal: io.signal },
    );
    if (format === 'json') io.stdout.write(`${JSON.stringify(evaluation, null, 2)}\n`);
    else if (format === 'markdown') io.stdout.write(renderMarkdown(evaluation));
    else io.stdout.write(renderText(evaluation, io.stdout.isTTY ? terminalStyle : plain));
    return 0;
  },
};

const terminalStyle: Styler = (style, s) => styleText(style, s);

function resolvePath(io: CliIo, file: string): string {
  return file.startsWith('/') ? file : `${io.cwd}/${file}`;
}
