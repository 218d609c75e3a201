/**
 * The public shapes of the dev receiver: options, the running `Receiver`, and what it delivers.
 */
import type { ReceivedLog, ReceivedMetric, ReceivedSpan } from './model.js';
import type { ViewerOptions } from './web/viewer.js';

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
 * const options: ReceiverOptions = { port: 0, file: '.sightline/telemetry.jsonl', maxFileBytes: 10 * 2 ** 20 };
 */
export interface ReceiverOptions {
  /** TCP port; `0` picks a free one. Default 4318 (the OTLP/HTTP port). */
  port?: number;
  /** Interface to bind. Default `127.0.0.1` (never exposed beyond loopback by default). */
  host?: string;
  /** When set, appends one JSON line per received record (`{ signal, ...record }`). */
  file?: string;
  /**
   * Cap of `file` in bytes: when the next batch would pass it, the file is renamed to
   * `<name>.1<ext>` (replacing the previous one) and a new one is started. Default 50 MiB.
   */
  maxFileBytes?: number;
  /** Initial fault mode. Default `ok`. */
  mode?: ReceiverMode;
  /** Largest accepted body, compressed or not. Default 16 MiB; larger → 413. */
  maxBodyBytes?: number;
  /** Records kept in memory per signal; the oldest are dropped beyond it. Default 100 000. */
  maxRecords?: number;
  /**
   * Serve the web viewer (traces, logs, errors, metrics) on the same port, at `/`; `true` for
   * the default caps (2 000 traces, 20 000 log records). Off by default.
   */
  viewer?: boolean | ViewerOptions;
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
