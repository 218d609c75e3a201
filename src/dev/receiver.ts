/**
 * A local OTLP/HTTP receiver for development and tests: accepts `http/protobuf` and `http/json`
 * on `/v1/traces`, `/v1/metrics` and `/v1/logs`, keeps the decoded records in memory, optionally
 * appends them to a JSON-lines file (rotated at a size cap), and can simulate a hanging or failing
 * collector.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { diag } from '@opentelemetry/api';
import { OtlpDecodeError, decodeLogs, decodeMetrics, decodeTraces, encodingOf } from './decode.js';
import { HttpError, OTLP_PATHS, decompress, readBody } from './http-body.js';
import type { ReceivedLog, ReceivedMetric, ReceivedSpan } from './model.js';
import type {
  OtlpSignal,
  ReceivedBatch,
  Receiver,
  ReceiverMode,
  ReceiverOptions,
  WaitOptions,
} from './receiver-types.js';
import { Waiters, pick } from './waiters.js';
import { DEFAULT_MAX_FILE_BYTES, TelemetryFile, toJsonLine } from './telemetry-file.js';
import { createViewer } from './web/viewer.js';
import type { Viewer } from './web/viewer.js';

const MIB = 1024 * 1024;

const RECORD_SIGNAL = { traces: 'span', metrics: 'metric', logs: 'log' } as const;

function describe(r: Receiver): string {
  const names = r.spans.slice(-20).map((s) => s.name);
  return (
    `received ${r.spans.length} spans, ${r.metrics.length} metrics, ${r.logs.length} logs ` +
    `in ${r.requests.traces}/${r.requests.metrics}/${r.requests.logs} requests` +
    (names.length > 0 ? `; last span names: ${names.join(', ')}` : '')
  );
}

class OtlpReceiver implements Receiver {
  readonly spans: ReceivedSpan[] = [];
  readonly metrics: ReceivedMetric[] = [];
  readonly logs: ReceivedLog[] = [];
  readonly requests = { traces: 0, metrics: 0, logs: 0, rejected: 0 };
  url = '';
  port = 0;
  private _mode: ReceiverMode;
  private readonly _waiters = new Waiters();
  private readonly _listeners = new Set<(batch: ReceivedBatch) => void>();
  private _closed?: Promise<void>;
  readonly server: Server;

  constructor(
    readonly host: string,
    private readonly _file: TelemetryFile | undefined,
    private readonly _maxBody: number,
    private readonly _maxRecords: number,
    mode: ReceiverMode,
    private readonly _viewer: Viewer | undefined,
  ) {
    this._mode = mode;
    this.server = createServer((req, res) => {
      this._handle(req, res).catch((error: unknown) => this._fail(res, error));
    });
    if (_viewer) this._listeners.add((batch) => _viewer.onBatch(batch));
  }

  get mode(): ReceiverMode {
    return this._mode;
  }

  setMode(mode: ReceiverMode): void {
    this._mode = mode;
  }

  private async _handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://receiver').pathname;
    const signal = OTLP_PATHS[path];
    if (!signal && this._viewer && !path.startsWith('/v1/')) {
      return this._viewer.handle(req, res, path);
    }
    if (!signal) throw new HttpError(404, `no OTLP endpoint at ${path}`);
    if (req.method !== 'POST') {
      res.setHeader('Allow', 'POST');
      throw new HttpError(405, `${req.method ?? ''} not allowed; use POST`);
    }
    this._count(signal);
    const mode = this._mode;
    if (mode === 'hang') {
      req.resume(); // accept the bytes, never answer; close() destroys the socket
      return;
    }
    const raw = await readBody(req, this._maxBody);
    if (mode === 'error') throw new HttpError(503, 'simulated collector failure');
    const body = await decompress(req, raw, this._maxBody);
    const contentType = req.headers['content-type'];
    const batch = this._decode(signal, body, contentType);
    await this._store(batch);
    if (encodingOf(contentType) === 'json') {
      res.writeHead(200, { 'Content-Type': 'application/json' }).end('{}');
    } else {
      // An empty Export*ServiceResponse encodes to zero bytes.
      res.writeHead(200, { 'Content-Type': 'application/x-protobuf' }).end();
    }
  }

  private _decode(
    signal: OtlpSignal,
    body: Buffer,
    contentType: string | undefined,
  ): ReceivedBatch {
    try {
      if (signal === 'traces') return { signal, records: decodeTraces(body, contentType) };
      if (signal === 'metrics') return { signal, records: decodeMetrics(body, contentType) };
      return { signal, records: decodeLogs(body, contentType) };
    } catch (error) {
      if (error instanceof OtlpDecodeError) throw new HttpError(error.status, error.message);
      throw error;
    }
  }

  private async _store(batch: ReceivedBatch): Promise<void> {
    if (batch.signal === 'traces') keep(this.spans, batch.records, this._maxRecords);
    else if (batch.signal === 'metrics') keep(this.metrics, batch.records, this._maxRecords);
    else keep(this.logs, batch.records, this._maxRecords);
    if (this._file && batch.records.length > 0) {
      const signal = RECORD_SIGNAL[batch.signal];
      await this._file.append(
        (batch.records as object[]).map((r) => toJsonLine(signal, r)).join(''),
      );
    }
    for (const listener of this._listeners) {
      try {
        listener(batch);
      } catch (error) {
        diag.warn('sightline-dev receiver: a data listener threw', error);
      }
    }
    this._checkWaiters();
  }

  private _count(key: keyof OtlpReceiver['requests']): void {
    this.requests[key]++;
    this._checkWaiters(); // waiters may watch the counters (e.g. "a request arrived while hung")
  }

  private _checkWaiters(): void {
    this._waiters.checkAll();
  }

  private _fail(res: ServerResponse, error: unknown): void {
    const status = error instanceof HttpError ? error.status : 500;
    if (status >= 400 && status < 500) this._count('rejected');
    if (res.headersSent || res.destroyed) return;
    const message = error instanceof Error ? error.message : String(error);
    // Connection: close — for 413 the client may still be sending a body we will not read.
    res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', Connection: 'close' });
    res.end(message + '\n');
  }

  waitFor<T>(
    check: (receiver: Receiver) => T | undefined | null | false,
    { timeoutMs = 5000 }: WaitOptions = {},
  ): Promise<T> {
    if (this._closed) return Promise.reject(new Error('receiver is closed'));
    return this._waiters.wait(
      () => check(this),
      timeoutMs,
      () => describe(this),
    );
  }

  waitForSpans(
    countOrPredicate: number | ((span: ReceivedSpan) => boolean),
    options?: WaitOptions,
  ): Promise<ReceivedSpan[]> {
    return this.waitFor((r) => pick(r.spans, countOrPredicate), options);
  }

  waitForMetric(name: string, options?: WaitOptions): Promise<ReceivedMetric> {
    return this.waitFor((r) => r.metrics.findLast((m) => m.name === name), options);
  }

  waitForLogs(
    countOrPredicate: number | ((log: ReceivedLog) => boolean),
    options?: WaitOptions,
  ): Promise<ReceivedLog[]> {
    return this.waitFor((r) => pick(r.logs, countOrPredicate), options);
  }

  onData(listener: (batch: ReceivedBatch) => void): () => void {
    this._listeners.add(listener);
    return () => this._listeners.delete(listener);
  }

  clear(): void {
    this.spans.length = 0;
    this.metrics.length = 0;
    this.logs.length = 0;
    this._viewer?.clear();
    for (const key of Object.keys(this.requests) as (keyof typeof this.requests)[]) {
      this.requests[key] = 0;
    }
  }

  close(): Promise<void> {
    this._closed ??= (async () => {
      this._waiters.failAll(new Error('receiver closed'));
      this._viewer?.close();
      const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
      // Hung requests and keep-alive sockets would otherwise hold close() open forever.
      this.server.closeAllConnections();
      await closed;
      await this._file?.idle();
    })();
    return this._closed;
  }
}

/** Appends in place (the arrays are live views), dropping the oldest beyond `max`. */
function keep<T>(target: T[], records: T[], max: number): void {
  for (const record of records) target.push(record);
  if (target.length > max) target.splice(0, target.length - max);
}

/**
 * Starts a local OTLP/HTTP receiver.
 *
 * @param options - port (default 4318, `0` for a free one), host (default `127.0.0.1`), `file`
 *   for JSON lines, rotated at `maxFileBytes` (default 50 MiB; one previous file kept as
 *   `<name>.1<ext>`), `mode` to simulate faults, `maxBodyBytes` (default 16 MiB), `maxRecords`
 *   per signal kept in memory (default 100 000), `viewer` to serve the web viewer on the same
 *   port (off by default)
 * @returns the running {@link Receiver}
 * @throws TypeError when `maxFileBytes` is not a positive number
 * @example
 * import { startReceiver } from 'sightline/dev';
 * const receiver = await startReceiver({ port: 0 });
 * // child process: OTEL_EXPORTER_OTLP_ENDPOINT=receiver.url
 * const spans = await receiver.waitForSpans(1, { timeoutMs: 10_000 });
 * receiver.setMode('hang'); // the next exports are accepted and never answered
 * await receiver.close();
 */
export async function startReceiver({
  port = 4318,
  host = '127.0.0.1',
  file,
  maxFileBytes = DEFAULT_MAX_FILE_BYTES,
  mode = 'ok',
  maxBodyBytes = 16 * MIB,
  maxRecords = 100_000,
  viewer,
}: ReceiverOptions = {}): Promise<Receiver> {
  if (typeof maxFileBytes !== 'number' || !(maxFileBytes > 0)) {
    throw new TypeError(
      `startReceiver: maxFileBytes must be a positive number of bytes, got ${JSON.stringify(maxFileBytes) ?? String(maxFileBytes)}`,
    );
  }
  if (file) await mkdir(dirname(file), { recursive: true });
  const sink = file ? new TelemetryFile(file, maxFileBytes) : undefined;
  const web = viewer ? await createViewer(host, viewer === true ? {} : viewer) : undefined;
  const receiver = new OtlpReceiver(host, sink, maxBodyBytes, maxRecords, mode, web);
  const server = receiver.server;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  receiver.port = typeof address === 'object' && address ? address.port : port;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  receiver.url = `http://${urlHost}:${receiver.port}`;
  return receiver;
}
