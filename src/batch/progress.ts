import cliProgress from 'cli-progress';

/** Progress of a run, on stderr: a live bar on a terminal, plain periodic lines otherwise. */
export interface Progress {
  start(total: number, alreadyDone: number): void;
  /** One item finished in this run. */
  item(ok: boolean): void;
  stop(): void;
}

export interface ProgressStream {
  write(s: string): unknown;
  isTTY?: boolean;
}

export interface ProgressOptions {
  /** Plain mode: at most one line per interval (and one at the end). */
  intervalMs?: number;
  now?: () => number;
}

export function createProgress(stream: ProgressStream, options: ProgressOptions = {}): Progress {
  return stream.isTTY ? barProgress(stream, options) : lineProgress(stream, options);
}

interface Counts {
  total: number;
  done: number;
  failed: number;
  startedAt: number;
  /** Items done before this run (resume): not part of the rate. */
  before: number;
}

/** Items per second in this run, and the seconds left at that rate (null before there is a rate). */
export function rateAndEta(c: Counts, now: number): { rate: number; etaSec: number | null } {
  const elapsed = (now - c.startedAt) / 1000;
  const doneNow = c.done - c.before;
  const rate = elapsed > 0 ? doneNow / elapsed : 0;
  return { rate, etaSec: rate > 0 ? (c.total - c.done) / rate : null };
}

export function formatDuration(sec: number | null): string {
  if (sec === null || !Number.isFinite(sec)) return '?';
  const s = Math.round(sec);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

function lineProgress(stream: ProgressStream, { intervalMs = 5_000, now = Date.now }: ProgressOptions): Progress {
  const c: Counts = { total: 0, done: 0, failed: 0, startedAt: 0, before: 0 };
  let lastAt = 0;
  const print = () => {
    const { rate, etaSec } = rateAndEta(c, now());
    const pct = c.total > 0 ? ((100 * c.done) / c.total).toFixed(1) : '100.0';
    stream.write(`batch: ${c.done}/${c.total} (${pct}%), ${rate.toFixed(1)} items/s, ETA ${formatDuration(etaSec)}, ${c.failed} failed\n`);
    lastAt = now();
  };
  return {
    start(total, alreadyDone) {
      Object.assign(c, { total, done: alreadyDone, before: alreadyDone, startedAt: now() });
      lastAt = now();
    },
    item(ok) {
      c.done += 1;
      if (!ok) c.failed += 1;
      if (now() - lastAt >= intervalMs) print();
    },
    stop() {
      if (c.done > c.before) print();
    },
  };
}

function barProgress(stream: ProgressStream, { now = Date.now }: ProgressOptions): Progress {
  const c: Counts = { total: 0, done: 0, failed: 0, startedAt: 0, before: 0 };
  const bar = new cliProgress.SingleBar(
    {
      stream: stream as NodeJS.WritableStream,
      format: 'batch {bar} {value}/{total} | {rate}/s | ETA {left} | {failed} failed',
      hideCursor: true,
      clearOnComplete: false,
      etaBuffer: 50,
    },
    cliProgress.Presets.shades_classic,
  );
  const payload = () => {
    const { rate, etaSec } = rateAndEta(c, now());
    return { rate: rate.toFixed(1), left: formatDuration(etaSec), failed: c.failed };
  };
  return {
    start(total, alreadyDone) {
      Object.assign(c, { total, done: alreadyDone, before: alreadyDone, startedAt: now() });
      bar.start(total, alreadyDone, payload());
    },
    item(ok) {
      c.done += 1;
      if (!ok) c.failed += 1;
      bar.update(c.done, payload());
    },
    stop() {
      bar.update(c.done, payload());
      bar.stop();
    },
  };
}
