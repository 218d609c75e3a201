// Readiness tells the truth about the idempotency store: a store registers a readiness check when
// it is created, so `/readyz` (readiness()) answers 503 while a Redis store cannot serve claims,
// and the Redis client's reconnect errors reach diag rate-limited instead of ioredis' stderr.
import { EventEmitter } from 'node:events';
import { createServer, type Server, type Socket } from 'node:net';
import { diag, DiagLogLevel, type DiagLogger } from '@opentelemetry/api';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  createHealthRegistry,
  defaultHealthRegistry,
  readiness,
} from '../../src/core/health/index.js';
import { memoryStore, redisStore } from '../../src/core/idempotency/index.js';
import { ClientErrorReporter } from '../../src/core/idempotency/readiness.js';
import { REDIS_URL } from './stores.js';

const clients: Redis[] = [];
const servers: Server[] = [];
afterEach(async () => {
  for (const client of clients.splice(0)) client.disconnect();
  for (const server of servers.splice(0)) await new Promise((resolve) => server.close(resolve));
  diag.disable();
  vi.useRealTimers();
});

/** A port nothing listens on (bound, then closed). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A client as production code builds one: it keeps reconnecting while Redis is down. */
function reconnectingClient(port: number): Redis {
  const client = new Redis({
    host: '127.0.0.1',
    port,
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    retryStrategy: () => 20,
  });
  clients.push(client);
  return client;
}

const firstError = (client: Redis) =>
  new Promise<void>((resolve) => client.once('error', () => resolve()));

describe('redis store readiness', () => {
  it('fails readiness (503) while Redis is unreachable, naming the state and the error', async () => {
    const client = reconnectingClient(await closedPort());
    redisStore(client, { prefix: 'ready:down:' });
    await firstError(client);
    const { status, report } = await readiness();
    expect(status).toBe(503);
    expect(report.status).toBe('fail');
    const check = report.checks['idempotency:redis:ready:down'];
    expect(check?.status).toBe('fail');
    expect(check?.error).toMatch(/^redis connection is (reconnecting|connecting|close)/);
    expect(check?.error).toContain('ECONNREFUSED');
  });

  it('is ok (200) on a reachable Redis', async () => {
    const client = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
    clients.push(client);
    const registry = createHealthRegistry();
    redisStore(client, { prefix: 'ready:up:', readiness: { registry } });
    await new Promise((resolve) => client.once('ready', resolve));
    const { status, report } = await readiness(registry);
    expect(report.checks['idempotency:redis:ready:up']?.status).toBe('ok');
    expect(status).toBe(200);
  });

  it('bounds the check by its timeout when Redis accepts but never answers', async () => {
    const sockets: Socket[] = [];
    // Answers the handshake (ioredis' CLIENT SETINFO) and then nothing, like a hung server.
    const silent = createServer((socket) => {
      sockets.push(socket);
      socket.on('data', (chunk) => {
        for (const _ of chunk.toString().matchAll(/SETINFO/g)) socket.write('+OK\r\n');
      });
    });
    servers.push(silent);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as { port: number };
    // No ready check (INFO): the connection is ready after the handshake, so PING is sent.
    const client = new Redis({ host: '127.0.0.1', port, enableReadyCheck: false });
    clients.push(client);
    await new Promise((resolve) => client.once('ready', resolve));
    const registry = createHealthRegistry();
    redisStore(client, { readiness: { registry, name: 'idem', timeoutMs: 150 } });
    const started = performance.now();
    const { status, report } = await readiness(registry);
    expect(status).toBe(503);
    expect(report.checks['idem']?.error).toBe('timed out after 150 ms');
    expect(performance.now() - started).toBeLessThan(2_000);
    for (const socket of sockets) socket.destroy();
  });

  it('registers nothing with readiness: false, and can be made non-critical', async () => {
    const port = await closedPort();
    const registry = createHealthRegistry();
    redisStore(reconnectingClient(port), { prefix: 'a:', readiness: false });
    expect(registry.entries()).toEqual([]);
    expect(defaultHealthRegistry.entries().map(([name]) => name)).not.toContain(
      'idempotency:redis:a',
    );
    redisStore(reconnectingClient(port), { readiness: { registry, critical: false } });
    const { status, report } = await readiness(registry);
    expect(report.checks['idempotency:redis:sightline:idem']?.status).toBe('degraded');
    expect(status).toBe(200);
  });
});

describe('memory store readiness', () => {
  const record = (owner: string) => ({ state: 'in_progress' as const, fingerprint: 'f', owner });

  it('is ok, and degraded (still 200) while every slot holds a live in-flight claim', async () => {
    const registry = createHealthRegistry();
    const store = memoryStore({ maxEntries: 2, readiness: { registry } });
    expect((await readiness(registry)).report.checks['idempotency:memory']?.status).toBe('ok');
    await store.claim('a', record('a'), 60_000);
    await store.claim('b', record('b'), 60_000);
    const { status, report } = await readiness(registry);
    expect(report.checks['idempotency:memory']?.status).toBe('degraded');
    expect(status).toBe(200);
    await store.release('a', 'a');
    expect((await readiness(registry)).report.checks['idempotency:memory']?.status).toBe('ok');
  });

  it('registers in the default registry when created', () => {
    memoryStore();
    expect(defaultHealthRegistry.entries().map(([name]) => name)).toContain('idempotency:memory');
  });
});

describe('redis client errors', () => {
  function captureDiag(): { warn: string[]; info: string[] } {
    const lines = { warn: [] as string[], info: [] as string[] };
    const logger: DiagLogger = {
      error: () => {},
      warn: (message) => void lines.warn.push(message),
      info: (message) => void lines.info.push(message),
      debug: () => {},
      verbose: () => {},
    };
    diag.setLogger(logger, { logLevel: DiagLogLevel.INFO, suppressOverrideMessage: true });
    return lines;
  }

  it('reports at most once per interval, counting the errors in between', () => {
    vi.useFakeTimers();
    const lines = captureDiag();
    const client = new EventEmitter();
    const reporter = ClientErrorReporter.for(client, 30_000);
    for (let i = 0; i < 50; i++)
      client.emit('error', new Error('connect ECONNREFUSED 127.0.0.1:1'));
    expect(lines.warn).toHaveLength(1);
    expect(lines.warn[0]).toMatch(
      /^sightline: idempotency store: redis client error: connect ECONNREFUSED/,
    );
    vi.advanceTimersByTime(29_000);
    client.emit('error', new Error('connect ECONNREFUSED 127.0.0.1:1'));
    expect(lines.warn).toHaveLength(1);
    vi.advanceTimersByTime(1_000);
    client.emit('error', new Error('connect ECONNREFUSED 127.0.0.1:1'));
    expect(lines.warn).toHaveLength(2);
    expect(lines.warn[1]).toContain('; 50 more since the last report');
    expect(reporter.lastError).toBe('connect ECONNREFUSED 127.0.0.1:1');
    client.emit('ready');
    expect(reporter.lastError).toBeUndefined();
  });

  it('attaches one listener per client however many stores share it', async () => {
    const client = reconnectingClient(await closedPort());
    const registry = createHealthRegistry();
    for (let i = 0; i < 15; i++) redisStore(client, { prefix: `p${i}:`, readiness: { registry } });
    expect(client.listenerCount('error')).toBe(1);
    expect(registry.entries()).toHaveLength(15);
  });

  it('turns a reconnect storm into one diag line per interval', async () => {
    const lines = captureDiag();
    const client = reconnectingClient(await closedPort());
    redisStore(client, { readiness: false });
    let errors = 0;
    client.on('error', () => errors++);
    await vi.waitFor(() => expect(errors).toBeGreaterThanOrEqual(10), { timeout: 5_000 });
    expect(lines.warn).toHaveLength(1);
  });
});
