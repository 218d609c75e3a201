import { diag } from '@opentelemetry/api';
import { OpenTelemetryTransportV3 } from '@opentelemetry/winston-transport';
import type winston from 'winston';
import { LineTransport } from './line-transport.js';
import { emitBuiltRecord } from './otel-emit.js';
import { describeThrown, LEVEL, type Info } from './safe.js';

type RawTransport = winston.transport & {
  log?: (info: Info, next: () => void) => void;
  handleExceptions?: boolean;
};

type Write = (this: winston.Logger, info: Info) => boolean;

/**
 * Hands formatted records straight to each transport's `log`, with the filtering winston's
 * transport stream applies (`silent`, exception records, the transport's level or else the
 * logger's, the transport's own format). A throwing transport is reported on `diag` and does
 * not keep the record from the others.
 *
 * `ignoreLoggerLevel`: for records held below the logger's level (buffered debug lines), only a
 * transport's own level filters them.
 *
 * @example
 * ```ts
 * dispatchToTransports(logger, [record], { ignoreLoggerLevel: false });
 * ```
 */
export function dispatchToTransports(
  logger: winston.Logger,
  records: readonly Info[],
  { ignoreLoggerLevel }: { ignoreLoggerLevel: boolean },
  transports: readonly winston.transport[] = logger.transports,
): void {
  const levels = logger.levels;
  for (const transport of transports as RawTransport[]) {
    if (transport.silent || typeof transport.log !== 'function') continue;
    const threshold = transport.level ?? (ignoreLoggerLevel ? undefined : logger.level);
    const allowed = threshold === undefined ? Infinity : (levels[threshold] ?? Infinity);
    for (const record of records) {
      try {
        if (record['exception'] === true && !transport.handleExceptions) continue;
        if ((levels[String(record[LEVEL])] ?? 0) > allowed) continue;
        // A record Sightline built goes straight to an OTel transport's logger when it can.
        if (!transport.format && isOtelTransport(transport) && emitBuiltRecord(transport, record))
          continue;
        const formatted = transport.format
          ? (transport.format.transform({ ...record } as never, transport.format.options) as
              Info | false)
          : record;
        if (formatted) transport.log(formatted, noop);
      } catch (error) {
        diag.warn(`sightline logging: a transport failed on a record (${describeThrown(error)}).`);
      }
    }
  }
}

/**
 * Makes `logger.write` format a record once and dispatch it directly when every transport is
 * one Sightline knows to be synchronous (its line transport, the OTel transport). That skips
 * winston's object-stream plumbing (a Transform piped into one Writable per transport), which
 * costs about as much as the formatting itself. With any other transport the logger keeps
 * winston's own path, so a transport relying on stream back-pressure still gets it.
 *
 * @example
 * ```ts
 * const logger = winston.createLogger({ format, transports: [new LineTransport({ stream })] });
 * installDirectWrite(logger);
 * ```
 */
export function installDirectWrite(logger: winston.Logger): void {
  const streamWrite = (logger as unknown as { write: Write }).write;
  const direct: Write = function write(this: winston.Logger, info: Info): boolean {
    // A getter that builds a new array on each read: read once per record.
    const transports = this.transports;
    // No transport at all: winston's own path, which warns about it.
    if (transports.length === 0 || !allDirect(transports)) {
      return streamWrite.call(this, info);
    }
    if (this.silent) return true;
    if (!info[LEVEL]) info[LEVEL] = info['level'];
    const record = this.format.transform(info as never, this.format.options) as Info | false;
    if (record) dispatchToTransports(this, [record], { ignoreLoggerLevel: false }, transports);
    return true;
  };
  (logger as unknown as { write: Write }).write = direct;
}

function allDirect(transports: readonly winston.transport[]): boolean {
  for (const transport of transports) {
    if (!isDirectTransport(transport)) return false;
  }
  return true;
}

// Remembered per transport: `instanceof` on a stream class runs readable-stream's own
// Symbol.hasInstance, and this is asked for every record.
const directTransports = new WeakMap<winston.transport, boolean>();
function isDirectTransport(transport: winston.transport): boolean {
  let direct = directTransports.get(transport);
  if (direct === undefined) {
    direct = transport instanceof LineTransport || isOtelTransport(transport);
    directTransports.set(transport, direct);
  }
  return direct;
}

function isOtelTransport(transport: winston.transport): transport is OpenTelemetryTransportV3 {
  return transport instanceof OpenTelemetryTransportV3;
}

function noop(): void {}
