import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { allUnreachable, probeEndpoint } from '../../src/sdk/collector-probe.js';

let server: Server | undefined;
afterEach(async () => {
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  server = undefined;
});

async function listening(): Promise<number> {
  server = createServer((socket) => socket.end());
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  return (server.address() as { port: number }).port;
}

async function closedPort(): Promise<number> {
  const port = await listening();
  await new Promise((resolve) => server?.close(resolve));
  server = undefined;
  return port;
}

describe('probeEndpoint', () => {
  it('finds a listening collector open', async () => {
    const port = await listening();
    expect(await probeEndpoint(`http://127.0.0.1:${port}/v1/traces`, 1_000)).toBe('open');
  });

  it('finds a port nobody listens on unreachable', async () => {
    const port = await closedPort();
    expect(await probeEndpoint(`http://127.0.0.1:${port}/v1/logs`, 1_000)).toBe('unreachable');
  });

  it('says unknown for a URL it cannot read, instead of throwing', async () => {
    expect(await probeEndpoint('not a url', 1_000)).toBe('unknown');
  });
});

describe('allUnreachable', () => {
  it('names the endpoint only when every endpoint is unreachable', async () => {
    const closed = `http://127.0.0.1:${await closedPort()}/v1/traces`;
    expect(await allUnreachable([closed, closed], 1_000)).toBe(closed);
    const open = `http://127.0.0.1:${await listening()}/v1/logs`;
    expect(await allUnreachable([closed, open], 1_000)).toBeUndefined();
    expect(await allUnreachable([], 1_000)).toBeUndefined();
  });
});
