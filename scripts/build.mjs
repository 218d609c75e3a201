#!/usr/bin/env node
// Builds dist/: TypeScript emit, then the CommonJS preload entry (plain JS, copied as is).
import { execFileSync } from 'node:child_process';
import { copyFileSync, cpSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
// No clean step: tsc overwrites every output, and concurrent test runs keep working.
execFileSync(
  process.execPath,
  [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json'],
  {
    stdio: 'inherit',
  },
);
copyFileSync('src/register.cjs', 'dist/register.cjs');
// Files tsc does not emit: the dev viewer's static pages and the OTLP protobuf descriptor.
cpSync('src/dev/viewer', 'dist/dev/viewer', { recursive: true });
cpSync('src/dev/proto', 'dist/dev/proto', { recursive: true });
