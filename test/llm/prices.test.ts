import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config.js';
import { costUsd, loadPriceTable, priceFor } from '../../src/llm/prices.js';

describe('price table', () => {
  it('prices a dated snapshot by its base model, and knows nothing of unlisted models', () => {
    const table = loadPriceTable();
    expect(priceFor(table, 'gpt-4o-2024-08-06')).toEqual(table.models['gpt-4o']);
    expect(priceFor(table, 'gpt-4o-mini-2024-07-18')).toEqual(table.models['gpt-4o-mini']);
    expect(priceFor(table, 'gpt-4o-realtime')).toBeNull();
    expect(priceFor(table, 'llama3.1:8b')).toBeNull();
  });

  it('charges cached input at the cached price and returns null for an unknown model', () => {
    const table = loadPriceTable('{"models":{"local":{"input":1,"cachedInput":0.1,"output":2}}}');
    const usage = { promptTokens: 1_000_000, cachedTokens: 500_000, completionTokens: 250_000, calls: 1 };
    expect(costUsd(table, ['local'], usage)).toBeCloseTo(0.5 + 0.05 + 0.5, 9);
    expect(costUsd(table, ['unknown'], usage)).toBeNull();
    expect(table.models['gpt-4o']).toBeDefined(); // the built-in entries stay
  });

  it('reads EVAL_PRICES from a file and rejects a bad table with a ConfigError', () => {
    const dir = mkdtempSync(join(tmpdir(), 'prices-'));
    const file = join(dir, 'prices.json');
    writeFileSync(file, JSON.stringify({ models: { 'gpt-4o': { input: 5, output: 15 } } }));
    expect(loadPriceTable(file).models['gpt-4o']).toEqual({ input: 5, output: 15 });
    expect(() => loadPriceTable('{"models":{"x":{"input":-1,"output":1}}}')).toThrow(ConfigError);
    expect(() => loadPriceTable('{not json')).toThrow(/not valid JSON/);
    expect(() => loadPriceTable(join(dir, 'missing.json'))).toThrow(/cannot read/);
  });
});
