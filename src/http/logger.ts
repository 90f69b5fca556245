/**
 * Structured JSON logging: one object per line, written to an injectable sink.
 * Callers pass only fields that are safe to log (never answer text, never keys).
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';
export type LogRecord = Record<string, unknown>;

export interface Logger {
  log(level: Exclude<LogLevel, 'silent'>, msg: string, fields?: LogRecord): void;
}

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

export interface JsonLoggerOptions {
  level: LogLevel;
  /** Receives one serialized line (without the newline). */
  write: (line: string) => void;
  now?: () => Date;
}

export function createJsonLogger(options: JsonLoggerOptions): Logger {
  const min = RANK[options.level];
  const now = options.now ?? (() => new Date());
  return {
    log(level, msg, fields = {}) {
      if (RANK[level] < min) return;
      options.write(JSON.stringify({ time: now().toISOString(), level, msg, ...fields }));
    },
  };
}

export const silentLogger: Logger = { log() {} };
