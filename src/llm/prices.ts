import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { ConfigError } from '../config.js';
import type { Usage } from '../grading/evaluation.js';

/** A price table: USD per million tokens, per model name. */
export const PriceTable = z
  .object({
    $comment: z.string().optional(),
    models: z.record(
      z.string().min(1),
      z
        .object({
          input: z.number().min(0),
          cachedInput: z.number().min(0).optional().describe('Defaults to the input price'),
          output: z.number().min(0),
        })
        .strict(),
    ),
  })
  .strict();
export type PriceTable = z.infer<typeof PriceTable>;
export type ModelPrice = PriceTable['models'][string];

export const DEFAULT_PRICES_FILE = join(import.meta.dirname, 'default-prices.json');

function parseTable(text: string, where: string): PriceTable {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new ConfigError(`EVAL_PRICES: ${where} is not valid JSON: ${(err as Error).message}`);
  }
  const parsed = PriceTable.safeParse(raw);
  if (!parsed.success) {
    throw new ConfigError(`EVAL_PRICES: ${where}: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`);
  }
  return parsed.data;
}

/**
 * The built-in table, with EVAL_PRICES (inline JSON, or the path of a JSON file) laid over it:
 * its entries add models or replace the built-in price of a model.
 */
export function loadPriceTable(setting?: string): PriceTable {
  const base = parseTable(readFileSync(DEFAULT_PRICES_FILE, 'utf8'), DEFAULT_PRICES_FILE);
  if (!setting) return base;
  const inline = setting.trim().startsWith('{');
  let text = setting;
  if (!inline) {
    try {
      text = readFileSync(setting, 'utf8');
    } catch (err) {
      throw new ConfigError(`EVAL_PRICES: cannot read ${setting}: ${(err as Error).message}`);
    }
  }
  const extra = parseTable(text, inline ? 'the inline table' : setting);
  return { models: { ...base.models, ...extra.models } };
}

/** The price of a model: an exact entry, else the longest entry it extends with a dash (a dated snapshot). */
export function priceFor(table: PriceTable, model: string): ModelPrice | null {
  const exact = table.models[model];
  if (exact) return exact;
  const base = Object.keys(table.models)
    .filter((name) => model.startsWith(`${name}-`) && /^\d{4}-\d{2}-\d{2}$/.test(model.slice(name.length + 1)))
    .sort((a, b) => b.length - a.length)[0];
  return base ? table.models[base]! : null;
}

/** What the calls cost, or null when the model is not in the table. */
export function costUsd(table: PriceTable, models: readonly string[], usage: Omit<Usage, 'costUsd' | 'model'>): number | null {
  const price = models.map((m) => priceFor(table, m)).find((p) => p !== null);
  if (!price) return null;
  const uncached = Math.max(0, usage.promptTokens - usage.cachedTokens);
  const dollars =
    (uncached * price.input + usage.cachedTokens * (price.cachedInput ?? price.input) + usage.completionTokens * price.output) / 1e6;
  return Math.round(dollars * 1e6) / 1e6;
}
