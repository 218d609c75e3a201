import { describe, expect, it } from 'vitest';
import { spawnNode } from '../helpers/child.js';

// `npm run demo` is the README's main job on a machine without Docker: it starts the local
// receiver and the preloaded demo service, sends one request per scenario, and prints each
// trace with its correlated log lines and problem body. Run for real, as a user would.
describe('npm run demo', () => {
  it('prints every scenario with its trace, its request log line and its problem body', async () => {
    const demo = spawnNode('examples/hono-app/demo.mjs', [], { NO_COLOR: '1' });
    expect(await demo.exited(60_000)).toBe(0);
    const output = demo.stdout();
    const blocks = output.split('\n▶ ').slice(1);
    expect(blocks.map((block) => block.split('\n')[0])).toHaveLength(14);

    const traced = blocks.filter((block) => !block.startsWith('Readiness'));
    for (const block of traced) {
      const title = block.split('\n')[0];
      expect(block, title).toMatch(/ SERVER /);
      expect(block, title).toMatch(/(INFO|WARN|ERROR) +Request (completed|failed)/);
    }
    expect(blocks.find((block) => block.startsWith('Readiness'))).toContain('never sampled');

    const boom = blocks.find((block) => block.startsWith('Unhandled error')) ?? '';
    expect(boom).toContain('GET /boom → 500');
    expect(boom).toContain('"detail": "An unexpected error occurred. Please try again later."');
    expect(output).not.toContain('hunter2');
    // The demo echoes the URL it requested; the trace and the problem body below it are redacted.
    const noRoute = blocks.find((block) => block.startsWith('No route')) ?? '';
    const [, requested, ...telemetry] = noRoute.split('\n');
    expect(requested).toContain('token=secret-token');
    expect(telemetry.join('\n')).toContain('"status": 404');
    expect(telemetry.join('\n')).not.toContain('secret-token');
    expect(output).toMatch(/received \d+ spans, \d+ log records, \d+ metric series/);
  }, 90_000);
});
