/**
 * The error tree. Every failure the grader can report is a GraderError with a stable `code`,
 * an HTTP-like `status`, and whether retrying could help. The HTTP layer maps `status` to a
 * problem+json response and the CLI maps it to an exit code, each in one place.
 */
export interface ErrorIssue {
  path: string;
  message: string;
}

export class GraderError extends Error {
  readonly code: string = 'grader_error';
  readonly status: number = 500;
  readonly retryable: boolean = false;
  /** Seconds after which a retry may succeed, when known. */
  readonly retryAfterSec: number | null = null;
  readonly issues: ErrorIssue[] | undefined;

  constructor(message: string, options?: { cause?: unknown; issues?: ErrorIssue[] }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.issues = options?.issues;
  }
}

/** The request or file is not something that can be graded (400 / exit 2). */
export class InvalidInputError extends GraderError {
  override readonly code: string = 'invalid_input';
  override readonly status: number = 400;
}

/** A transcript could not be parsed (400 / exit 2). */
export class TranscriptFormatError extends InvalidInputError {
  override readonly code = 'invalid_transcript';
}

/** An upload (audio) is larger than the configured limit (413 / exit 2). */
export class PayloadTooLargeError extends InvalidInputError {
  override readonly code = 'payload_too_large';
  override readonly status = 413;
}

/** An upload is of a media type that cannot be graded, e.g. an audio format not accepted (415 / exit 2). */
export class UnsupportedMediaTypeError extends InvalidInputError {
  override readonly code = 'unsupported_media_type';
  override readonly status = 415;
}

export class UnknownRubricError extends GraderError {
  override readonly code = 'unknown_rubric';
  override readonly status = 404;
  constructor(
    readonly rubricId: string,
    readonly available: string[],
  ) {
    super(`unknown rubric "${rubricId}"; available: ${available.join(', ')}`);
  }
}

/** A rubric or signal catalogue file is broken: a deployment problem, reported at load time. */
export class RubricFileError extends GraderError {
  override readonly code = 'rubric_file_invalid';
  constructor(
    readonly file: string,
    issues: ErrorIssue[],
  ) {
    super(`${file}: ${issues.map((i) => `${i.path || '(root)'}: ${i.message}`).join('; ')}`, { issues });
  }
}

/** engine: "llm" was asked for but no model is configured. */
export class EngineUnavailableError extends GraderError {
  override readonly code = 'engine_unavailable';
  override readonly status = 503;
}

/** The model server cannot be reached or is overloaded (503). */
export class ModelUnavailableError extends GraderError {
  override readonly code: string = 'model_unavailable';
  override readonly status = 503;
  override readonly retryable = true;
  override readonly retryAfterSec: number | null;
  constructor(message: string, options?: { cause?: unknown; retryAfterSec?: number | null }) {
    super(message, options);
    this.retryAfterSec = options?.retryAfterSec ?? null;
  }
}

/** The model did not answer within the deadline (504). */
export class ModelTimeoutError extends GraderError {
  override readonly code = 'model_timeout';
  override readonly status = 504;
  override readonly retryable = true;
}

/** The model answered, but not usably, even after repair (502). */
export class ModelOutputError extends GraderError {
  override readonly code: string = 'model_output_invalid';
  override readonly status = 502;
}

export class ModelRefusedError extends ModelOutputError {
  override readonly code = 'model_refused';
}

/** A result failed its own invariants: a bug, never shown to users as scores. */
export class InternalInvariantError extends GraderError {
  override readonly code = 'internal_invariant';
}

/** CLI exit code for an error: 2 for usage/input problems, 1 when the evaluation failed. */
export function exitCodeFor(err: unknown): 1 | 2 {
  return err instanceof GraderError && err.status >= 400 && err.status < 500 ? 2 : 1;
}
