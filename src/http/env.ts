import type { HttpBindings } from '@hono/node-server';
import type { RateLimitCharge } from './rate-limit.js';

/** Per-request values the middleware and routes share (Hono context variables). */
export interface AppEnv {
  /** Present when served by @hono/node-server; absent under app.request() in tests. */
  Bindings: Partial<HttpBindings>;
  Variables: {
    requestId: string;
    /** Who the rate limit counts against: a key fingerprint or a client address. */
    clientId: string;
    /** The engine that graded (or would have graded) this request, for the log line. */
    engine: string;
    /** The problem code of a failed request, for the log line. */
    errorCode: string;
    /** Set by the rate limiter when it is on: charges the client for more than this one request. */
    rateLimit: RateLimitCharge;
  };
}
