// A loopback "inventory" dependency the demo can make slow or failing:
// GET /stock?mode=ok|fail|slow. It echoes nothing secret; on failure its body carries internals
// that must never reach the demo's problem bodies.
import { createServer } from 'node:http';

/** Starts the upstream on 127.0.0.1 (port 0 = any free port) and resolves with its base URL. */
export function startUpstream(port = 0) {
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://upstream');
    const mode = url.searchParams.get('mode') ?? 'ok';
    if (mode === 'fail') {
      response.writeHead(503, { 'content-type': 'text/plain' });
      response.end('inventory db down: postgres://inventory:s3cr3t@10.0.0.7/inventory');
      return;
    }
    const delay = mode === 'slow' ? 3_000 : 0;
    setTimeout(() => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ sku: 'sku-1', available: 12 }));
    }, delay).unref();
  });
  return new Promise((resolve) => {
    server.listen(port, '127.0.0.1', () =>
      resolve({ url: `http://127.0.0.1:${server.address().port}`, server }),
    );
  });
}
