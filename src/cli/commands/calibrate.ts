import { isAbsolute, resolve } from 'node:path';
import { calibrationReport } from '../../calibration/calibrate.js';
import { checkLabels, chooseRubricId, readLabeled } from '../../calibration/read-labeled.js';
import { renderCalibration } from '../../calibration/render.js';
import { InvalidInputError } from '../../grading/errors.js';
import { DEFAULT_RUBRIC_ID, EngineChoice } from '../../grading/request.js';
import { UsageError, type Command } from '../io.js';
import { parseCommandArgs } from '../run.js';

const usage = `Usage: barometer calibrate LABELED.jsonl [--engine auto|llm|heuristic] [--rubric ID]
                          [--concurrency N] [--format text|json]

Measures how well the grader agrees with human graders. Each line of LABELED.jsonl is a batch
output line (or a batch input line) plus "labels": {"total"?, "band"?, "dimensions"?: {"<id>": 1-5}}.
Lines without an evaluation are graded with --engine when it is given. Prints quadratic weighted
kappa per dimension and for the band, Spearman correlation of totals, exact and adjacent
agreement, mean bias (grader − human) and the confusion matrices. A human total left out is the
sum of the labelled dimensions (when all are labelled); a band left out is the band of the total.`;

export const calibrateCommand: Command = {
  name: 'calibrate',
  summary: "check the grader's agreement with human graders (QWK, Spearman, bias)",
  usage,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, {
      engine: { type: 'string', short: 'e' },
      rubric: { type: 'string', short: 'r' },
      concurrency: { type: 'string', short: 'c' },
      format: { type: 'string', short: 'f', default: 'text' },
    });
    if (positionals.length !== 1) throw new UsageError('expected exactly one LABELED.jsonl');
    if (values.format !== 'text' && values.format !== 'json') throw new UsageError('--format must be text or json');
    const engine = values.engine === undefined ? null : EngineChoice.safeParse(values.engine);
    if (engine && !engine.success) throw new UsageError('--engine must be auto, llm or heuristic');
    const concurrency = values.concurrency === undefined ? undefined : Number(values.concurrency);
    if (concurrency !== undefined && (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 256)) {
      throw new UsageError('--concurrency must be an integer from 1 to 256');
    }
    const file = isAbsolute(positionals[0]!) ? positionals[0]! : resolve(io.cwd, positionals[0]!);

    const config = engine ? io.config() : null;
    const labeled = await readLabeled(
      file,
      engine && config
        ? {
            engine: engine.data,
            grader: io.grader(),
            concurrency: concurrency ?? config.BATCH_CONCURRENCY,
            rpm: config.EVAL_RPM,
            tpm: config.EVAL_TPM,
            retries: config.BATCH_RETRIES,
            signal: io.signal,
          }
        : null,
    );
    const rubricId = chooseRubricId(labeled.items, values.rubric, DEFAULT_RUBRIC_ID);
    const rubric = io.grader().rubrics.get(rubricId);
    const items = labeled.items.filter((i) => i.grader.rubric.id === rubric.id);
    const otherRubric = labeled.items.length - items.length;
    if (otherRubric > 0) labeled.skipped[`graded with another rubric than ${rubric.id}`] = otherRubric;
    for (const item of items) checkLabels(item, rubric, file);
    if (items.length === 0) {
      const why = Object.entries(labeled.skipped).map(([r, n]) => `${n} ${r}`).join(', ');
      throw new InvalidInputError(`no labelled, graded items to compare in ${file}${why ? ` (skipped: ${why})` : ''}`);
    }

    const report = calibrationReport(items, rubric);
    if (values.format === 'json') {
      io.stdout.write(`${JSON.stringify({ ...report, skipped: labeled.skipped, gradedNow: labeled.graded }, null, 2)}\n`);
    } else {
      io.stdout.write(renderCalibration(report, { skipped: labeled.skipped, graded: labeled.graded }));
    }
    return 0;
  },
};
