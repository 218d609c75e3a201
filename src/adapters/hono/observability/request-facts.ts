import type { Context } from 'hono';
import { requestFactsFromWeb, type HttpRequestFacts } from '../../../core/http/index.js';

type NodeHeaders = Record<string, string | string[] | undefined>;

/** The parts of @hono/node-server's `c.env.incoming` (an `http.IncomingMessage`) read here. */
interface NodeIncoming {
  url?: string;
  httpVersion?: string;
  headers: NodeHeaders;
  socket?: { remoteAddress?: string; localPort?: number; encrypted?: boolean };
}

/**
 * Reads request facts from @hono/node-server's raw `IncomingMessage` when available: reading
 * `c.req.raw.headers` there would materialise a full web `Request` on every request (measured
 * as a large share of the middleware's cost). Other runtimes use the web `Request`.
 *
 * @example
 * ```ts
 * const facts = requestFacts(c);
 * facts.header('x-request-id');
 * ```
 */
export function requestFacts(c: Context): HttpRequestFacts {
  const incoming = (c.env as { incoming?: NodeIncoming } | undefined)?.incoming;
  if (!incoming?.headers) return requestFactsFromWeb(c.req.raw);
  const rawUrl = incoming.url ?? '/';
  const queryStart = rawUrl.indexOf('?');
  const headers = incoming.headers;
  const facts: HttpRequestFacts = {
    method: c.req.method,
    path: c.req.path,
    query: queryStart === -1 ? '' : rawUrl.slice(queryStart + 1),
    scheme: incoming.socket?.encrypted ? 'https' : 'http',
    header: (name) => {
      const value = headers[name];
      return Array.isArray(value) ? value.join(', ') : value;
    },
    headerNames: () => Object.keys(headers),
  };
  if (incoming.httpVersion) facts.protocolVersion = incoming.httpVersion;
  if (incoming.socket?.remoteAddress) facts.clientAddress = incoming.socket.remoteAddress;
  if (incoming.socket?.localPort) facts.serverPort = incoming.socket.localPort;
  return facts;
}
