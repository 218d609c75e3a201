#!/usr/bin/env node
// Builds dist/: the public entry points bundled from src/ by rolldown (shared code in
// dist/chunks/), the type declarations by tsc, then the files neither emits.
//
// Why a bundle: `node --import sightline/register` used to load ~95 of our own ES modules one file
// at a time before the app's first line; resolving, reading and linking each costs Node ~0.2 ms.
// In one graph of a few chunks the preload starts ~20 ms sooner (bench:startup). Every public
// entry is built in the same graph, so `sightline`, `sightline/hono` and the preload share one
// copy of each module (one logger registry, one set of error classes).
import { execFileSync } from 'node:child_process';
import { copyFileSync, cpSync, readdirSync, rmSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import { join } from 'node:path';
import { build } from 'rolldown';
import { requireCommonJs } from './require-commonjs-plugin.mjs';

const require = createRequire(import.meta.url);

/** Output path (without `.js`) → source: each export of package.json, and the catalog's input. */
const ENTRIES = {
  index: 'src/index.ts',
  register: 'src/register.ts',
  // register.cjs loads the SDK with require(esm) from this path.
  'sdk/preload': 'src/sdk/preload.ts',
  'adapters/hono/index': 'src/adapters/hono/index.ts',
  'adapters/fetch/index': 'src/adapters/fetch/index.ts',
  'dev/index': 'src/dev/index.ts',
  'dev/cli': 'src/dev/cli.ts',
  // Not a package export: what scripts/catalog.mjs renders the error catalog from.
  'catalog-source': 'src/catalog-source.ts',
};

/**
 * Modules that find files next to themselves through import.meta.url (dist/dev/web/static.js →
 * ../viewer/, dist/dev/otlp-proto.js → ./proto/) get a chunk of their own at their source's
 * place in dist/, so those relative paths still hold.
 */
const PLACED = {
  'dev/web/static': /[\\/]src[\\/]dev[\\/]web[\\/]static\.ts$/,
  'dev/otlp-proto': /[\\/]src[\\/]dev[\\/]otlp-proto\.ts$/,
};

const builtins = new Set(builtinModules);
/** Packages (and Node's builtins) stay imports: only our own modules are bundled. */
function isExternal(id) {
  if (id.startsWith('node:') || builtins.has(id)) return true;
  return !id.startsWith('.') && !id.startsWith('/') && !id.startsWith('\0');
}

const { output } = await build({
  input: ENTRIES,
  external: isExternal,
  platform: 'node',
  tsconfig: 'tsconfig.build.json',
  transform: { target: 'node20' },
  logLevel: 'warn',
  plugins: [requireCommonJs()],
  output: {
    dir: 'dist',
    format: 'esm',
    sourcemap: true,
    entryFileNames: '[name].js',
    chunkFileNames: (chunk) =>
      chunk.name in PLACED ? '[name]-[hash].js' : 'chunks/[name]-[hash].js',
    codeSplitting: {
      groups: Object.entries(PLACED).map(([name, test]) => ({ name, test })),
    },
  },
});

// No clean of dist/ before the build: a test process still running the previous build keeps its
// files while this one writes. Afterwards, JavaScript this build did not write goes: older chunks
// (their names carry content hashes) and the one-file-per-module output of builds before the
// bundle, so that a deep import such as dist/core/logging/index.js fails instead of loading a
// stale second copy.
removeUnwritten('dist', new Set(output.map((file) => join('dist', file.fileName))));

execFileSync(
  process.execPath,
  [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json', '--emitDeclarationOnly'],
  { stdio: 'inherit' },
);
copyFileSync('src/register.cjs', 'dist/register.cjs');
// Files no compiler emits: the dev viewer's static pages and the OTLP protobuf descriptor.
cpSync('src/dev/viewer', 'dist/dev/viewer', { recursive: true });
cpSync('src/dev/proto', 'dist/dev/proto', { recursive: true });

/** Removes the .js and .js.map files under `dir` that are not in `written` (the viewer's own aside). */
function removeUnwritten(dir, written) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (path !== join('dist', 'dev', 'viewer')) removeUnwritten(path, written);
    } else if (/\.js(\.map)?$/.test(entry.name) && !written.has(path.replace(/\.map$/, ''))) {
      rmSync(path);
    }
  }
}
