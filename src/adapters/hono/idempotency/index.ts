import type { Context, MiddlewareHandler } from 'hono';
import { createMiddleware } from 'hono/factory';
import {
  createIdempotencyProtocol,
  type IdempotencyProtocolOptions,
} from '../../../core/http/index.js';

/**
 * Options of {@link idempotency}: the core protocol's, plus `scope`, read from the Hono context.
 *
 * @example
 * ```ts
 * const options: IdempotencyMiddlewareOptions = { required: true, scope: (c) => c.get('tenantId') };
 * ```
 */
export interface IdempotencyMiddlewareOptions extends IdempotencyProtocolOptions {
  /**
   * The principal/tenant the key belongs to, so one client can never replay another's response.
   * Runs on every covered request with a key; if it throws, the error goes to the app's error handler.
   */
  scope?: (c: Context) => string | undefined | Promise<string | undefined>;
}

/**
 * Hono middleware for the `Idempotency-Key` header (the core protocol, `createIdempotencyProtocol`:
 * replay, 409 in flight, 422 other payload, 400 bad key, 503 store down). Handlers read the body
 * through `c.req` as usual: it is read first via Hono's body cache (a Request clone measured ~4×
 * dearer), so `c.req.raw`'s own stream is already consumed.
 *
 * @example
 * ```ts
 * import { Redis } from 'ioredis';
 * import { idempotency } from 'sightline/hono';
 * import { redisStore } from 'sightline';
 *
 * app.post(
 *   '/payments',
 *   idempotency({ store: redisStore(new Redis()), required: true, scope: (c) => c.get('tenantId') }),
 *   async (c) => c.json(await charge(await c.req.json()), 201),
 * );
 * ```
 */
export function idempotency(options: IdempotencyMiddlewareOptions = {}): MiddlewareHandler {
  const { scope } = options;
  const protocol = createIdempotencyProtocol(options);

  return createMiddleware(async function idempotency(c, next) {
    if (!protocol.covers(c.req.method)) return next();
    const run = async () => {
      await next();
      // Hono turned a thrown Error into c.res via onError; rethrow so the claim is released.
      if (c.error !== undefined) throw c.error;
      return c.res;
    };
    let response: Response;
    try {
      response = await protocol.handle(
        {
          method: c.req.method,
          url: new URL(c.req.url),
          header: (name) => c.req.header(name),
          body: async () => new Uint8Array(await c.req.arrayBuffer()),
          ...(scope ? { scope: () => scope(c) } : {}),
        },
        c.get('sightline'),
        run,
      );
    } catch (error) {
      if (error !== undefined && error === c.error) return; // c.res holds onError's response
      throw error;
    }
    // A stored response was read to store it: send the buffered copy.
    if (response !== c.res) c.res = response;
  });
}
