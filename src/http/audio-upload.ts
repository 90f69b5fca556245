import { z } from 'zod';
import { InvalidInputError } from '../grading/errors.js';
import { EvaluationRequest } from '../grading/request.js';
import { AUDIO_EXTENSIONS, type Transcriber } from '../transcripts/audio.js';

/**
 * POST /v1/evaluations as `multipart/form-data`: a recorded answer in the `audio` file field, with
 * the usual options as text fields. The recording is transcribed (src/transcripts/audio.ts) and
 * graded as a timed transcript, all of whose speech is the candidate's.
 */
export const AudioUploadForm = z
  .object({
    audio: z
      .file()
      // The OpenAPI generator has no mapping for z.file(): describe it as OpenAPI's binary string.
      .meta({
        type: 'string',
        format: 'binary',
        description: `The recorded answer (${AUDIO_EXTENSIONS.join(', ')}), at most AUDIO_MAX_BYTES (default 25 MB)`,
      }),
    question: EvaluationRequest.shape.question,
    rubric: EvaluationRequest.shape.rubric,
    engine: EvaluationRequest.shape.engine,
    metadata: z.string().max(100_000).optional().describe('A JSON object, echoed back in the result'),
    interviewer: z
      .string()
      .max(200)
      .optional()
      .describe('Only for labelled transcripts; a recording has no speaker labels, so it is refused with audio'),
  })
  .strict()
  .meta({ id: 'AudioUpload', description: 'A recorded answer and the usual options' });
export type AudioUploadForm = z.infer<typeof AudioUploadForm>;

export interface AudioUploadOptions {
  transcribe: Transcriber;
  signal?: AbortSignal | undefined;
}

/** The form, transcribed, as an evaluation request (validated again by evaluate()). */
export async function audioUploadRequest(form: AudioUploadForm, options: AudioUploadOptions): Promise<unknown> {
  const metadata = form.metadata === undefined ? undefined : parseMetadata(form.metadata);
  const audio = form.audio;
  const bytes = new Uint8Array(await audio.arrayBuffer());
  const transcript = await options.transcribe({ bytes, name: audio.name, type: audio.type }, options.signal);
  return {
    transcript: form.interviewer === undefined ? transcript : { ...transcript, interviewer: form.interviewer },
    question: form.question,
    rubric: form.rubric,
    engine: form.engine,
    metadata,
  };
}

function parseMetadata(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    throw new InvalidInputError('invalid request: metadata: must be a JSON object (as a string field)', {
      issues: [{ path: 'metadata', message: 'must be a JSON object' }],
    });
  }
}
