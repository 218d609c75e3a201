// One loopback receiver for the whole conformance suite: OTLP/HTTP (protobuf and JSON, gzip) and
// the probe's echo endpoint on one HTTP/1.1 port, each run under its own path prefix
// (`/r/<run>/…`), plus an OTLP/gRPC (HTTP/2) port per run that asks for one.
import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { createServer as createH2Server, type Http2Server } from 'node:http2';
import { gunzipSync } from 'node:zlib';
import { decodeJson, decodeProtobuf, type Decoded, type Signal } from './otlp-decode.js';

export interface ReceivedRequest {
  transport: 'http' | 'grpc';
  /** Path without the run prefix (`/v1/traces`), or the gRPC method path. */
  path: string;
  headers: IncomingHttpHeaders;
  contentType: string;
  contentEncoding: string;
  decoded?: Decoded;
  /** Why the body could not be decoded. */
  error?: string;
}

interface RunState {
  requests: ReceivedRequest[];
  echoes: IncomingHttpHeaders[];
  /** How many OTLP requests had arrived when the probe called `echo?mark`. */
  beforeMark?: number;
  /** Milliseconds after which the client gave up on a request left unanswered. */
  aborts: number[];
  hang: boolean;
  grpc?: Http2Server;
}

export interface Receiver {
  /** Base URL of a run's OTLP/HTTP endpoint: `http://127.0.0.1:<port>/r/<run>`. */
  url(run: string): string;
  /** A gRPC endpoint of the run's own: `http://127.0.0.1:<port>`. */
  grpcUrl(run: string): Promise<string>;
  /** Leave the run's OTLP requests unanswered (timeout tests). */
  hang(run: string): void;
  run(run: string): Readonly<RunState>;
  close(): Promise<void>;
}

function signalOf(path: string): Signal | undefined {
  if (/trace/i.test(path)) return 'traces';
  if (/metric/i.test(path)) return 'metrics';
  if (/log/i.test(path)) return 'logs';
  return undefined;
}

function decode(body: Buffer, contentType: string, path: string): Decoded {
  const hint = signalOf(path);
  if (!contentType.includes('json')) return decodeProtobuf(body, hint);
  const decoded = decodeJson(body);
  return hint ? { ...decoded, signal: hint } : decoded;
}

function record(request: ReceivedRequest, body: Buffer): ReceivedRequest {
  try {
    const plain = request.contentEncoding === 'gzip' ? gunzipSync(body) : body;
    request.decoded = decode(plain, request.contentType, request.path);
  } catch (error) {
    request.error = String(error);
  }
  return request;
}

/** gRPC messages: 1 byte compressed flag, 4 bytes length, the message. */
function grpcMessages(body: Buffer): Array<{ compressed: boolean; message: Buffer }> {
  const out: Array<{ compressed: boolean; message: Buffer }> = [];
  for (let at = 0; at + 5 <= body.length;) {
    const length = body.readUInt32BE(at + 1);
    out.push({ compressed: body[at] === 1, message: body.subarray(at + 5, at + 5 + length) });
    at += 5 + length;
  }
  return out;
}

/**
 * Starts the receiver on 127.0.0.1.
 *
 * @example
 * const receiver = await startReceiver();
 * env.OTEL_EXPORTER_OTLP_ENDPOINT = receiver.url('run-1');
 */
export async function startReceiver(): Promise<Receiver> {
  const runs = new Map<string, RunState>();
  const state = (run: string): RunState => {
    let found = runs.get(run);
    if (!found) runs.set(run, (found = { requests: [], echoes: [], aborts: [], hang: false }));
    return found;
  };

  const http: Server = createServer((req, res) => {
    const match = /^\/r\/([^/]+)(\/.*)?$/.exec(req.url ?? '');
    if (!match?.[1]) {
      res.writeHead(404).end();
      return;
    }
    const run = state(match[1]);
    const path = match[2] ?? '/';
    if (path === '/echo?mark') {
      run.beforeMark = run.requests.length;
      req.resume();
      res.end('ok');
      return;
    }
    if (path === '/echo') {
      run.echoes.push(req.headers);
      req.resume();
      res.end('ok');
      return;
    }
    const started = performance.now();
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const contentType = String(req.headers['content-type'] ?? '');
      run.requests.push(
        record(
          {
            transport: 'http',
            path,
            headers: req.headers,
            contentType,
            contentEncoding: String(req.headers['content-encoding'] ?? ''),
          },
          Buffer.concat(chunks),
        ),
      );
      if (run.hang) {
        res.on('close', () => run.aborts.push(performance.now() - started));
        return;
      }
      const json = contentType.includes('json');
      res.writeHead(200, { 'content-type': json ? 'application/json' : 'application/x-protobuf' });
      res.end(json ? '{}' : '');
    });
  });
  http.listen(0, '127.0.0.1');
  await once(http, 'listening');
  const port = (http.address() as { port: number }).port;

  async function startGrpc(run: RunState): Promise<Http2Server> {
    const server = createH2Server();
    server.on('stream', (stream, headers) => {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const path = String(headers[':path'] ?? '');
        for (const { compressed, message } of grpcMessages(Buffer.concat(chunks))) {
          run.requests.push(
            record(
              {
                transport: 'grpc',
                path,
                headers,
                contentType: String(headers['content-type'] ?? ''),
                contentEncoding: compressed ? 'gzip' : '',
              },
              message,
            ),
          );
        }
        stream.respond(
          { ':status': 200, 'content-type': 'application/grpc' },
          { waitForTrailers: true },
        );
        stream.on('wantTrailers', () => stream.sendTrailers({ 'grpc-status': '0' }));
        // One empty response message.
        stream.end(Buffer.alloc(5));
      });
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    return server;
  }

  return {
    url: (run) => `http://127.0.0.1:${port}/r/${run}`,
    async grpcUrl(run) {
      const found = state(run);
      found.grpc ??= await startGrpc(found);
      return `http://127.0.0.1:${(found.grpc.address() as { port: number }).port}`;
    },
    hang: (run) => void (state(run).hang = true),
    run: (run) => state(run),
    async close() {
      http.closeAllConnections();
      await new Promise((resolve) => http.close(resolve));
      for (const run of runs.values()) {
        const server = run.grpc;
        if (!server) continue;
        await new Promise((resolve) => {
          server.close(resolve);
          // Open sessions would keep close() waiting.
          setTimeout(resolve, 200).unref();
        });
      }
    },
  };
}
