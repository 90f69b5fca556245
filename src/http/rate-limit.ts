import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context, MiddlewareHandler } from 'hono';
import type { AppEnv } from './env.js';
import { HttpProblem } from './problem.js';

export interface RateLimitOptions {
  /** Requests allowed per client per minute; 0 turns the limit off. */
  perMinute: number;
  /** Take the client address from X-Forwarded-For (only behind a trusted proxy). */
  trustProxy: boolean;
  now?: () => number;
}

const WINDOW_MS = 60_000;

/**
 * A fixed one-minute window per client: the authenticated key when API keys are on, otherwise
 * the client address. In memory, so each process counts on its own; the map is dropped at every
 * window boundary, which bounds it by the clients seen in one minute.
 */
export function rateLimit(options: RateLimitOptions): MiddlewareHandler<AppEnv> {
  const now = options.now ?? Date.now;
  let windowStart = 0;
  let counts = new Map<string, number>();
  return async function rateLimit(c, next) {
    if (options.perMinute <= 0) return next();
    const t = now();
    const start = t - (t % WINDOW_MS);
    if (start !== windowStart) {
      windowStart = start;
      counts = new Map();
    }
    const client = c.get('clientId') ?? `ip:${clientAddress(c, options.trustProxy)}`;
    const used = (counts.get(client) ?? 0) + 1;
    counts.set(client, used);
    const resetSec = Math.max(1, Math.ceil((start + WINDOW_MS - t) / 1000));
    c.header('RateLimit-Limit', String(options.perMinute));
    c.header('RateLimit-Remaining', String(Math.max(0, options.perMinute - used)));
    c.header('RateLimit-Reset', String(resetSec));
    if (used > options.perMinute) {
      throw new HttpProblem(429, 'rate_limited', `Rate limit of ${options.perMinute} requests per minute reached; retry in ${resetSec} s.`, {
        'Retry-After': String(resetSec),
      });
    }
    await next();
  };
}

function clientAddress(c: Context<AppEnv>, trustProxy: boolean): string {
  if (trustProxy) {
    const first = c.req.header('x-forwarded-for')?.split(',')[0]?.trim();
    if (first) return first.slice(0, 64);
  }
  try {
    return getConnInfo(c as Context).remote.address ?? 'unknown';
  } catch {
    return 'unknown'; // not served by @hono/node-server (app.request in tests)
  }
}
