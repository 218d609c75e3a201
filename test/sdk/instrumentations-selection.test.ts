/**
 * Which contrib instrumentations are used: detection from the app's directories (fake installs
 * in a temporary directory), the preference for an individual package over the copy bundled
 * with auto-instrumentations-node, the OTel meaning of the enable/disable lists, and when the
 * preload needs the ESM loader hook for them.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  contribsNeedLoaderHook,
  installedContribs,
  resolveContrib,
} from '../../src/sdk/contrib-instrumentations.js';
import { DEFAULT_INSTRUMENTATIONS, loadInstrumentations } from '../../src/sdk/instrumentations.js';

let app: string;
let bundled: string;

function write(path: string, content: string | object): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
}

/** A package with a package.json and a main file under `root/node_modules/name`. */
function fakePackage(root: string, name: string, manifest: object = {}): void {
  const dir = join(root, 'node_modules', name);
  write(join(dir, 'package.json'), { name, version: '1.0.0', main: 'index.js', ...manifest });
  write(join(dir, 'index.js'), 'module.exports = {};');
}

beforeAll(() => {
  app = mkdtempSync(join(tmpdir(), 'sightline-contrib-'));
  write(join(app, 'package.json'), {
    name: 'app',
    type: 'module',
    dependencies: { ioredis: '^5', pg: '^8' },
    optionalDependencies: { kafkajs: '^2' },
  });
  // ioredis and its instrumentation: used.
  fakePackage(app, 'ioredis');
  fakePackage(app, '@opentelemetry/instrumentation-ioredis');
  // pg without an instrumentation: not used.
  fakePackage(app, 'pg');
  // An instrumentation without its library: not used.
  fakePackage(app, '@opentelemetry/instrumentation-mongodb');
  // A library whose `exports` hide package.json still counts; its instrumentation comes with
  // auto-instrumentations-node only.
  fakePackage(app, 'kafkajs', { exports: { '.': './index.js' } });
  const bundle = join(app, 'node_modules/@opentelemetry/auto-instrumentations-node');
  fakePackage(app, '@opentelemetry/auto-instrumentations-node');
  fakePackage(bundle, '@opentelemetry/instrumentation-kafkajs');
  fakePackage(bundle, '@opentelemetry/instrumentation-ioredis');
  bundled = join(bundle, 'node_modules/@opentelemetry/instrumentation-kafkajs/index.js');
  for (const entry of ['main.mjs', 'main.cjs', 'main.js']) write(join(app, entry), '');
});
afterAll(() => {
  rmSync(app, { recursive: true, force: true });
  vi.unstubAllEnvs();
});

describe('installedContribs', () => {
  it('uses an instrumentation only when it and its library both resolve from the app', () => {
    expect(installedContribs([app])).toEqual(['ioredis', 'kafkajs']);
  });

  it('prefers the individual package over the one bundled with auto-instrumentations-node', () => {
    expect(resolveContrib('ioredis', [app])).toBe(
      join(app, 'node_modules/@opentelemetry/instrumentation-ioredis/index.js'),
    );
    expect(resolveContrib('kafkajs', [app])).toBe(bundled);
    expect(resolveContrib('pg', [app])).toBeUndefined();
  });

  it('never picks builtin instrumentations (dns, fs, net) on its own', () => {
    const empty = mkdtempSync(join(tmpdir(), 'sightline-empty-'));
    try {
      expect(installedContribs([empty])).toEqual([]);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});

describe('loadInstrumentations', () => {
  it('adds detected contribs to the defaults, minus the disabled ones', () => {
    const { names, instrumentations } = loadInstrumentations(undefined, ['winston'], () => [
      'ioredis',
    ]);
    for (const instrumentation of instrumentations) instrumentation.disable();
    expect(names).toEqual([...DEFAULT_INSTRUMENTATIONS.filter((n) => n !== 'winston'), 'ioredis']);
    expect(instrumentations.at(-1)?.instrumentationName).toBe(
      '@opentelemetry/instrumentation-ioredis',
    );
  });

  it('uses only the enabled list when one is given, without detecting anything', () => {
    const detect = vi.fn(() => ['ioredis']);
    const { names, instrumentations } = loadInstrumentations(['http'], [], detect);
    for (const instrumentation of instrumentations) instrumentation.disable();
    expect(names).toEqual(['http']);
    expect(detect).not.toHaveBeenCalled();
  });
});

describe('contribsNeedLoaderHook', () => {
  // The app's directories include the working directory: make it the fake app's.
  beforeAll(() => void vi.spyOn(process, 'cwd').mockReturnValue(app));
  afterAll(() => vi.restoreAllMocks());

  it('is needed for an ESM entry that imports an instrumented library itself', () => {
    expect(contribsNeedLoaderHook({}, join(app, 'main.mjs'))).toBe(true);
    expect(contribsNeedLoaderHook({}, join(app, 'main.js'))).toBe(true); // "type": "module"
    // kafkajs alone (an optional dependency) is enough.
    expect(
      contribsNeedLoaderHook(
        { OTEL_NODE_DISABLED_INSTRUMENTATIONS: 'ioredis' },
        join(app, 'main.mjs'),
      ),
    ).toBe(true);
  });

  it('is not needed when the libraries are only installed, not dependencies of the app', () => {
    // Another app in the same tree: same node_modules, no dependencies of its own. Its
    // libraries' CommonJS dependents require() them, which require hooks see.
    const other = join(app, 'other');
    write(join(other, 'package.json'), { name: 'other', type: 'module' });
    write(join(other, 'main.mjs'), '');
    expect(installedContribs([other, app])).toEqual(['ioredis', 'kafkajs']);
    expect(contribsNeedLoaderHook({}, join(other, 'main.mjs'))).toBe(false);
  });

  it('is not needed for CommonJS, when disabled, with an explicit list or SIGHTLINE_ESM_HOOK', () => {
    const entry = join(app, 'main.mjs');
    expect(contribsNeedLoaderHook({}, join(app, 'main.cjs'))).toBe(false);
    expect(
      contribsNeedLoaderHook({ OTEL_NODE_DISABLED_INSTRUMENTATIONS: 'ioredis,kafkajs' }, entry),
    ).toBe(false);
    expect(contribsNeedLoaderHook({ OTEL_NODE_ENABLED_INSTRUMENTATIONS: 'http' }, entry)).toBe(
      false,
    );
    expect(contribsNeedLoaderHook({ SIGHTLINE_ESM_HOOK: 'never' }, entry)).toBe(false);
  });
});
