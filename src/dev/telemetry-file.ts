/**
 * The receiver's JSON-lines file, bounded: when the next batch would take it past the cap, the
 * file is renamed to `<name>.1<ext>` (replacing the previous one) and a fresh file is started,
 * so at most twice the cap is ever kept on disk.
 */
import { appendFile, rename, stat } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import { diag } from '@opentelemetry/api';

const MIB = 1024 * 1024;

/**
 * Default cap of the telemetry file before it is rotated: 50 MiB.
 *
 * @example
 * startReceiver({ file: '.sightline/telemetry.jsonl', maxFileBytes: DEFAULT_MAX_FILE_BYTES });
 */
export const DEFAULT_MAX_FILE_BYTES = 50 * MIB;

/**
 * The name the rotated file gets: `telemetry.jsonl` → `telemetry.1.jsonl`, `spans` → `spans.1`.
 *
 * @example
 * rotatedPath('.sightline/telemetry.jsonl'); // '.sightline/telemetry.1.jsonl'
 */
export function rotatedPath(file: string): string {
  const ext = extname(file);
  return join(dirname(file), `${basename(file, ext)}.1${ext}`);
}

/**
 * A size as people read it: `50 MiB`, `512 KiB`, `900 B`.
 *
 * @example
 * formatBytes(50 * 1024 * 1024); // '50 MiB'
 */
export function formatBytes(bytes: number): string {
  if (bytes >= MIB) return `${Number((bytes / MIB).toFixed(1))} MiB`;
  if (bytes >= 1024) return `${Number((bytes / 1024).toFixed(1))} KiB`;
  return `${Math.round(bytes)} B`;
}

/**
 * JSON.stringify replacer: bigints as decimal strings, bytes as base64.
 *
 * @example
 * JSON.stringify({ n: 1n, b: Buffer.from('hi') }, jsonReplacer); // '{"n":"1","b":"aGk="}'
 */
export function jsonReplacer(this: unknown, key: string, value: unknown): unknown {
  const raw = (this as Record<string, unknown>)[key];
  if (raw instanceof Uint8Array) return Buffer.from(raw).toString('base64');
  return typeof value === 'bigint' ? value.toString() : value;
}

/**
 * One record as a JSON line: `{ signal, ...record }`, bigints as strings, bytes as base64.
 *
 * @example
 * toJsonLine('span', span); // '{"signal":"span","traceId":"4bf9…",…}\n'
 */
export function toJsonLine(signal: string, record: object): string {
  return JSON.stringify({ signal, ...record }, jsonReplacer) + '\n';
}

/**
 * Appends JSON lines to a file in arrival order, rotating it at `maxBytes`. Write failures are
 * reported once through `diag` and the data stays in memory only; nothing throws.
 *
 * @example
 * const file = new TelemetryFile('.sightline/telemetry.jsonl', DEFAULT_MAX_FILE_BYTES);
 * await file.append(toJsonLine('log', log));
 * await file.idle();
 */
export class TelemetryFile {
  private _queue: Promise<void> = Promise.resolve();
  private _size: number | undefined;
  private _warned = false;

  constructor(
    readonly path: string,
    readonly maxBytes: number = DEFAULT_MAX_FILE_BYTES,
  ) {}

  /** Queues `lines` (whole lines); resolves once written or given up on. */
  append(lines: string): Promise<void> {
    // Chained so lines from concurrent requests never interleave.
    this._queue = this._queue
      .then(() => this._write(lines))
      .catch((error: unknown) => this._warn(error));
    return this._queue;
  }

  /** Resolves when every queued write has finished. */
  idle(): Promise<void> {
    return this._queue;
  }

  private async _write(lines: string): Promise<void> {
    const bytes = Buffer.byteLength(lines);
    // An existing file (an earlier run) counts against the cap.
    this._size ??= await stat(this.path).then(
      (s) => s.size,
      () => 0,
    );
    // A batch larger than the cap still gets written whole, alone in a fresh file.
    if (this._size > 0 && this._size + bytes > this.maxBytes) {
      await rename(this.path, rotatedPath(this.path));
      this._size = 0;
    }
    await appendFile(this.path, lines);
    this._size += bytes;
  }

  private _warn(error: unknown): void {
    // Unknown state after a failure: measure the file again on the next write.
    this._size = undefined;
    if (this._warned) return;
    this._warned = true;
    diag.warn(
      `sightline-dev receiver: cannot write ${this.path}; keeping data in memory only`,
      error,
    );
  }
}
