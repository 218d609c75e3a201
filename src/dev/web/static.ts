/**
 * The viewer's static files (`src/dev/viewer/`, copied to `dist/dev/viewer/` by the build):
 * read once into memory at start — they weigh a few tens of KiB — and served from a fixed map,
 * so no request path ever reaches the file system. Every response carries the security headers.
 */
import { readdir, readFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * A strict Content-Security-Policy (scripts, styles and fetches from the viewer itself only; no
 * inline script or style, no framing) plus the usual hardening headers.
 *
 * @example
 * res.writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': 'application/json' });
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; " +
    "connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

/**
 * One file ready to serve.
 *
 * @example
 * const asset: Asset | undefined = assets.get('/assets/app.css');
 */
export interface Asset {
  body: Buffer;
  type: string;
}

/**
 * Where the viewer's files are: beside the compiled module, in `../viewer`.
 *
 * @example
 * const assets = await loadAssets(VIEWER_DIR);
 */
export const VIEWER_DIR = fileURLToPath(new URL('../viewer/', import.meta.url));

/**
 * Reads the viewer's files: `index.html` as `/`, everything else as `/assets/<name>`.
 *
 * @throws Error when the folder or its `index.html` is missing (a broken install)
 * @example
 * const assets = await loadAssets();
 * assets.get('/')?.type; // 'text/html; charset=utf-8'
 */
export async function loadAssets(dir: string = VIEWER_DIR): Promise<Map<string, Asset>> {
  const assets = new Map<string, Asset>();
  // One flat folder: nothing to walk, and no nested path to get wrong.
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const type = TYPES[extname(entry.name)];
    if (!entry.isFile() || !type) continue;
    const url = entry.name === 'index.html' ? '/' : `/assets/${entry.name}`;
    assets.set(url, { body: await readFile(join(dir, entry.name)), type });
  }
  if (!assets.has('/')) throw new Error(`sightline-dev viewer: ${dir}index.html is missing`);
  return assets;
}

/**
 * The total size of the assets a page loads (all of them: the viewer is one page).
 *
 * @example
 * formatBytes(pageWeight(assets)); // '38 KiB'
 */
export function pageWeight(assets: ReadonlyMap<string, Asset>): number {
  let total = 0;
  for (const asset of assets.values()) total += asset.body.length;
  return total;
}
