/**
 * Golden outputs of the heuristic pipeline (see test/perf/golden-cases.ts).
 *   npx tsx bench/golden.ts out.json        writes every full output (to diff before/after a change)
 *   npx tsx bench/golden.ts --write         rewrites the committed hash snapshot
 */
import { writeFileSync } from 'node:fs';
import { goldenOutputs, hashOf } from '../test/perf/golden-cases.js';

const SNAPSHOT = new URL('../test/perf/__snapshots__/golden.json', import.meta.url);

const outputs = await goldenOutputs();
const arg = process.argv[2];
if (arg === '--write') {
  const hashes = Object.fromEntries(Object.entries(outputs).map(([name, json]) => [name, hashOf(json)]));
  writeFileSync(SNAPSHOT, `${JSON.stringify(hashes, null, 2)}\n`);
  console.log(`wrote ${Object.keys(hashes).length} hashes to ${SNAPSHOT.pathname}`);
} else if (arg) {
  writeFileSync(arg, `${JSON.stringify(outputs, null, 1)}\n`);
  console.log(`wrote ${Object.keys(outputs).length} outputs to ${arg}`);
} else {
  console.error('usage: tsx bench/golden.ts <out.json> | --write');
  process.exit(2);
}
