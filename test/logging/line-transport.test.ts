import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { LineTransport } from '../../src/core/logging/line-transport.js';
import { MESSAGE } from '../../src/core/logging/safe.js';
import { spawnNode } from '../helpers/child.js';

function recordingStream(): { stream: Writable; writes: string[] } {
  const writes: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      writes.push(chunk.toString());
      done();
    },
  });
  return { stream, writes };
}

const record = (line: string) => ({ level: 'info', message: line, [MESSAGE]: line });
const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe('LineTransport', () => {
  it('writes each line at once to a stream it does not coalesce', () => {
    const { stream, writes } = recordingStream();
    const transport = new LineTransport({ stream });
    let continued = 0;
    transport.log(record('{"a":1}'), () => continued++);
    transport.log(record('{"a":2}'), () => continued++);
    expect(writes).toEqual(['{"a":1}\n', '{"a":2}\n']);
    expect(continued).toBe(2);
  });

  it('coalesces the lines of one event-loop turn into one write, in order', async () => {
    const { stream, writes } = recordingStream();
    const transport = new LineTransport({ stream, coalesce: true });
    for (let i = 0; i < 5; i++) transport.log(record(`{"i":${i}}`), () => {});
    expect(writes).toEqual([]);
    await nextTurn();
    expect(writes).toEqual(['{"i":0}\n{"i":1}\n{"i":2}\n{"i":3}\n{"i":4}\n']);
    transport.log(record('{"i":5}'), () => {});
    await nextTurn();
    expect(writes).toEqual(['{"i":0}\n{"i":1}\n{"i":2}\n{"i":3}\n{"i":4}\n', '{"i":5}\n']);
    transport.close();
  });

  it('writes without waiting once 64 KiB are held, and on close()', () => {
    const { stream, writes } = recordingStream();
    const transport = new LineTransport({ stream, coalesce: true });
    const line = 'x'.repeat(1023);
    for (let i = 0; i < 64; i++) transport.log(record(line), () => {});
    expect(writes).toHaveLength(1);
    expect(writes[0]).toBe(`${line}\n`.repeat(64));
    transport.log(record('tail'), () => {});
    expect(writes).toHaveLength(1);
    transport.close();
    expect(writes).toEqual([`${line}\n`.repeat(64), 'tail\n']);
  });

  it('emits `logged` only to listeners, after the line is written or held', () => {
    const { stream } = recordingStream();
    const transport = new LineTransport({ stream });
    const logged: unknown[] = [];
    transport.on('logged', (info) => logged.push(info));
    const info = record('{"b":1}');
    transport.log(info, () => {});
    expect(logged).toEqual([info]);
  });
});

describe('stdout lines held when the process leaves', () => {
  it.each(['exit', 'throw'])('are all written when the process leaves by %s', async (mode) => {
    const run = spawnNode('test/fixtures/log-then-exit.mjs', [], { EXIT_MODE: mode });
    expect(await run.exited()).toBe(mode === 'exit' ? 0 : 1);
    const lines = run
      .stdout()
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as { message: string; i: number });
    expect(lines.map((line) => line.i)).toEqual([0, 1, 2]);
    expect(lines.every((line) => line.message === 'line before exit')).toBe(true);
  });
});

describe('a stdout whose reader went away', () => {
  it('does not crash the app (EPIPE): lines are dropped and the app finishes its work', async () => {
    const run = spawnNode('test/fixtures/log-until-done.mjs', []);
    const stdout = run.process.stdout!;
    await new Promise((resolve) => stdout.once('data', resolve));
    stdout.destroy();
    expect(await run.exited(30_000)).toBe(0);
    expect(run.stderr()).toContain('finished');
  });
});
