import { Writable } from 'node:stream';
import Transport from 'winston-transport';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/core/logging/index.js';
import { LineTransport } from '../../src/core/logging/line-transport.js';
import { MESSAGE, type Info } from '../../src/core/logging/safe.js';
import { captureDiag, LineSink } from './helpers.js';

/** A transport Sightline does not know: it must get records through winston's own stream path. */
class CollectingTransport extends Transport {
  readonly received: Info[] = [];
  override log(info: Info, next: () => void): void {
    this.received.push(info);
    next();
  }
}

describe('direct dispatch to known transports', () => {
  it('honours each transport level, its silent flag and the logger level', () => {
    const all = new LineSink();
    const warnings = new LineSink();
    const logger = createLogger({ stream: all, level: 'info', otel: false });
    logger.add(new LineTransport({ stream: warnings, level: 'warn' }));
    const muted = new LineSink();
    const silent = new LineTransport({ stream: muted });
    silent.silent = true;
    logger.add(silent);

    logger.debug('below the logger level');
    logger.info('info line');
    logger.warn('warn line');
    logger.error('error line');

    expect(all.json.map((line) => line['message'])).toEqual([
      'info line',
      'warn line',
      'error line',
    ]);
    expect(warnings.json.map((line) => line['message'])).toEqual(['warn line', 'error line']);
    expect(muted.lines).toEqual([]);
  });

  it('a throwing transport is reported and the others still get the record', () => {
    const diag = captureDiag();
    try {
      const broken = new Writable({
        write() {
          throw new Error('disk on fire');
        },
      });
      const good = new LineSink();
      const logger = createLogger({ stream: broken, otel: false });
      logger.add(new LineTransport({ stream: good }));
      expect(() => logger.info('still logged')).not.toThrow();
      expect(good.json.map((line) => line['message'])).toEqual(['still logged']);
      expect(diag.messages.some((m) => m.text.includes('disk on fire'))).toBe(true);
    } finally {
      diag.restore();
    }
  });

  it('with an unknown transport, every transport still gets each record exactly once', async () => {
    const sink = new LineSink();
    const logger = createLogger({ stream: sink, otel: false });
    const other = new CollectingTransport();
    logger.add(other);
    logger.info('first', { n: 1 });
    logger.warn('second', { n: 2 });
    await new Promise((resolve) => setImmediate(resolve));
    expect(sink.json.map((line) => line['n'])).toEqual([1, 2]);
    expect(other.received.map((info) => info['n'])).toEqual([1, 2]);
    // The unknown transport sees the same rendered line as the stream.
    expect(other.received.map((info) => JSON.parse(String(info[MESSAGE]))['n'])).toEqual([1, 2]);
  });
});
