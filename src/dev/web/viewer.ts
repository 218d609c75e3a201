/**
 * The web viewer of `sightline-dev`, served by the receiver on its own port: pages at `/`,
 * `/traces/<id>`, `/logs`, `/errors` and `/metrics` (one static page that renders each), a JSON
 * API under `/api/`, and server-sent events at `/api/events`. Read-only, bounded, and answering
 * only requests addressed to a loopback name while bound to loopback (DNS-rebinding guard).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ReceivedBatch } from '../receiver-types.js';
import {
  errorsEndpoint,
  logsEndpoint,
  metricsEndpoint,
  traceEndpoint,
  tracesEndpoint,
} from './api.js';
import { EventHub } from './events.js';
import { Runbooks } from './runbooks.js';
import { MetricsView } from './metrics-view.js';
import { SECURITY_HEADERS, loadAssets } from './static.js';
import type { Asset } from './static.js';
import { toJson } from './serialize.js';
import { TelemetryStore } from './store.js';
import type { StoreOptions } from './store.js';

/**
 * Options of the viewer (the `viewer` option of `startReceiver`).
 *
 * @example
 * await startReceiver({ port: 0, viewer: { maxTraces: 500 } satisfies ViewerOptions });
 */
export interface ViewerOptions extends StoreOptions {
  /** Pages open at once with live updates. Default 32. */
  maxLivePages?: number;
  /** Folder of the static files. Default: the package's own. */
  assetsDir?: string;
  /**
   * The project's runbooks, `<dir>/<code-in-kebab-case>.md`, linked from the Errors page and
   * served as text. Default `docs/runbooks` (relative to the working directory).
   */
  runbooksDir?: string;
}

const PAGES = /^\/(?:|logs|errors|metrics|traces\/[^/]+)$/;

/**
 * True for `localhost`, `*.localhost`, 127.0.0.0/8 and `::1` (bracketed or not).
 *
 * @example
 * isLoopback('127.0.0.1'); // true; isLoopback('0.0.0.0') → false
 */
export function isLoopback(host: string): boolean {
  const name = host.toLowerCase().replace(/^\[(.*)\]$/, '$1');
  return (
    name === 'localhost' ||
    name.endsWith('.localhost') ||
    name === '::1' ||
    /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(name)
  );
}

/** The name part of a `Host` header: `[::1]:4318` → `[::1]`, `localhost:4318` → `localhost`. */
const hostName = (header: string): string =>
  header.startsWith('[') ? header.slice(0, header.indexOf(']') + 1) : (header.split(':')[0] ?? '');

/**
 * The viewer behind a receiver: files every accepted batch and answers the viewer's requests.
 *
 * @example
 * const viewer = await createViewer('127.0.0.1');
 * receiver.onData((batch) => viewer.onBatch(batch));
 * // in the request handler, for non-OTLP paths:
 * await viewer.handle(req, res, path);
 */
export class Viewer {
  readonly store: TelemetryStore;
  readonly metrics = new MetricsView();
  private readonly _hub: EventHub;
  private readonly _runbooks: Runbooks;

  constructor(
    private readonly _assets: ReadonlyMap<string, Asset>,
    private readonly _boundHost: string,
    options: ViewerOptions = {},
  ) {
    this.store = new TelemetryStore(options);
    this._hub = new EventHub(options.maxLivePages ?? 32);
    this._runbooks = new Runbooks(options.runbooksDir);
  }

  /** Stores a batch and tells live pages about it. */
  onBatch(batch: ReceivedBatch): void {
    if (batch.signal === 'metrics') {
      if (this.metrics.add(batch.records)) this._hub.notify({ metrics: true });
      return;
    }
    const traces = this.store.add(batch);
    this._hub.notify({ traces, logs: batch.signal === 'logs' });
  }

  /** Answers a request for a non-OTLP path. */
  async handle(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    if (isLoopback(this._boundHost) && !isLoopback(hostName(req.headers.host ?? ''))) {
      // A page on another site that resolved its own name to 127.0.0.1 must not read this.
      return this._send(res, 403, 'text/plain; charset=utf-8', 'unexpected Host header\n');
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD');
      return this._send(res, 405, 'text/plain; charset=utf-8', `${req.method} not allowed\n`);
    }
    if (path === '/api/events' && req.method === 'GET') {
      return this._hub.subscribe(req, res, SECURITY_HEADERS);
    }
    const asset = this._assets.get(PAGES.test(path) ? '/' : path);
    if (asset) return this._send(res, 200, asset.type, asset.body, req.method === 'HEAD');
    if (path.startsWith('/runbooks/')) {
      const text = await this._runbooks.read(path.slice('/runbooks/'.length));
      if (text)
        return this._send(res, 200, 'text/plain; charset=utf-8', text, req.method === 'HEAD');
    }
    const answer = await this._api(path, new URL(req.url ?? '/', 'http://viewer').searchParams);
    if (answer === undefined) {
      return this._send(res, 404, 'text/plain; charset=utf-8', `nothing at ${path}\n`);
    }
    const [status, body] = answer;
    this._send(res, status, 'application/json; charset=utf-8', toJson(body), req.method === 'HEAD');
  }

  /** Forgets every trace, log record and metric series. */
  clear(): void {
    this.store.clear();
    this.metrics.clear();
  }

  /** Ends live subscriptions. */
  close(): void {
    this._hub.close();
  }

  private async _api(
    path: string,
    params: URLSearchParams,
  ): Promise<[number, unknown] | undefined> {
    const sources = { store: this.store, metrics: this.metrics, runbooks: this._runbooks };
    if (path === '/api/traces') return [200, tracesEndpoint(sources, params)];
    if (path.startsWith('/api/traces/')) {
      const trace = traceEndpoint(sources, path.slice('/api/traces/'.length));
      return trace ? [200, trace] : [404, { error: 'trace not in memory' }];
    }
    if (path === '/api/logs') return [200, logsEndpoint(sources, params)];
    if (path === '/api/errors') return [200, await errorsEndpoint(sources)];
    if (path === '/api/metrics') return [200, metricsEndpoint(sources)];
    return undefined;
  }

  private _send(
    res: ServerResponse,
    status: number,
    type: string,
    body: string | Buffer,
    headOnly = false,
  ): void {
    res.writeHead(status, {
      ...SECURITY_HEADERS,
      'Content-Type': type,
      'Cache-Control': 'no-store',
      'Content-Length': Buffer.byteLength(body),
    });
    res.end(headOnly ? undefined : body);
  }
}

/**
 * Loads the static files and builds a {@link Viewer} for a receiver bound to `boundHost`.
 *
 * @example
 * const viewer = await createViewer('127.0.0.1', { maxTraces: 500 });
 */
export async function createViewer(boundHost: string, options: ViewerOptions = {}) {
  return new Viewer(await loadAssets(options.assetsDir), boundHost, options);
}
