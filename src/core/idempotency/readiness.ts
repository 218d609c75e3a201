import { diag } from '@opentelemetry/api';
import { defaultHealthRegistry } from '../health/index.js';
import type { HealthCheck, HealthRegistry } from '../health/index.js';
import { getDefaultRedactor } from '../redaction/index.js';

/**
 * How a store registers its readiness check. Every store registers one when it is created (a
 * store is created to be used), so `/readyz` says 503 while the store cannot serve claims,
 * instead of 200 while `POST`s fail closed. Pass `false` to register nothing.
 *
 * @example
 * ```ts
 * const readiness: StoreReadinessOptions = { name: 'payments-idempotency', timeoutMs: 500 };
 * const store = redisStore(client, { readiness });
 * ```
 */
export interface StoreReadinessOptions {
  /** Registry to register in. Default `defaultHealthRegistry` (what `/readyz` serves). */
  registry?: HealthRegistry;
  /**
   * Check name in the readiness report. Defaults: `idempotency:redis:<prefix>` and
   * `idempotency:memory`. Checks with the same name replace each other.
   */
  name?: string;
  /** Bound of one check (ms); a slower check fails. Default 1 000 (kubelet's probe default). */
  timeoutMs?: number;
  /** Whether a failing check fails readiness (503) or only degrades it. Store-specific default. */
  critical?: boolean;
}

/** Default bound of one readiness check: kubelet's default probe timeout is 1 s. */
const DEFAULT_READINESS_TIMEOUT_MS = 1_000;

/**
 * Registers a store's readiness check unless `options` is `false`; returns the function that
 * removes it (a no-op when nothing was registered).
 *
 * @example
 * ```ts
 * const unregister = registerStoreReadiness(options.readiness, {
 *   name: 'idempotency:memory',
 *   critical: false,
 *   check: () => 'ok',
 * });
 * ```
 */
export function registerStoreReadiness(
  options: StoreReadinessOptions | false | undefined,
  defaults: { name: string; critical: boolean; check: HealthCheck },
): () => void {
  if (options === false) return () => {};
  const {
    registry = defaultHealthRegistry,
    name = defaults.name,
    timeoutMs = DEFAULT_READINESS_TIMEOUT_MS,
    critical = defaults.critical,
  } = options ?? {};
  try {
    return registry.register(name, { check: defaults.check, timeoutMs, critical });
  } catch (failure) {
    // A custom registry that throws must not stop the store from being created.
    diag.warn(`sightline: idempotency store: registering readiness check ${name} failed`, failure);
    return () => {};
  }
}

/** The part of an ioredis client (standalone or Cluster) the error reporter listens to. */
interface EventSource {
  on(event: 'error', listener: (error: unknown) => void): unknown;
  on(event: 'ready', listener: () => void): unknown;
}

/**
 * Default minimum interval between two diag reports of one client's errors (30 s).
 *
 * @example
 * ```ts
 * redisStore(client, { errorReportIntervalMs: DEFAULT_ERROR_REPORT_INTERVAL_MS * 2 });
 * ```
 */
export const DEFAULT_ERROR_REPORT_INTERVAL_MS = 30_000;

/**
 * Turns a Redis client's `error` events (one per failed reconnect attempt, without bound while
 * Redis is down) into at most one diag line per interval, with the count of the errors in
 * between. Listening is also what stops ioredis from printing `[ioredis] Unhandled error event`
 * to stderr for each attempt. One reporter per client, however many stores share it.
 *
 * @example
 * ```ts
 * const reporter = ClientErrorReporter.for(client, 30_000);
 * reporter.lastError; // 'connect ECONNREFUSED 127.0.0.1:6379' while Redis is down
 * ```
 */
export class ClientErrorReporter {
  private static readonly _byClient = new WeakMap<object, ClientErrorReporter>();
  /** Redacted message of the latest error, until the client is ready again. */
  lastError: string | undefined;
  private _unreported = 0;
  private _lastReportAt = Number.NEGATIVE_INFINITY;

  private constructor(private readonly _intervalMs: number) {}

  /**
   * The reporter of `client`, attached on first call (later calls keep the first interval).
   *
   * @example
   * ```ts
   * ClientErrorReporter.for(client); // listens to 'error' and 'ready'
   * ```
   */
  static for(
    client: EventSource,
    intervalMs = DEFAULT_ERROR_REPORT_INTERVAL_MS,
  ): ClientErrorReporter {
    let reporter = ClientErrorReporter._byClient.get(client);
    if (!reporter) {
      const interval =
        Number.isFinite(intervalMs) && intervalMs >= 0
          ? intervalMs
          : DEFAULT_ERROR_REPORT_INTERVAL_MS;
      const created = new ClientErrorReporter(interval);
      client.on('error', (error) => created._onError(error));
      client.on('ready', () => created._onReady());
      ClientErrorReporter._byClient.set(client, created);
      reporter = created;
    }
    return reporter;
  }

  private _onError(error: unknown): void {
    try {
      const message = error instanceof Error ? error.message : String(error);
      this.lastError = getDefaultRedactor().string(message);
      if (!this._due()) {
        this._unreported++;
        return;
      }
      const since = this._unreported ? `; ${this._unreported} more since the last report` : '';
      diag.warn(
        `sightline: idempotency store: redis client error: ${this.lastError}${since} ` +
          `(claims fail closed with 503 until it recovers; next report in ${this._seconds()} s at the earliest)`,
      );
      this._reported();
    } catch {
      // Reporting must never throw out of an event listener (that would crash the process).
    }
  }

  private _onReady(): void {
    this.lastError = undefined;
    // A recovery line only when errors went unreported, and only within the same budget.
    if (this._unreported === 0 || !this._due()) return;
    diag.info(
      `sightline: idempotency store: redis connection ready again after ${this._unreported} unreported error(s)`,
    );
    this._reported();
  }

  private _due(): boolean {
    return Date.now() - this._lastReportAt >= this._intervalMs;
  }

  private _reported(): void {
    this._lastReportAt = Date.now();
    this._unreported = 0;
  }

  private _seconds(): number {
    return Math.round(this._intervalMs / 1_000);
  }
}
