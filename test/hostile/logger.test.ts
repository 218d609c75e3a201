// createLogger under hostile metadata and messages: every call writes exactly one line that
// JSON.parses, never throws, and no canary secret reaches the line or the exported OTel record.
import { trace } from '@opentelemetry/api';
import fc from 'fast-check';
import { Writable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../dist/index.js';
import { installTestOtel } from '../helpers/otel.js';
import {
  collectUnhandledRejections,
  expectNoCanary,
  expectNoUnhandledRejections,
  exportedTelemetry,
  needlesOf,
  secretsArb,
  type Secrets,
} from './helpers.js';

const otel = installTestOtel();
collectUnhandledRejections();
afterAll(() => otel.shutdown());

/** Raw text sink: counts lines without parsing, so a broken line is reported, not thrown. */
class RawLines extends Writable {
  text = '';
  override _write(chunk: Buffer | string, _encoding: BufferEncoding, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
  lines(): string[] {
    return this.text.split('\n').filter((line) => line.length > 0);
  }
}

const sink = new RawLines();
// One logger for the file: the OTel transport caches its delegate logger provider.
const logger = createLogger({ stream: sink, level: 'silly', serviceName: 'hostile' });
const tracer = trace.getTracer('hostile-logger');

const boom = (what: string) => () => {
  throw new Error(`${what} exploded`);
};

function hostileProxy(): object {
  const handler: ProxyHandler<object> = {};
  for (const trap of [
    'get',
    'has',
    'ownKeys',
    'getOwnPropertyDescriptor',
    'getPrototypeOf',
    'defineProperty',
    'set',
    'isExtensible',
  ])
    (handler as Record<string, unknown>)[trap] = boom(`proxy ${trap}`);
  return new Proxy({}, handler);
}

const MAX_STRING = 16 * 1024;

const MODIFIERS = [
  'cycle',
  'bigint',
  'symbolValue',
  'symbolKey',
  'throwingGetter',
  'throwingMessageGetter',
  'throwingLevelGetter',
  'hugeString',
  'proxy',
  'frozen',
  'nullProto',
  'cyclicError',
  'throwingToJSON',
  'deep',
  'secrets',
  'reservedKeys',
  'collections',
  'straddle',
] as const;
type Modifier = (typeof MODIFIERS)[number];

const SECRET_KINDS = ['card', 'jwt', 'github', 'aws', 'email'] as const;

interface MetaSpec {
  base: Record<string, unknown>;
  modifiers: Modifier[];
  straddleKind: (typeof SECRET_KINDS)[number];
  straddleAt: number;
}

const metaSpecArb: fc.Arbitrary<MetaSpec> = fc.record({
  base: fc.object({
    maxDepth: 3,
    maxKeys: 6,
    values: [
      fc.anything({
        withBigInt: true,
        withMap: true,
        withSet: true,
        withDate: true,
        withNullPrototype: true,
        withTypedArray: true,
        maxDepth: 2,
      }),
    ],
  }),
  modifiers: fc.subarray([...MODIFIERS]),
  straddleKind: fc.constantFrom(...SECRET_KINDS),
  straddleAt: fc.integer({ min: 1, max: 60 }),
});

/** Builds fresh metadata (cycles and getters cannot be generated as plain values). */
function buildMeta(
  spec: MetaSpec,
  s: Secrets,
): { meta: Record<string | symbol, unknown>; partials: string[] } {
  const meta: Record<string | symbol, unknown> = { ...spec.base };
  const partials: string[] = [];
  for (const modifier of spec.modifiers) {
    switch (modifier) {
      case 'cycle':
        meta['self'] = meta;
        meta['list'] = [meta, { back: meta }];
        break;
      case 'bigint':
        meta['big'] = 2n ** 70n;
        meta['negative'] = { n: -1n };
        break;
      case 'symbolValue':
        meta['tag'] = Symbol('tag');
        break;
      case 'symbolKey':
        meta[Symbol('hidden')] = s.password;
        meta['nestedSymbols'] = { [Symbol('k')]: s.token, ok: true };
        break;
      case 'throwingGetter':
        Object.defineProperty(meta, 'explodes', { get: boom('getter'), enumerable: true });
        break;
      case 'throwingMessageGetter':
        Object.defineProperty(meta, 'message', { get: boom('message getter'), enumerable: true });
        Object.defineProperty(meta, 'stack', { get: boom('stack getter'), enumerable: true });
        break;
      case 'throwingLevelGetter':
        Object.defineProperty(meta, 'level', { get: boom('level getter'), enumerable: true });
        break;
      case 'hugeString':
        meta['huge'] = `${'h'.repeat(1 << 20)} ${s.github}`;
        break;
      case 'proxy':
        meta['proxy'] = hostileProxy();
        break;
      case 'nullProto':
        meta['bare'] = Object.assign(Object.create(null) as object, {
          password: s.password,
          contact: s.email,
        });
        break;
      case 'cyclicError': {
        const inner = new Error(`db login failed: password=${s.password}`);
        const outer = new Error(`request for ${s.email} failed`, { cause: inner });
        (inner as { cause?: unknown }).cause = outer;
        meta['error'] = outer;
        break;
      }
      case 'throwingToJSON':
        meta['json'] = { toJSON: boom('toJSON'), token: s.token };
        break;
      case 'deep': {
        let deep: Record<string, unknown> = { password: s.password, card: s.card };
        for (let i = 0; i < 300; i++) deep = { level: i, deep };
        meta['deep'] = deep;
        break;
      }
      case 'secrets':
        Object.assign(meta, {
          password: s.password,
          token: s.token,
          api_key: s.apiKey,
          authorization: `Bearer ${s.jwt}`,
          headers: { Authorization: `Bearer ${s.jwt}`, cookie: `session=${s.token}` },
          user: { email: s.email, card_number: s.card, notes: [`aws ${s.aws}`, `gh ${s.github}`] },
          url: `https://api.example.com/cb?access_token=${s.accessToken}&page=2`,
        });
        break;
      case 'reservedKeys':
        Object.assign(meta, {
          timestamp: 'yesterday',
          trace_id: 'f'.repeat(32),
          'service.name': 'spoofed',
          span_id: 'x',
        });
        break;
      case 'collections':
        meta['map'] = new Map<unknown, unknown>([
          ['password', s.password],
          [{ k: 1 }, s.email],
        ]);
        meta['set'] = new Set([s.card, s.jwt]);
        meta['buffer'] = Buffer.from(`password=${s.password}`);
        break;
      case 'straddle': {
        // A secret cut by the 16 KiB truncation: the part before the cut must not survive.
        const secret = s[spec.straddleKind];
        const before = Math.min(spec.straddleAt, secret.length - 1);
        meta['straddle'] = `${'s'.repeat(MAX_STRING - before)} ${secret} tail`;
        if (before >= 8) partials.push(secret.slice(0, before - 1));
        break;
      }
      case 'frozen':
        break;
    }
  }
  if (spec.modifiers.includes('frozen')) Object.freeze(meta);
  return { meta, partials };
}

const messageArb = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc.string({ unit: 'grapheme', maxLength: 60 }),
  fc.constantFrom(
    'line one\nline two\r\nline three',
    '\u001b[31mred\u001b[0m \u001b]0;title\u0007',
    '\u0000nul\u2028sep\u2029',
    '%s %d %j %o',
  ),
  fc.integer({ min: 1 << 16, max: 1 << 20 }).map((n) => 'm'.repeat(n)),
);

type MessageKind = 'text' | 'secretText' | 'number' | 'object' | 'error' | 'undefined' | 'symbol';

function buildMessage(kind: MessageKind, text: string, s: Secrets): unknown {
  switch (kind) {
    case 'text':
      return text;
    case 'secretText':
      return `${text} login for ${s.email} with password=${s.password}, card ${s.card}, key ${s.aws}, ${s.jwt}`;
    case 'number':
      return 42;
    case 'object':
      return { password: s.password, text };
    case 'error':
      return new Error(`${text} password=${s.password} token ${s.github}`);
    case 'undefined':
      return undefined;
    case 'symbol':
      return Symbol(text);
  }
}

type Call = 'info' | 'warn' | 'error' | 'debug' | 'silly' | 'log' | 'child';

function callLogger(call: Call, message: unknown, meta: unknown, s: Secrets): void {
  const loose = logger as unknown as Record<string, (...args: unknown[]) => unknown>;
  switch (call) {
    case 'log':
      loose['log']!('warn', message, meta);
      break;
    case 'child':
      (
        logger.child({ request_id: 'r-1', password: s.password }) as unknown as Record<
          string,
          (...args: unknown[]) => unknown
        >
      )['info']!(message, meta);
      break;
    default:
      loose[call]!(message, meta);
  }
}

describe('createLogger under hostile input', () => {
  it('every call writes exactly one JSON line, never throws, and leaks no canary', async () => {
    await fc.assert(
      fc.asyncProperty(
        secretsArb,
        metaSpecArb,
        fc.constantFrom<MessageKind>(
          'text',
          'secretText',
          'number',
          'object',
          'error',
          'undefined',
          'symbol',
        ),
        messageArb,
        fc.constantFrom<Call>('info', 'warn', 'error', 'debug', 'silly', 'log', 'child'),
        fc.constantFrom('object', 'proxy', 'error', 'primitive', 'none'),
        fc.boolean(),
        async (secrets, spec, messageKind, text, call, metaShape, inSpan) => {
          sink.text = '';
          otel.reset();
          const { meta: built, partials } = buildMeta(spec, secrets);
          const meta =
            metaShape === 'object'
              ? built
              : metaShape === 'proxy'
                ? hostileProxy()
                : metaShape === 'error'
                  ? Object.assign(new Error(`failed for ${secrets.email}`), {
                      password: secrets.password,
                    })
                  : metaShape === 'primitive'
                    ? `password=${secrets.password}`
                    : undefined;
          const message = buildMessage(messageKind, text, secrets);
          const run = () => callLogger(call, message, meta, secrets);
          try {
            if (inSpan) tracer.startActiveSpan('op', (span) => (run(), span.end()));
            else run();
          } catch (error) {
            throw new Error(
              `logger.${call} threw (${messageKind} message, ${metaShape} meta, ${spec.modifiers.join(',')}): ${String(error)}`,
            );
          }
          const lines = sink.lines();
          const context = `logger.${call}(${messageKind}, ${metaShape} meta with ${spec.modifiers.join(',') || 'nothing'})`;
          expect(lines, `lines written by ${context}`).toHaveLength(1);
          let parsed: Record<string, unknown>;
          try {
            parsed = JSON.parse(lines[0]!) as Record<string, unknown>;
          } catch {
            throw new Error(`${context} wrote a line that is not JSON: ${lines[0]!.slice(0, 300)}`);
          }
          expect(typeof parsed['timestamp']).toBe('string');
          expect(typeof parsed['level']).toBe('string');
          expect(parsed['service.name']).toBe('hostile');
          if (!inSpan) expect(parsed['trace_id'], `spoofed trace_id in ${context}`).toBeUndefined();
          expectNoCanary([...needlesOf(secrets), ...partials], {
            'stdout line': lines[0]!,
            'exported log records': exportedTelemetry(otel),
          });
        },
      ),
      { numRuns: 300 },
    );
    await expectNoUnhandledRejections();
  });
});
