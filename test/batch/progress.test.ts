import { describe, expect, it } from 'vitest';
import { createProgress, formatDuration, rateAndEta } from '../../src/batch/progress.js';

function sink(isTTY: boolean) {
  let text = '';
  const stream = {
    isTTY,
    columns: 120,
    write(s: string) {
      text += s;
      return true;
    },
    // What cli-progress calls on a TTY stream (readline writes escape codes through write()).
    cursorTo: () => true,
    clearLine: () => true,
    moveCursor: () => true,
    on: () => stream,
    removeListener: () => stream,
  };
  return { stream, text: () => text };
}

describe('progress', () => {
  it('off a terminal: plain periodic lines with done/total, rate, ETA and failures, and a last line', () => {
    let t = 0;
    const out = sink(false);
    const p = createProgress(out.stream, { intervalMs: 1000, now: () => t });
    p.start(10, 0);
    t = 500;
    p.item(true); // not yet due
    t = 1000;
    p.item(false); // due: 2 done in 1 s
    t = 1500;
    p.item(true);
    t = 4000;
    p.stop();
    expect(out.text().split('\n').filter(Boolean)).toEqual([
      'batch: 2/10 (20.0%), 2.0 items/s, ETA 4s, 1 failed',
      'batch: 3/10 (30.0%), 0.8 items/s, ETA 9s, 1 failed',
    ]);
  });

  it('counts items done before a resume in done/total but not in the rate', () => {
    expect(rateAndEta({ total: 100, done: 60, failed: 0, startedAt: 0, before: 50 }, 5000)).toEqual({ rate: 2, etaSec: 20 });
  });

  it('on a terminal: a live bar with done/total, rate, ETA and failures', () => {
    let t = 0;
    const out = sink(true);
    const p = createProgress(out.stream, { now: () => t });
    p.start(4, 1);
    t = 2000;
    p.item(true);
    p.item(false);
    p.stop();
    const text = out.text();
    expect(text).toMatch(/batch [█░]+ 3\/4 \| 1\.0\/s \| ETA 1s \| 1 failed/);
    expect(text).toContain('\u001b[?25l'); // the bar hides the cursor while it runs
  });

  it('formats durations', () => {
    expect([formatDuration(null), formatDuration(42.4), formatDuration(125), formatDuration(7320)]).toEqual(['?', '42s', '2m05s', '2h02m']);
  });
});
