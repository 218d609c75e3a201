// The demo service's entry: `npm start` runs it with `--import sightline/register`.
import { serve } from '@hono/node-server';
import { createLogger } from 'sightline';
import { createApp, createStore } from './app.mjs';
import { startUpstream } from './upstream.mjs';

const logger = createLogger();
const upstreamUrl = process.env.UPSTREAM_URL ?? (await startUpstream()).url;
const { app } = createApp({ upstreamUrl, logger, store: await createStore() });
const port = Number(process.env.PORT ?? 3000);
const hostname = process.env.HOST ?? '127.0.0.1';

const server = serve({ fetch: app.fetch, port, hostname }, (info) => {
  logger.info('demo service listening', {
    port: info.port,
    url: `http://${hostname}:${info.port}`,
  });
});

// Graceful shutdown: stop accepting, finish in-flight requests; the SDK flushes on exit.
for (const signal of ['SIGTERM', 'SIGINT']) {
  process.once(signal, () => {
    logger.info('shutting down', { signal });
    server.close(async () => {
      const { shutdown } = await import('sightline');
      await shutdown();
      process.exit(0);
    });
    server.closeIdleConnections?.();
  });
}
