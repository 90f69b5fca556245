import { createHash, timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from './env.js';
import { HttpProblem } from './problem.js';

const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest();

/**
 * Bearer-key authentication for /v1/*. Keys are compared as SHA-256 digests with
 * timingSafeEqual, against every configured key without an early exit, so neither the
 * length nor the content of a key leaks through timing. Any missing, malformed or wrong
 * credential gets the same 401. On success the key's fingerprint becomes the rate-limit client id.
 */
export function apiKeyAuth(keys: string[]): MiddlewareHandler<AppEnv> {
  const digests = keys.map(sha256);
  const challenge = 'Bearer realm="barometer"';
  return async function apiKeyAuth(c, next) {
    const header = c.req.header('authorization') ?? '';
    const match = /^Bearer +(\S+) *$/i.exec(header);
    if (!match?.[1]) {
      throw new HttpProblem(401, 'unauthorized', 'This endpoint needs an API key: send `Authorization: Bearer <key>`.', {
        'WWW-Authenticate': challenge,
      });
    }
    const given = sha256(match[1]);
    let matched = -1;
    digests.forEach((d, i) => {
      if (timingSafeEqual(d, given) && matched < 0) matched = i;
    });
    if (matched < 0) {
      throw new HttpProblem(401, 'unauthorized', 'The API key is not valid.', {
        'WWW-Authenticate': `${challenge}, error="invalid_token"`,
      });
    }
    c.set('clientId', `key:${given.subarray(0, 6).toString('hex')}`);
    await next();
  };
}
