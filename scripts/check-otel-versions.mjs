#!/usr/bin/env node
// Fails when any @opentelemetry/* package is installed at more than one version.
// Two copies of the API or SDK packages split global state (providers, context) and are
// the most common cause of "no spans" reports, so CI refuses them.
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';

const root = process.argv[2] ?? process.cwd();
const versions = new Map();

function visit(nodeModules) {
  if (!existsSync(nodeModules)) return;
  for (const entry of readdirSync(nodeModules)) {
    if (entry.startsWith('.')) continue;
    const dir = join(nodeModules, entry);
    if (entry.startsWith('@')) {
      for (const pkg of readdirSync(dir)) visitPackage(join(dir, pkg), `${entry}/${pkg}`);
    } else {
      visitPackage(dir, entry);
    }
  }
}

function visitPackage(dir, name) {
  const manifest = join(dir, 'package.json');
  if (!existsSync(manifest)) return;
  if (name.startsWith('@opentelemetry/')) {
    const { version } = JSON.parse(readFileSync(manifest, 'utf8'));
    const seen = versions.get(name) ?? new Map();
    seen.set(version, [...(seen.get(version) ?? []), dir]);
    versions.set(name, seen);
  }
  visit(join(dir, 'node_modules'));
}

visit(join(root, 'node_modules'));
const duplicated = [...versions].filter(([, byVersion]) => byVersion.size > 1);
if (duplicated.length > 0) {
  for (const [name, byVersion] of duplicated) {
    process.stderr.write(`${name} is installed at ${byVersion.size} versions:\n`);
    for (const [version, dirs] of byVersion)
      process.stderr.write(`  ${version}: ${dirs.join(', ')}\n`);
  }
  process.exit(1);
}
process.stdout.write(`@opentelemetry packages: ${versions.size}, each at one version\n`);
