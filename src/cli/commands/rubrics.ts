import type { Command } from '../io.js';
import { parseCommandArgs } from '../run.js';

export const rubricsCommand: Command = {
  name: 'rubrics',
  summary: 'list the available rubrics',
  usage: 'Usage: barometer rubrics [--format text|json]',
  async run(args, io) {
    const { values } = parseCommandArgs(args, { format: { type: 'string', short: 'f', default: 'text' } });
    const rubrics = io.grader().rubrics.list();
    if (values.format === 'json') {
      const list = rubrics.map((r) => ({ id: r.id, version: r.version, name: r.name, description: r.description, dimensions: r.dimensions.map((d) => ({ id: d.id, name: d.name })) }));
      io.stdout.write(`${JSON.stringify(list, null, 2)}\n`);
      return 0;
    }
    for (const r of rubrics) {
      io.stdout.write(`${r.id}  (${r.version})  ${r.name}\n  ${r.description}\n  dimensions: ${r.dimensions.map((d) => d.id).join(', ')}\n  bands: ${r.bands.map((b) => `${b.id} ${b.min}-${b.max}`).join(', ')}\n\n`);
    }
    return 0;
  },
};
