/**
 * What the request lifecycle reads from an incoming request, in Web terms and gathered once.
 * Adapters build it from their framework's request (a Web `Request`, Node's `IncomingMessage`).
 *
 * @example
 * ```ts
 * const facts: HttpRequestFacts = requestFactsFromWeb(new Request('http://localhost/users/1'));
 * facts.header('x-request-id');
 * ```
 */
export interface HttpRequestFacts {
  method: string;
  /** The URL path, unredacted (redacted before it is recorded). */
  path: string;
  /** Raw query string without `?`, or '' (redacted before it is recorded). */
  query: string;
  scheme: string;
  /** A request header by lower-case name. */
  header(name: string): string | undefined;
  /** Header names, for W3C propagation extraction. */
  headerNames(): string[];
  protocolVersion?: string;
  clientAddress?: string;
  serverPort?: number;
}

/**
 * Request facts of a Web `Request` (fetch handlers, Bun, Deno, `app.request()` in tests).
 *
 * @example
 * ```ts
 * const facts = requestFactsFromWeb(request);
 * facts.path; // '/users/1'
 * ```
 */
export function requestFactsFromWeb(
  request: Request,
  url = new URL(request.url),
): HttpRequestFacts {
  const headers = request.headers;
  return {
    method: request.method,
    path: url.pathname,
    query: url.search.slice(1),
    scheme: url.protocol.slice(0, -1),
    header: (name) => headers.get(name) ?? undefined,
    headerNames: () => [...headers.keys()],
  };
}
