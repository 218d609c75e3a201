#!/usr/bin/env node
// Builds dist/: TypeScript emit, then the CommonJS preload entry (plain JS, copied as is).
import { execFileSync } from 'node:child_process';
import { copyFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
rmSync('dist', { recursive: true, force: true });
execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json'], {
  stdio: 'inherit',
});
copyFileSync('src/register.cjs', 'dist/register.cjs');
