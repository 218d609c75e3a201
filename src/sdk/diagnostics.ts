import { diag, DiagLogLevel, type DiagLogger } from '@opentelemetry/api';

/**
 * Where diag lines go: `process.stderr`, or any writable (tests).
 *
 * @example
 * ```ts
 * const stream: DiagStream = process.stderr;
 * ```
 */
export type DiagStream = NodeJS.WritableStream & {
  readonly writableLength?: number;
  readonly destroyed?: boolean;
};

/**
 * Unwritten diag output kept for a stream that does not drain (an async pipe nobody reads);
 * beyond it lines are dropped rather than buffered in memory without bound.
 */
const MAX_BACKLOG_BYTES = 256 * 1024;

/**
 * Every Sightline message starts with `sightline: ` so that it is recognisable in any diag
 * logger. The stderr logger's own `[sightline] <level>:` prefix already says it, so the stderr
 * lines drop it.
 */
const OWN_PREFIX = 'sightline: ';

/**
 * Configuration warnings (`sightline: ignoring <setting>=…; using <fallback>`): they stay
 * visible at `OTEL_LOG_LEVEL=error`; only `none` silences them. `src/core/logging/levels.ts`
 * writes the same form.
 */
const CONFIGURATION_WARNING = `${OWN_PREFIX}ignoring `;

/**
 * Per-export narration from the OTel packages: the OTLP retry transport's lines (info) and the
 * metric reader's timeout (error; normally pre-empted, as the export answers before the reader's
 * timeout, but a stalled event loop can fire both timers in either order). Each such export also
 * fails with a result that the export failure reporter counts and summarises, rate limited, so
 * these lines are kept for `OTEL_LOG_LEVEL=debug` only. The packages have no option to silence
 * them: matching the text is the only way.
 */
const EXPORT_NARRATION =
  /^(Export (retry time \d+ms exceeds remaining timeout|failed after maximum retry attempts|failed with non-retryable error)|PeriodicExportingMetricReader: metrics export timed out)/;

/** One per stream: the 'error' listener is added once, and a broken stream stays broken. */
class LineSink {
  private _broken = false;
  private _writing = false;

  constructor(private readonly _stream: DiagStream) {
    // A closed pipe (`… 2>&1 | head -2`) makes the next write fail with EPIPE. Unhandled, that
    // error event is an uncaught exception, whose report is written to this same stream: it
    // fails again, for ever, at 100% CPU. Stop writing instead.
    _stream.on('error', () => {
      this._broken = true;
    });
  }

  write(line: string): void {
    // `_writing`: a stream whose write reports through diag would otherwise re-enter here.
    if (this._broken || this._writing || this._stream.destroyed === true) return;
    if ((this._stream.writableLength ?? 0) > MAX_BACKLOG_BYTES) return;
    this._writing = true;
    try {
      this._stream.write(line);
    } catch {
      this._broken = true;
    } finally {
      this._writing = false;
    }
  }
}

const sinks = new WeakMap<DiagStream, LineSink>();

function sinkFor(stream: DiagStream): LineSink {
  let sink = sinks.get(stream);
  if (!sink) sinks.set(stream, (sink = new LineSink(stream)));
  return sink;
}

/**
 * The SDK's own diagnostics go to stderr, one line each, so they never mix with the app's
 * stdout JSON logs. A broken or stuck stream loses lines; it never loops, grows without bound or
 * keeps the process alive.
 *
 * @example
 * ```ts
 * diag.setLogger(new StderrDiagLogger(), DiagLogLevel.INFO);
 * ```
 */
export class StderrDiagLogger implements DiagLogger {
  /** Receives the processors' "Dropped N spans" warnings so they are rate-limited too. */
  reporter: { dropped(signal: string, count: number): void } | undefined;
  /** The level asked for (`OTEL_LOG_LEVEL`); diag may call with more (see installDiagLogger). */
  level: DiagLogLevel = DiagLogLevel.ALL;
  private readonly _sink: LineSink;

  constructor(stream: DiagStream = process.stderr) {
    this._sink = sinkFor(stream);
  }

  error = (message: string, ...args: unknown[]) => {
    if (!this._isNarration(message)) this._write('error', message, args);
  };
  warn = (message: string, ...args: unknown[]) => {
    const dropped = this.reporter && /^Dropped (\d+) /.exec(message);
    if (dropped) this.reporter?.dropped('export queue', Number(dropped[1]));
    else if (this.level >= DiagLogLevel.WARN || message.startsWith(CONFIGURATION_WARNING)) {
      this._write('warn', message, args);
    }
  };
  info = (message: string, ...args: unknown[]) => {
    if (!this._isNarration(message)) this._write('info', message, args);
  };
  debug = (message: string, ...args: unknown[]) => this._write('debug', message, args);
  verbose = (message: string, ...args: unknown[]) => this._write('verbose', message, args);

  private _isNarration(message: string): boolean {
    return this.level < DiagLogLevel.DEBUG && EXPORT_NARRATION.test(message);
  }

  private _write(level: string, message: string, args: unknown[]): void {
    const text = message.startsWith(OWN_PREFIX) ? message.slice(OWN_PREFIX.length) : message;
    const extra = args.length === 0 ? '' : ` ${args.map(describe).join(' ')}`;
    this._sink.write(`[sightline] ${level}: ${text}${extra}\n`);
  }
}

/**
 * One-line description of a diag argument or an error.
 *
 * @example
 * ```ts
 * describe(new TypeError('bad')); // 'TypeError: bad'
 * ```
 */
export function describe(value: unknown): string {
  if (value instanceof Error) {
    return value.name === 'Error' ? value.message : `${value.name}: ${value.message}`;
  }
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/**
 * Installs the stderr diag logger at `level`. At `error`, diag still passes warnings to it so that
 * configuration warnings stay visible; the logger drops the other warnings itself.
 *
 * @example
 * ```ts
 * installDiagLogger(DiagLogLevel.WARN);
 * ```
 */
export function installDiagLogger(level: DiagLogLevel): StderrDiagLogger {
  const logger = new StderrDiagLogger();
  logger.level = level;
  const effective = level === DiagLogLevel.NONE ? level : Math.max(level, DiagLogLevel.WARN);
  diag.setLogger(logger, { logLevel: effective, suppressOverrideMessage: true });
  return logger;
}

export { DiagLogLevel };
