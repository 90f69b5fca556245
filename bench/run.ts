/** `npm run bench`: runs every benchmark in turn. Speed targets live here, not in timed tests. */
import { benchBatch } from './batch.js';
import { benchHeuristicOnOneCore } from './heuristic.js';
import { benchHttp } from './http.js';
import { benchLlm } from './llm.js';
import { benchSignals } from './signals.js';
import { benchTranscripts } from './transcripts.js';

const benches: Record<string, () => Promise<void>> = {
  heuristic: benchHeuristicOnOneCore,
  signals: benchSignals,
  transcripts: benchTranscripts,
  llm: benchLlm,
  http: benchHttp,
  batch: benchBatch,
};

// `npm run bench -- http llm` runs only those; no names runs them all.
const wanted = process.argv.slice(2);
const unknown = wanted.filter((name) => !(name in benches));
if (unknown.length > 0) {
  console.error(`unknown benchmark(s): ${unknown.join(', ')}; available: ${Object.keys(benches).join(', ')}`);
  process.exit(2);
}
for (const [name, run] of Object.entries(benches)) {
  if (wanted.length > 0 && !wanted.includes(name)) continue;
  console.log(`\n=== ${name} ===`);
  await run();
}
