import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { startReceiver } from '../../src/dev/receiver.js';
import type { Receiver } from '../../src/dev/receiver-types.js';
import { makeSpans } from './fixtures.js';

let dir: string;
let receiver: Receiver | undefined;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sightline-dev-file-'));
});
afterEach(async () => {
  await receiver?.close();
  receiver = undefined;
  await rm(dir, { recursive: true, force: true });
});

async function sendTraces(url: string, times: number): Promise<void> {
  const body = ProtobufTraceSerializer.serializeRequest((await makeSpans()).spans);
  for (let i = 0; i < times; i++) {
    const res = await fetch(`${url}/v1/traces`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-protobuf' },
      body,
    });
    expect(res.status).toBe(200);
  }
}

const lines = async (file: string) => (await readFile(file, 'utf8')).trim().split('\n');

describe('telemetry file rotation', () => {
  it('rotates at maxFileBytes, keeping one previous file, and never exceeds the cap', async () => {
    const file = join(dir, 'telemetry.jsonl');
    receiver = await startReceiver({ port: 0, file, maxFileBytes: 8 * 1024 });
    await sendTraces(receiver.url, 30); // 60 span lines, well over 16 KiB
    await receiver.close();

    expect((await readdir(dir)).sort()).toEqual(['telemetry.1.jsonl', 'telemetry.jsonl']);
    const previous = join(dir, 'telemetry.1.jsonl');
    expect((await stat(file)).size).toBeLessThanOrEqual(8 * 1024);
    expect((await stat(previous)).size).toBeLessThanOrEqual(8 * 1024);
    const kept = [...(await lines(previous)), ...(await lines(file))];
    // Whole lines only, the oldest dropped: fewer than sent, every one valid JSON.
    expect(kept.length).toBeGreaterThan(2);
    expect(kept.length).toBeLessThan(60);
    for (const line of kept) expect(JSON.parse(line)).toMatchObject({ signal: 'span' });
  });

  it('counts a file left by an earlier run against the cap', async () => {
    const file = join(dir, 'telemetry.jsonl');
    const earlier = `${JSON.stringify({ signal: 'log', body: 'x'.repeat(4000) })}\n`;
    await writeFile(file, earlier);
    receiver = await startReceiver({ port: 0, file, maxFileBytes: 4 * 1024 });
    await sendTraces(receiver.url, 1);
    await receiver.close();
    expect(await readFile(join(dir, 'telemetry.1.jsonl'), 'utf8')).toBe(earlier);
    expect(await lines(file)).toHaveLength(2);
  });

  it('names the rotated file after a file without an extension too', async () => {
    const file = join(dir, 'spans');
    receiver = await startReceiver({ port: 0, file, maxFileBytes: 2 * 1024 });
    await sendTraces(receiver.url, 5);
    await receiver.close();
    expect((await readdir(dir)).sort()).toEqual(['spans', 'spans.1']);
  });

  it.each([0, -1, Number.NaN, '50MB'])('rejects maxFileBytes %s with a TypeError', async (max) => {
    await expect(
      startReceiver({ port: 0, file: join(dir, 't.jsonl'), maxFileBytes: max as number }),
    ).rejects.toThrow(/maxFileBytes must be a positive number of bytes/);
  });
});
