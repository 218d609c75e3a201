// The build (scripts/build.mjs, run by `pretest`): one bundle for every package export, the
// OpenTelemetry packages loaded with `require`, nothing stale left beside it.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../..');
const dist = join(root, 'dist');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  exports: Record<string, string | Record<string, string>>;
};

function jsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.js'))
    .map((entry) => join(entry.parentPath, entry.name));
}

describe('dist/', () => {
  it('has a file for every target of package.json exports', () => {
    const targets = Object.values(pkg.exports).flatMap((target) =>
      typeof target === 'string' ? [target] : Object.values(target),
    );
    expect(targets.length).toBeGreaterThan(10);
    for (const target of targets) expect(existsSync(join(root, target)), target).toBe(true);
  });

  it('holds bundles, not one file per source module', () => {
    const ourCode = jsFiles(dist).filter((file) => !file.includes('/dev/viewer/'));
    expect(ourCode.length).toBeLessThan(60);
    // Deep paths of the per-module build must not linger with stale code.
    for (const stale of ['core/logging/index.js', 'sdk/start.js', 'core/redaction/index.js']) {
      expect(existsSync(join(dist, stale)), stale).toBe(false);
    }
  });

  it('requires the OpenTelemetry packages instead of importing them', () => {
    const code = jsFiles(dist)
      .filter((file) => !file.includes('/dev/viewer/'))
      .map((file) => readFileSync(file, 'utf8'))
      .join('\n');
    expect(code).not.toMatch(/^import[^;]*from\s*"@opentelemetry\//m);
    expect(code).toMatch(/__sightlineRequire\("@opentelemetry\/api"\)/);
  });

  // The dev modules find files next to themselves (the protobuf descriptor, the viewer's pages):
  // the build keeps those modules at their source's place in dist/.
  it('loads in a plain Node process: the exports, the preload, the dev protobuf descriptor', () => {
    const script = `
      const sightline = await import('sightline');
      const hono = await import('sightline/hono');
      const dev = await import('sightline/dev');
      if (typeof sightline.createLogger !== 'function') throw new Error('sightline');
      if (typeof hono.observability !== 'function') throw new Error('sightline/hono');
      const spans = dev.decodeTraces(new Uint8Array(), 'application/x-protobuf');
      if (!Array.isArray(spans) || spans.length !== 0) throw new Error('sightline/dev');
      console.log('ok');
    `;
    const out = execFileSync(
      process.execPath,
      ['--import', 'sightline/register', '--input-type=module', '-e', script],
      {
        cwd: root,
        env: {
          ...process.env,
          OTEL_SDK_DISABLED: 'false',
          OTEL_TRACES_EXPORTER: 'none',
          OTEL_METRICS_EXPORTER: 'none',
          OTEL_LOGS_EXPORTER: 'none',
        },
        encoding: 'utf8',
      },
    );
    expect(out.trim().split('\n').at(-1)).toBe('ok');
  });

  it('loads cockatiel only when the first dependency is created', () => {
    const script = `
      import { createRequire } from 'node:module';
      const cache = createRequire(import.meta.url).cache;
      const loaded = () => Object.keys(cache).some((file) => file.includes('/cockatiel/'));
      const { dependency } = await import('sightline');
      const before = loaded();
      dependency('inventory').dispose();
      console.log(JSON.stringify({ before, after: loaded() }));
    `;
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(JSON.parse(out.trim().split('\n').at(-1)!)).toEqual({ before: false, after: true });
  });
});
