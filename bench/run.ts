/** `npm run bench`: runs every benchmark in turn. Speed targets live here, not in timed tests. */
import { benchBatch } from './batch.js';
import { benchHttp } from './http.js';
import { benchTranscripts } from './transcripts.js';

await benchHttp();
await benchBatch();
await benchTranscripts();
