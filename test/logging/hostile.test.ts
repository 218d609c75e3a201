import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/core/logging/index.js';
import { installOtel, LineSink } from './helpers.js';

const otel = installOtel();
let sink: LineSink;

beforeEach(() => {
  sink = new LineSink();
  otel.exporter.reset();
});
afterAll(async () => {
  await otel.shutdown();
});

const MB = 1 << 20;
const boom = (): never => {
  throw new Error('getter exploded');
};

type Line = Record<string, unknown>;
interface Case {
  name: string;
  args: () => unknown[];
  check: (line: Line) => void;
}

const cases: Case[] = [
  {
    name: 'circular reference',
    args: () => {
      const order: Record<string, unknown> = { id: 'o-1' };
      order['self'] = order;
      order['items'] = [order];
      return ['cyclic', { order }];
    },
    check: (line) =>
      expect(line['order']).toEqual({ id: 'o-1', self: '[Circular]', items: ['[Circular]'] }),
  },
  {
    name: 'BigInt values',
    args: () => ['big', { n: 12345678901234567890n, nested: { m: -1n } }],
    check: (line) => expect(line).toMatchObject({ n: '12345678901234567890', nested: { m: '-1' } }),
  },
  {
    name: 'Symbol values and Symbol keys',
    args: () => [
      'sym',
      { tag: Symbol('blue'), [Symbol('hidden')]: 1, nested: { [Symbol('k')]: 2, ok: true } },
    ],
    check: (line) => expect(line).toMatchObject({ tag: 'blue', nested: { ok: true } }),
  },
  {
    name: 'throwing getter in metadata',
    args: () => [
      'getter',
      {
        ok: 1,
        get boom() {
          return boom();
        },
      },
    ],
    check: (line) => expect(line).toMatchObject({ ok: 1, boom: '[Unreadable]' }),
  },
  {
    name: 'throwing getter named message/stack in metadata (winston reads them)',
    args: () => [
      'getter',
      {
        ok: 2,
        get message() {
          return boom();
        },
        get stack() {
          return boom();
        },
      },
    ],
    check: (line) => expect(line).toMatchObject({ message: 'getter', ok: 2 }),
  },
  {
    name: 'throwing getter on the only argument',
    args: () => [
      {
        message: 'single',
        ok: 3,
        get boom() {
          return boom();
        },
      },
    ],
    check: (line) => expect(line).toMatchObject({ message: 'single', ok: 3, boom: '[Unreadable]' }),
  },
  {
    name: '1 MB string in metadata',
    args: () => ['huge', { blob: 'x'.repeat(MB) }],
    check: (line) => {
      const blob = line['blob'] as string;
      expect(blob.length).toBeLessThan(64 * 1024);
      expect(blob).toContain(`[TRUNCATED ${MB} chars]`);
    },
  },
  {
    name: '1 MB message',
    args: () => ['m'.repeat(MB)],
    check: (line) => {
      expect((line['message'] as string).length).toBeLessThan(64 * 1024);
      expect(line['message']).toContain('[TRUNCATED');
    },
  },
  {
    name: 'toJSON that throws',
    args: () => ['tojson', { when: { toJSON: boom }, ok: true }],
    check: (line) => expect(line).toMatchObject({ when: '[Unreadable]', ok: true }),
  },
  {
    name: 'null-prototype metadata',
    args: () => [
      'nullproto',
      Object.assign(Object.create(null) as object, { a: 1, inner: Object.create(null) }),
    ],
    check: (line) => expect(line).toMatchObject({ a: 1, inner: {} }),
  },
  {
    name: 'null-prototype object as the only argument',
    args: () => [Object.assign(Object.create(null) as object, { message: 'np', a: 1 })],
    check: (line) => expect(line).toMatchObject({ message: 'np', a: 1 }),
  },
  {
    name: 'Proxy whose traps all throw',
    args: () => [
      'proxy',
      new Proxy({}, { ownKeys: boom, get: boom, has: boom, getOwnPropertyDescriptor: boom }),
    ],
    check: (line) => expect(line['message']).toBe('proxy'),
  },
  {
    name: 'frozen object with a message as the only argument',
    args: () => [Object.freeze({ message: 'frozen', a: 1 })],
    check: (line) => expect(line).toMatchObject({ message: 'frozen', a: 1 }),
  },
  {
    name: 'very deep nesting',
    args: () => {
      let deep: Record<string, unknown> = { leaf: true };
      for (let i = 0; i < 5000; i++) deep = { deep };
      return ['deep', { deep }];
    },
    check: (line) => expect(JSON.stringify(line)).toContain('[MaxDepth]'),
  },
  {
    name: 'functions, Maps, Sets, Dates and Buffers',
    args: () => [
      'mixed',
      {
        fn: function handler() {},
        map: new Map([['k', 1]]),
        set: new Set([1, 2]),
        when: new Date(0),
        buf: Buffer.from('abc'),
      },
    ],
    check: (line) =>
      expect(line).toMatchObject({
        fn: '[Function handler]',
        map: { k: 1 },
        set: [1, 2],
        when: '1970-01-01T00:00:00.000Z',
        buf: '[Buffer 3 bytes]',
      }),
  },
  {
    name: 'non-string message (object, number, null)',
    args: () => [42, { a: 1 }],
    check: (line) => expect(line).toMatchObject({ message: 42, a: 1 }),
  },
  {
    name: 'Error with a throwing message getter',
    args: () => {
      const error = new Error('x');
      Object.defineProperty(error, 'message', { get: boom });
      return ['bad error', { error }];
    },
    check: (line) => expect(line['error']).toBeTypeOf('object'),
  },
];

describe('hostile metadata never throws into the caller and never drops the line', () => {
  it.each(cases)('$name', ({ args, check }) => {
    const logger = createLogger({
      stream: sink,
      pretty: false,
      serviceName: 'svc',
      level: 'info',
    });
    const call = args();
    expect(() => (logger.info as (...a: unknown[]) => unknown)(...call)).not.toThrow();
    expect(sink.chunks.join('').split('\n').filter(Boolean)).toHaveLength(1);
    const [line] = sink.json;
    expect(line!['level']).toBe('info');
    check(line!);
    expect(otel.records()).toHaveLength(1);
  });

  it('the same holds through child() and log()', () => {
    const logger = createLogger({ stream: sink, pretty: false, level: 'info' });
    const child = logger.child({ tenant: 't' });
    const hostile = {
      get boom() {
        return boom();
      },
    };
    expect(() => child.warn('c', hostile)).not.toThrow();
    expect(() => logger.log('error', 'l', hostile)).not.toThrow();
    expect(() =>
      logger.log({
        level: 'info',
        message: 'obj',
        get boom() {
          return boom();
        },
      }),
    ).not.toThrow();
    expect(sink.json.map((l) => [l['level'], l['message'], l['boom']])).toEqual([
      ['warn', 'c', '[Unreadable]'],
      ['error', 'l', '[Unreadable]'],
      ['info', 'obj', '[Unreadable]'],
    ]);
    expect(sink.json[0]!['tenant']).toBe('t');
    expect(otel.records()).toHaveLength(3);
  });
});
