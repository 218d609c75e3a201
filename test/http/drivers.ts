// The same small app on each adapter, for the shared behaviour suite.
import { Hono } from 'hono';
import { defineError, ResourceNotFoundError } from '../../src/core/errors/index.js';
import { createLogger } from '../../src/core/logging/index.js';
import { withObservability } from '../../src/adapters/fetch/index.js';
import { notFoundHandler, observability, problemHandler } from '../../src/adapters/hono/index.js';
import { JsonLines } from '../helpers/otel.js';

export const UserNotFoundError = defineError(ResourceNotFoundError, {
  name: 'UserNotFoundError',
  code: 'USER_NOT_FOUND',
});

/** A foreign error type that a registered ErrorMapper translates. */
export class LegacyQuotaError extends Error {
  override name = 'LegacyQuotaError';
}

/** What each route does, whatever the adapter. */
const routes: {
  template: string;
  match: RegExp;
  run: (id?: string) => Response | Promise<Response>;
}[] = [
  {
    template: '/users/:id',
    match: /^\/users\/([^/]+)$/,
    run: (id) => {
      if (id !== '1') throw new UserNotFoundError('user', id);
      createLogger().info('user loaded');
      return Response.json({ id });
    },
  },
  {
    template: '/boom',
    match: /^\/boom$/,
    run: () => {
      throw new Error('db password=hunter2 at 10.1.2.3', { cause: new Error('pool exhausted') });
    },
  },
  {
    template: '/legacy',
    match: /^\/legacy$/,
    run: () => {
      throw new LegacyQuotaError('quota of tenant 7 exceeded');
    },
  },
];

export interface Driver {
  name: string;
  request(path: string, init?: RequestInit): Promise<Response>;
  /** Request log lines written by the adapter's logger. */
  lines: JsonLines;
}

function find(path: string) {
  for (const route of routes) {
    const match = route.match.exec(path);
    if (match) return { route, id: match[1] };
  }
  return undefined;
}

/** The app on the Hono adapter. */
export function honoDriver(): Driver {
  const lines = new JsonLines();
  const app = new Hono();
  app.use(observability({ logger: createLogger({ stream: lines }) }));
  app.onError(problemHandler());
  app.notFound(notFoundHandler());
  for (const route of routes)
    app.get(route.template, (c) => route.run(c.req.param('id' as never) as string | undefined));
  app.post('/echo', async (c) => c.json(await c.req.json()));
  return { name: 'hono', lines, request: async (path, init) => app.request(path, init) };
}

/** The app on the fetch adapter (a hand-written router). */
export function fetchDriver(): Driver {
  const lines = new JsonLines();
  const handler = withObservability(
    async (request: Request) => {
      const path = new URL(request.url).pathname;
      if (request.method === 'POST' && path === '/echo') return Response.json(await request.json());
      const found = find(path);
      if (!found) return new Response('not found', { status: 404 });
      return found.route.run(found.id);
    },
    {
      logger: createLogger({ stream: lines }),
      route: (request) => find(new URL(request.url).pathname)?.route.template,
    },
  );
  return {
    name: 'fetch',
    lines,
    request: (path, init) => handler(new Request(new URL(path, 'http://localhost'), init)),
  };
}
