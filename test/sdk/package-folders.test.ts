import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packageFolderIndex } from '../../src/sdk/package-folders.js';

let root: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'sightline-folders-'));
  for (const dir of [
    'app/node_modules/ioredis',
    'app/node_modules/@grpc/grpc-js',
    'app/src/lib',
    'node_modules/pg',
    'elsewhere/node_modules/kafkajs',
  ]) {
    mkdirSync(join(root, dir), { recursive: true });
  }
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('packageFolderIndex', () => {
  it('sees what the node_modules folders up the tree hold, scoped packages too', () => {
    const mayResolve = packageFolderIndex([join(root, 'app/src/lib')])!;
    expect(mayResolve('ioredis')).toBe(true);
    expect(mayResolve('@grpc/grpc-js')).toBe(true);
    expect(mayResolve('pg')).toBe(true); // a parent's node_modules
    expect(mayResolve('@grpc/proto-loader')).toBe(false);
    expect(mayResolve('@hapi/hapi')).toBe(false);
    expect(mayResolve('kafkajs')).toBe(false); // a sibling's folder is not searched
    expect(mayResolve('mongodb')).toBe(false);
  });

  it('searches from every directory given', () => {
    const mayResolve = packageFolderIndex([join(root, 'app'), join(root, 'elsewhere')])!;
    expect(mayResolve('kafkajs')).toBe(true);
    expect(mayResolve('ioredis')).toBe(true);
  });

  it('agrees with require.resolve about this repository’s own dependencies', () => {
    const mayResolve = packageFolderIndex([process.cwd()])!;
    for (const name of ['winston', '@opentelemetry/api', 'hono', 'ioredis']) {
      expect(mayResolve(name), name).toBe(true);
    }
    expect(mayResolve('surely-not-a-package-here')).toBe(false);
  });

  it('gives no answer under Yarn PnP, where packages are not in folders', () => {
    Object.defineProperty(process.versions, 'pnp', { value: '3', configurable: true });
    try {
      expect(packageFolderIndex([root])).toBeUndefined();
    } finally {
      delete (process.versions as Record<string, string | undefined>)['pnp'];
    }
  });
});
