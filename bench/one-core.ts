/**
 * Runs a benchmark pinned to one CPU (`taskset`), so that "per core" figures are per core: the
 * garbage collector's and compiler's helper threads share that CPU instead of running on another,
 * and wall-clock time on it is the single-core cost. Where `taskset` is missing the benchmark runs
 * in this process and says so.
 */
import { spawnSync } from 'node:child_process';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';

const PINNED = 'BAROMETER_BENCH_PINNED_CPU';

/** The CPU this process was pinned to by runOnOneCore, or null when it was not. */
export const pinnedCpu = (): string | null => process.env[PINNED] ?? null;

/** Runs `exportName` of the module at `moduleUrl` on one CPU (the last one) and waits for it. */
export async function runOnOneCore(moduleUrl: string, exportName: string): Promise<void> {
  const cpu = String(cpus().length - 1);
  const probe = spawnSync('taskset', ['-c', cpu, 'true']);
  if (probe.error || probe.status !== 0) {
    console.log('(taskset is not available: running unpinned, so helper threads may use other cores)');
    const mod = (await import(moduleUrl)) as Record<string, () => Promise<void>>;
    await mod[exportName]!();
    return;
  }
  const child = spawnSync('taskset', ['-c', cpu, process.execPath, '--import', 'tsx', fileURLToPath(import.meta.url), moduleUrl, exportName], {
    stdio: 'inherit',
    env: { ...process.env, [PINNED]: cpu },
  });
  if (child.status !== 0) throw new Error(`pinned benchmark ${exportName} failed (exit ${child.status})`);
}

// The pinned child. No top-level await: the benchmark module imports this one, and awaiting it
// here would deadlock the module graph.
if (import.meta.url === `file://${process.argv[1]}`) {
  const [moduleUrl, exportName] = process.argv.slice(2);
  import(moduleUrl!)
    .then((mod: Record<string, () => Promise<void>>) => mod[exportName!]!())
    .catch((err: unknown) => {
      console.error(err);
      process.exitCode = 1;
    });
}
