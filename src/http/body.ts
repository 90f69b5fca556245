import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { AppEnv } from './env.js';
import { HttpProblem } from './problem.js';

/** Deeper JSON than this is refused before parsing: no legitimate request nests this far. */
export const MAX_JSON_DEPTH = 32;

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** `application/json; charset=utf-8` → `application/json` (lower case); '' when absent. */
export function mediaTypeOf(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0]!.trim().toLowerCase();
}

export const isJsonMediaType = (type: string) => /^application\/([\w.-]+\+)?json$/.test(type);

/** True when brackets outside strings nest deeper than `max`. Runs in one pass, no recursion. */
export function jsonDepthExceeds(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (inString) {
      if (ch === 0x5c /* \ */) i++;
      else if (ch === 0x22 /* " */) inString = false;
    } else if (ch === 0x22) {
      inString = true;
    } else if (ch === 0x7b /* { */ || ch === 0x5b /* [ */) {
      if (++depth > max) return true;
    } else if (ch === 0x7d /* } */ || ch === 0x5d /* ] */) {
      depth--;
    }
  }
  return false;
}

export interface BodyGuardOptions {
  /** The media types the route takes (`application/json` also covers `application/*+json`). */
  mediaTypes: string[];
  /** The largest body accepted, per media type. */
  maxBytes: (mediaType: string) => number;
}

const accepts = (mediaTypes: string[], type: string) =>
  mediaTypes.includes(type) || (mediaTypes.includes('application/json') && isJsonMediaType(type));

/**
 * Checks a body before anything parses it, in an order that never reads a body it will refuse:
 * media type (415), declared length (413), then, while reading, the actual length (413), valid
 * UTF-8 and JSON nesting depth (400) for text and JSON.
 *
 * A body that is refused unread is drained by @hono/node-server, so the connection stays usable.
 * A streamed body cut off at the limit is not, so that answer also closes the connection.
 */
export function bodyGuard(options: BodyGuardOptions): MiddlewareHandler<AppEnv> {
  return async function bodyGuard(c, next) {
    const contentType = c.req.header('content-type');
    const type = mediaTypeOf(contentType);
    if (!accepts(options.mediaTypes, type)) {
      throw new HttpProblem(
        415,
        'unsupported_media_type',
        `${type ? `Content-Type ${type.slice(0, 80)} is` : 'A body without a Content-Type is'} not accepted here; send ${options.mediaTypes.join(' or ')}.`,
      );
    }
    const max = options.maxBytes(type);
    const tooLarge = () => `The body is larger than the ${max}-byte limit.`;
    const declared = c.req.header('content-length');
    if (declared !== undefined && Number(declared) > max) throw new HttpProblem(413, 'body_too_large', tooLarge());
    const checkThenNext = async () => {
      if (isJsonMediaType(type) || type.startsWith('text/')) await checkText(c, contentType, isJsonMediaType(type));
      await next();
    };
    // A declared length is enforced by Node's HTTP parser, so only a streamed body needs counting.
    // hono's bodyLimit would otherwise touch `raw.body`, which makes @hono/node-server build a web
    // stream for every request instead of reading the body directly (about 0.1 ms each).
    if (declared !== undefined && c.req.header('transfer-encoding') === undefined) return checkThenNext();
    const limitStream = bodyLimit({
      maxSize: max,
      onError: () => {
        throw new HttpProblem(413, 'body_too_large', tooLarge(), { Connection: 'close' });
      },
    });
    await limitStream(c, checkThenNext);
  };
}

async function checkText(c: Context<AppEnv>, contentType: string | undefined, json: boolean): Promise<void> {
  const charset = /;\s*charset=("?)([^";]+)\1/i.exec(contentType ?? '')?.[2]?.trim().toLowerCase();
  if (charset && charset !== 'utf-8' && charset !== 'utf8' && charset !== 'us-ascii') {
    throw new HttpProblem(415, 'unsupported_charset', `Only UTF-8 bodies are accepted (got charset=${charset.slice(0, 40)}).`);
  }
  let bytes: ArrayBuffer;
  try {
    bytes = await c.req.arrayBuffer(); // Hono caches it: the validators after this read the same bytes
  } catch {
    throw new HttpProblem(400, 'body_unreadable', 'The request body could not be read completely.');
  }
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    throw new HttpProblem(400, 'invalid_utf8', 'The request body is not valid UTF-8.');
  }
  if (json && jsonDepthExceeds(text, MAX_JSON_DEPTH)) {
    throw new HttpProblem(400, 'too_deep', `The JSON body nests deeper than ${MAX_JSON_DEPTH} levels.`);
  }
  // Hand the decoded text to c.req.json()/text() (the JSON validator, a text/plain route): hono
  // would otherwise wrap the cached bytes in a new Response and decode them again. Its cache
  // holds promises, whatever its declared type says.
  (c.req.bodyCache as { text?: Promise<string> }).text = Promise.resolve(text);
}
