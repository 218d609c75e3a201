/**
 * A local OTLP/HTTP receiver for development and tests: accepts `http/protobuf` and `http/json`
 * on `/v1/traces`, `/v1/metrics` and `/v1/logs`, keeps the decoded records in memory, optionally
 * appends them to a JSON-lines file, and can simulate a hanging or failing collector.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { mkdir, appendFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { gunzip } from 'node:zlib';
import { promisify } from 'node:util';
import { diag } from '@opentelemetry/api';
import { OtlpDecodeError, decodeLogs, decodeMetrics, decodeTraces, encodingOf } from './decode.js';
import type { ReceivedLog, ReceivedMetric, ReceivedSpan } from './model.js';

const gunzipAsync = promisify(gunzip);

/**
 * OTLP signals, named as in the URL paths.
 *
 * @example
 * const signal: OtlpSignal = 'traces'; // POST /v1/traces
 */
export type OtlpSignal = 'traces' | 'metrics' | 'logs';

/**
 * `ok`: answer 200; `hang`: accept and never answer; `error`: answer 503.
 *
 * @example
 * receiver.setMode('hang' satisfies ReceiverMode);
 */
export type ReceiverMode = 'ok' | 'hang' | 'error';

/**
 * Options of {@link startReceiver}.
 *
 * @example
 * const options: ReceiverOptions = { port: 0, file: '.sightline/telemetry.jsonl' };
 */
export interface ReceiverOptions {
  /** TCP port; `0` picks a free one. Default 4318 (the OTLP/HTTP port). */
  port?: number;
  /** Interface to bind. Default `127.0.0.1` (never exposed beyond loopback by default). */
  host?: string;
  /** When set, appends one JSON line per received record (`{ signal, ...record }`). */
  file?: string;
  /** Initial fault mode. Default `ok`. */
  mode?: ReceiverMode;
  /** Largest accepted body, compressed or not. Default 16 MiB; larger → 413. */
  maxBodyBytes?: number;
  /** Records kept in memory per signal; the oldest are dropped beyond it. Default 100 000. */
  maxRecords?: number;
}

/**
 * Options of the `waitFor*` helpers.
 *
 * @example
 * await receiver.waitForSpans(3, { timeoutMs: 10_000 } satisfies WaitOptions);
 */
export interface WaitOptions {
  /** Reject after this many ms. Default 5000. */
  timeoutMs?: number;
}

/**
 * What one accepted request contributed; passed to {@link Receiver.onData} listeners.
 *
 * @example
 * receiver.onData((batch: ReceivedBatch) => {
 *   if (batch.signal === 'traces') process.stdout.write(`${batch.records.length} spans\n`);
 * });
 */
export type ReceivedBatch =
  | { signal: 'traces'; records: ReceivedSpan[] }
  | { signal: 'metrics'; records: ReceivedMetric[] }
  | { signal: 'logs'; records: ReceivedLog[] };

/**
 * A running receiver. Arrays are live: they grow as requests arrive.
 *
 * @example
 * const receiver = await startReceiver({ port: 0 });
 * process.env.OTEL_EXPORTER_OTLP_ENDPOINT = receiver.url;
 * const [span] = await receiver.waitForSpans((s) => s.kind === 'SERVER');
 * await receiver.close();
 */
export interface Receiver {
  /** Base URL, e.g. `http://127.0.0.1:43123` (append `/v1/traces` for a per-signal endpoint). */
  readonly url: string;
  readonly host: string;
  readonly port: number;
  readonly spans: ReceivedSpan[];
  readonly metrics: ReceivedMetric[];
  readonly logs: ReceivedLog[];
  /** POST requests seen per signal path, whatever the mode or outcome; `rejected` counts 4xx. */
  readonly requests: Record<OtlpSignal | 'rejected', number>;
  /** The current fault mode. */
  readonly mode: ReceiverMode;
  /** Switches the fault mode for subsequent requests. */
  setMode(mode: ReceiverMode): void;
  /**
   * Resolves with the first truthy value `check` returns, evaluated now and after every accepted
   * request; rejects after the timeout with a summary of what did arrive.
   */
  waitFor<T>(
    check: (receiver: Receiver) => T | undefined | null | false,
    options?: WaitOptions,
  ): Promise<T>;
  /** Resolves with all spans once there are `n`, or with the matching spans once one matches. */
  waitForSpans(
    countOrPredicate: number | ((span: ReceivedSpan) => boolean),
    options?: WaitOptions,
  ): Promise<ReceivedSpan[]>;
  /** Resolves with the most recent metric named `name`. */
  waitForMetric(name: string, options?: WaitOptions): Promise<ReceivedMetric>;
  /** Resolves with all logs once there are `n`, or with the matching logs once one matches. */
  waitForLogs(
    countOrPredicate: number | ((log: ReceivedLog) => boolean),
    options?: WaitOptions,
  ): Promise<ReceivedLog[]>;
  /** Subscribes to accepted batches; returns the unsubscribe function. */
  onData(listener: (batch: ReceivedBatch) => void): () => void;
  /** Forgets every record and resets the request counters. */
  clear(): void;
  /** Stops listening, destroys open sockets (including hung requests) and rejects pending waits. */
  close(): Promise<void>;
}

const MIB = 1024 * 1024;

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

interface Waiter {
  check: () => boolean;
  fail: (error: Error) => void;
}

/** JSON.stringify replacer: bigints as decimal strings, bytes as base64. */
function jsonReplacer(this: unknown, key: string, value: unknown): unknown {
  const raw = (this as Record<string, unknown>)[key];
  if (raw instanceof Uint8Array) return Buffer.from(raw).toString('base64');
  return typeof value === 'bigint' ? value.toString() : value;
}

const RECORD_SIGNAL = { traces: 'span', metrics: 'metric', logs: 'log' } as const;

/** Serialises one record as a JSON line for the telemetry file. */
function toJsonLine(signal: OtlpSignal, record: object): string {
  return JSON.stringify({ signal: RECORD_SIGNAL[signal], ...record }, jsonReplacer) + '\n';
}

async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    throw new HttpError(413, `body of ${declared} bytes exceeds ${limit}`);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > limit) throw new HttpError(413, `body exceeds ${limit} bytes`);
    chunks.push(buf);
  }
  return Buffer.concat(chunks);
}

async function decompress(req: IncomingMessage, body: Buffer, limit: number): Promise<Buffer> {
  const encoding = (req.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
  if (encoding === 'identity' || encoding === '') return body;
  if (encoding !== 'gzip') throw new HttpError(415, `unsupported Content-Encoding ${encoding}`);
  try {
    // maxOutputLength bounds a gzip bomb to the same limit as a plain body.
    return await gunzipAsync(body, { maxOutputLength: limit });
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new HttpError(413, `decompressed body exceeds ${limit} bytes`);
    }
    throw new HttpError(400, `invalid gzip body: ${(error as Error).message}`);
  }
}

const PATHS: Record<string, OtlpSignal> = {
  '/v1/traces': 'traces',
  '/v1/metrics': 'metrics',
  '/v1/logs': 'logs',
};

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
  private readonly _waiters = new Set<Waiter>();
  private readonly _listeners = new Set<(batch: ReceivedBatch) => void>();
  private _fileQueue: Promise<void> = Promise.resolve();
  private _fileWarned = false;
  private _closed?: Promise<void>;
  readonly server: Server;

  constructor(
    readonly host: string,
    private readonly _file: string | undefined,
    private readonly _maxBody: number,
    private readonly _maxRecords: number,
    mode: ReceiverMode,
  ) {
    this._mode = mode;
    this.server = createServer((req, res) => {
      this._handle(req, res).catch((error: unknown) => this._fail(res, error));
    });
  }

  get mode(): ReceiverMode {
    return this._mode;
  }

  setMode(mode: ReceiverMode): void {
    this._mode = mode;
  }

  private async _handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://receiver').pathname;
    const signal = PATHS[path];
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
      const lines = (batch.records as object[]).map((r) => toJsonLine(batch.signal, r)).join('');
      await this._append(this._file, lines);
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
    for (const waiter of [...this._waiters]) waiter.check();
  }

  private _append(file: string, lines: string): Promise<void> {
    // Chained so lines from concurrent requests never interleave.
    this._fileQueue = this._fileQueue
      .then(() => appendFile(file, lines))
      .catch((error: unknown) => {
        if (!this._fileWarned) {
          this._fileWarned = true;
          diag.warn(
            `sightline-dev receiver: cannot write ${file}; keeping data in memory only`,
            error,
          );
        }
      });
    return this._fileQueue;
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
    return new Promise<T>((resolve, reject) => {
      if (this._closed) {
        reject(new Error('receiver is closed'));
        return;
      }
      const waiter: Waiter = {
        check: () => {
          let value: T | undefined | null | false;
          try {
            value = check(this);
          } catch (error) {
            done();
            reject(error instanceof Error ? error : new Error(String(error)));
            return true;
          }
          if (value === undefined || value === null || value === false) return false;
          done();
          resolve(value);
          return true;
        },
        fail: (error) => {
          done();
          reject(error);
        },
      };
      const timer = setTimeout(() => {
        waiter.fail(new Error(`receiver: timed out after ${timeoutMs} ms; ${describe(this)}`));
      }, timeoutMs);
      const done = (): void => {
        clearTimeout(timer);
        this._waiters.delete(waiter);
      };
      if (!waiter.check()) this._waiters.add(waiter);
    });
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
    for (const key of Object.keys(this.requests) as (keyof typeof this.requests)[]) {
      this.requests[key] = 0;
    }
  }

  close(): Promise<void> {
    this._closed ??= (async () => {
      for (const waiter of [...this._waiters]) waiter.fail(new Error('receiver closed'));
      const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
      // Hung requests and keep-alive sockets would otherwise hold close() open forever.
      this.server.closeAllConnections();
      await closed;
      await this._fileQueue;
    })();
    return this._closed;
  }
}

/** Appends in place (the arrays are live views), dropping the oldest beyond `max`. */
function keep<T>(target: T[], records: T[], max: number): void {
  for (const record of records) target.push(record);
  if (target.length > max) target.splice(0, target.length - max);
}

function pick<T>(
  records: T[],
  countOrPredicate: number | ((record: T) => boolean),
): T[] | undefined {
  if (typeof countOrPredicate === 'number') {
    return records.length >= countOrPredicate ? records.slice() : undefined;
  }
  const matching = records.filter(countOrPredicate);
  return matching.length > 0 ? matching : undefined;
}

/**
 * Starts a local OTLP/HTTP receiver.
 *
 * @param options - port (default 4318, `0` for a free one), host (default `127.0.0.1`), `file`
 *   for JSON lines, `mode` to simulate faults, `maxBodyBytes` (default 16 MiB), `maxRecords`
 *   per signal kept in memory (default 100 000)
 * @returns the running {@link Receiver}
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
  mode = 'ok',
  maxBodyBytes = 16 * MIB,
  maxRecords = 100_000,
}: ReceiverOptions = {}): Promise<Receiver> {
  if (file) await mkdir(dirname(file), { recursive: true });
  const receiver = new OtlpReceiver(host, file, maxBodyBytes, maxRecords, mode);
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
