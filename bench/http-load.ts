/**
 * Load generator for bench/http.ts, run in a worker thread so it never shares the server's event
 * loop. Keeps `concurrency` keep-alive connections busy with the same POST until the deadline and
 * reports every latency measured after the warm-up.
 */
import { Agent, request } from 'node:http';
import { parentPort, workerData } from 'node:worker_threads';

export interface LoadOptions {
  url: string;
  body: string;
  contentType: string;
  concurrency: number;
  warmupMs: number;
  durationMs: number;
}

export interface LoadResult {
  latenciesMs: number[];
  measuredMs: number;
  /** Every request answered, warm-up included (for the server's busy time per request). */
  completed: number;
  statuses: Record<number, number>;
  errors: number;
}

function post(agent: Agent, url: URL, body: Buffer, contentType: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', agent, headers: { 'content-type': contentType, 'content-length': body.length } }, (res) => {
      res.on('data', () => undefined);
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function run(o: LoadOptions): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: o.concurrency });
  const url = new URL(o.url);
  const body = Buffer.from(o.body);
  const latenciesMs: number[] = [];
  const statuses: Record<number, number> = {};
  let errors = 0;
  let completed = 0;
  const start = performance.now();
  const measureFrom = start + o.warmupMs;
  const end = measureFrom + o.durationMs;
  const loop = async () => {
    while (performance.now() < end) {
      const t0 = performance.now();
      try {
        const status = await post(agent, url, body, o.contentType);
        completed++;
        if (t0 >= measureFrom) {
          latenciesMs.push(performance.now() - t0);
          statuses[status] = (statuses[status] ?? 0) + 1;
        }
      } catch {
        errors++;
      }
    }
  };
  await Promise.all(Array.from({ length: o.concurrency }, loop));
  agent.destroy();
  return { latenciesMs, measuredMs: performance.now() - measureFrom, completed, statuses, errors };
}

if (parentPort) {
  const port = parentPort;
  run(workerData as LoadOptions).then((r) => port.postMessage(r));
}
