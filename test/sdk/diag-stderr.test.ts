// The SDK's diagnostics on a stderr that breaks or backs up: `OTEL_LOG_LEVEL=debug node --import
// sightline/register app.mjs 2>&1 | head -2` must end by itself, and a diag line must never loop,
// re-enter or pile up without bound.
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { StderrDiagLogger } from '../../src/sdk/diagnostics.js';
import { spawnNode, type Child } from '../helpers/child.js';

let child: Child | undefined;

afterEach(() => {
  child?.kill('SIGKILL');
  child = undefined;
});

/** Polls `check` every 20 ms until it is true; throws `what` after `timeoutMs`. */
async function until(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('diagnostics on a closed stderr pipe', () => {
  it.each([
    ['an app that keeps the SDK talking after the reader left', 'test/fixtures/diag-chatter.mjs'],
    ['an app that does nothing', 'test/fixtures/noop.mjs'],
  ])('%s still exits by itself', async (_, script) => {
    child = spawnNode(script, ['--import', './dist/register.js'], {
      OTEL_LOG_LEVEL: 'debug',
      // Nothing to export to: exit is not held up by a collector.
      OTEL_TRACES_EXPORTER: 'none',
      OTEL_METRICS_EXPORTER: 'none',
      OTEL_LOGS_EXPORTER: 'none',
    });
    const app = child;
    // `| head -2`: read two lines, then close the pipe.
    await until(() => app.stderr().split('\n').length > 2, 'two diagnostic lines');
    app.process.stderr?.destroy();
    app.process.stdout?.destroy();
    // Generous: the app itself needs about a second. Before the fix it spun at 100% CPU for ever.
    expect(await app.exited(10_000)).toBe(0);
  });
});

/** A stream that fails every write the way a closed pipe does (EPIPE, then destroyed). */
class BrokenPipe extends Writable {
  writes = 0;
  override _write(_chunk: unknown, _encoding: string, callback: (error?: Error) => void): void {
    this.writes++;
    callback(Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }));
  }
}

/** A stream whose reader never reads: every write stays buffered. */
class StuckPipe extends Writable {
  override _write(): void {
    // never calls back
  }
}

describe('StderrDiagLogger', () => {
  it('stops writing after the first write error, without an unhandled error event', async () => {
    const stream = new BrokenPipe();
    const logger = new StderrDiagLogger(stream);
    logger.warn('first');
    await new Promise((resolve) => setImmediate(resolve));
    for (let i = 0; i < 100; i++) logger.warn(`again ${i}`);
    await new Promise((resolve) => setImmediate(resolve));
    expect(stream.writes).toBe(1);
    expect(stream.destroyed).toBe(true);
  });

  it('keeps at most a bounded backlog on a stream that never drains', () => {
    const stream = new StuckPipe();
    const logger = new StderrDiagLogger(stream);
    const line = 'x'.repeat(500);
    for (let i = 0; i < 20_000; i++) logger.debug(line);
    expect(stream.writableLength).toBeGreaterThan(0);
    expect(stream.writableLength).toBeLessThanOrEqual(1024 * 1024);
  });

  it('does not re-enter when writing a line triggers another diagnostic', () => {
    let writes = 0;
    const stream: Writable = new Writable({
      write(_chunk, _encoding, callback) {
        writes++;
        // e.g. a stream whose own error path reports through diag
        logger.warn('nested');
        callback();
      },
    });
    const logger = new StderrDiagLogger(stream);
    logger.warn('outer');
    expect(writes).toBe(1);
  });
});
