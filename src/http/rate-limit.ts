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

/** Lets a route charge a request for more evaluations than one (a batch: one per item). */
export interface RateLimitCharge {
  /** Counts `evaluations` in all for this request, or throws a 429 problem (counting nothing more) when they do not fit. */
  chargeEvaluations(evaluations: number): void;
}

/**
 * A fixed one-minute window per client: the authenticated key when API keys are on, otherwise
 * the client address. Each request counts one; a batch counts one per item (its route charges
 * the rest). In memory, so each process counts on its own; the map is dropped at every window
 * boundary, which bounds it by the clients seen in one minute.
 */
export function rateLimit(options: RateLimitOptions): MiddlewareHandler<AppEnv> {
  const now = options.now ?? Date.now;
  const limit = options.perMinute;
  let windowStart = 0;
  let counts = new Map<string, number>();
  return async function rateLimit(c, next) {
    if (limit <= 0) return next();
    const t = now();
    const start = t - (t % WINDOW_MS);
    if (start !== windowStart) {
      windowStart = start;
      counts = new Map();
    }
    const window = counts;
    const client = c.get('clientId') ?? `ip:${clientAddress(c, options.trustProxy)}`;
    const resetSec = Math.max(1, Math.ceil((start + WINDOW_MS - t) / 1000));
    const report = (used: number) => {
      c.header('RateLimit-Limit', String(limit));
      c.header('RateLimit-Remaining', String(Math.max(0, limit - used)));
      c.header('RateLimit-Reset', String(resetSec));
    };
    const used = (window.get(client) ?? 0) + 1;
    window.set(client, used);
    report(used);
    if (used > limit) {
      throw new HttpProblem(429, 'rate_limited', `Rate limit of ${limit} requests per minute reached; retry in ${resetSec} s.`, {
        'Retry-After': String(resetSec),
      });
    }
    c.set('rateLimit', {
      chargeEvaluations(evaluations) {
        const extra = Math.max(0, evaluations - 1);
        const before = window.get(client) ?? 0;
        if (before + extra > limit) {
          const left = Math.max(0, limit - before + 1);
          const detail =
            evaluations > limit
              ? `This batch has ${evaluations} items but the rate limit is ${limit} evaluations per minute: send at most ${limit} items per request.`
              : `This batch has ${evaluations} items and ${left} of the ${limit} evaluations per minute are left; retry in ${resetSec} s.`;
          throw new HttpProblem(429, 'rate_limited', detail, { 'Retry-After': String(resetSec) });
        }
        window.set(client, before + extra);
        report(before + extra);
      },
    });
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
