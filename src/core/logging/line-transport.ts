import { diag } from '@opentelemetry/api';
import TransportStream from 'winston-transport';
import { describeThrown, MESSAGE, type Info } from './safe.js';

/** Lines held before a write is forced, whatever the tick (bounds memory and loss on a crash). */
const MAX_PENDING_BYTES = 64 * 1024;

/**
 * Options of {@link LineTransport}.
 *
 * @example
 * ```ts
 * const options: LineTransportOptions = { stream: process.stdout, coalesce: true };
 * ```
 */
export interface LineTransportOptions extends TransportStream.TransportStreamOptions {
  /** Where rendered lines go. */
  stream: NodeJS.WritableStream;
  /**
   * Join the lines of one event-loop turn into a single `write` (one system call instead of one
   * per line). Held lines are written at `setImmediate`, when 64 KiB are pending, on `close()`
   * and on process `exit`. Default: on for `process.stdout`/`process.stderr` (synchronous
   * streams on Linux, where every line would otherwise be its own system call).
   */
  coalesce?: boolean;
}

/** Transports with held lines (only those: a logger that is dropped is not kept alive here). */
const holding = new Set<LineTransport>();
let exitHookInstalled = false;
/** Streams this module listens to for errors, and those that failed (written to no more). */
const watched = new WeakSet<NodeJS.WritableStream>();
const broken = new WeakSet<NodeJS.WritableStream>();

/**
 * The winston transport that writes each record's rendered line (`info[MESSAGE]`) to a stream.
 * It replaces winston's `Stream` transport, which costs a `setImmediate` per line for its
 * `logged` event and one `write` system call per line.
 *
 * @example
 * ```ts
 * const logger = winston.createLogger({ transports: [new LineTransport({ stream: process.stdout })] });
 * ```
 */
export class LineTransport extends TransportStream {
  readonly #stream: NodeJS.WritableStream;
  readonly #coalesce: boolean;
  #pending: string[] = [];
  #pendingBytes = 0;
  #scheduled = false;

  constructor({ stream, coalesce, ...options }: LineTransportOptions) {
    super(options);
    this.#stream = stream;
    watchForErrors(stream);
    this.#coalesce = coalesce ?? (stream === process.stdout || stream === process.stderr);
    if (this.#coalesce) installExitHook();
  }

  /** winston's transport entry point: writes (or holds) the record's line. */
  override log(info: Info, next: () => void): void {
    const line = `${String(info[MESSAGE])}\n`;
    if (broken.has(this.#stream)) {
      // The destination failed (e.g. EPIPE: the reader of stdout went away); lines are dropped.
    } else if (this.#coalesce) this.#hold(line);
    else this.#stream.write(line);
    if (this.listenerCount('logged') > 0) this.emit('logged', info);
    next();
  }

  /**
   * Writes the held lines now.
   *
   * @example
   * ```ts
   * transport.flush();
   * ```
   */
  flush(): void {
    if (this.#pending.length === 0) return;
    const chunk = this.#pending.length === 1 ? this.#pending[0] : this.#pending.join('');
    this.#pending = [];
    this.#pendingBytes = 0;
    holding.delete(this);
    if (!broken.has(this.#stream)) this.#stream.write(chunk as string);
  }

  /** Called by winston when the transport is removed or the logger closes. */
  override close(): void {
    this.flush();
  }

  #hold(line: string): void {
    if (this.#pending.length === 0) holding.add(this);
    this.#pending.push(line);
    this.#pendingBytes += line.length;
    if (this.#pendingBytes >= MAX_PENDING_BYTES) {
      this.flush();
    } else if (!this.#scheduled) {
      this.#scheduled = true;
      setImmediate(() => {
        this.#scheduled = false;
        this.flush();
      });
    }
  }
}

// A write error (EPIPE when the reader of stdout has gone, EBADF, a closed file) is emitted on the
// stream; unhandled it would crash the app. Telemetry never breaks the host: report it once and
// stop writing there.
function watchForErrors(stream: NodeJS.WritableStream): void {
  if (watched.has(stream)) return;
  watched.add(stream);
  stream.on('error', (error: unknown) => {
    if (broken.has(stream)) return;
    broken.add(stream);
    diag.error(
      `sightline logging: cannot write log lines (${describeThrown(error)}); further lines to this stream are dropped.`,
    );
  });
}

// Writes to stdout/stderr are synchronous on Linux, so lines held at exit can still be written.
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const transport of holding) transport.flush();
  });
}
