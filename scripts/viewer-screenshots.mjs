#!/usr/bin/env node
/* global document -- used inside page.evaluate, which runs in the browser */
// Screenshots of every page of the sightline-dev viewer for docs/dev-viewer.md (docs/img/viewer-*.png),
// and the two figures quoted there: the page weight and the time to render 1 000 traces.
// Feeds the viewer with the demo service (preloaded, one request per scenario) and drives
// Debian's chromium through puppeteer-core. Run `npm run build` first; CHROMIUM_PATH overrides
// /usr/bin/chromium.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import puppeteer from 'puppeteer-core';
import { startReceiver } from '../dist/dev/index.js';
import { syntheticTraces } from '../test/fixtures/synthetic-traces.mjs';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const OUT = 'docs/img';
const VIEWPORT = { width: 1200, height: 680 };
const out = (text) => process.stdout.write(`${text}\n`);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

if (!existsSync(CHROMIUM)) {
  out(`viewer-screenshots: ${CHROMIUM} is missing (apt-get install chromium)`);
  process.exit(1);
}

const SCENARIOS = [
  ['GET', '/users/1'],
  ['GET', '/users/42'],
  ['POST', '/users', { name: 'Grace Hopper', email: 'grace@example.com' }],
  ['POST', '/users', { name: '', email: 42 }],
  ['POST', '/users', { name: 'Ada', email: 'ada@example.com' }],
  ['GET', '/boom'],
  ['GET', '/upstream?mode=fail'],
  ['GET', '/upstream'],
  ['GET', '/users/1'],
  ['GET', '/nowhere'],
];

/** The demo service, preloaded, exporting to `url` quickly. */
async function startDemo(url) {
  const child = spawn(
    process.execPath,
    ['--import', './dist/register.js', 'examples/hono-app/server.mjs'],
    {
      env: {
        ...process.env,
        PORT: '0',
        OTEL_SERVICE_NAME: 'sightline-demo',
        OTEL_EXPORTER_OTLP_ENDPOINT: url,
        OTEL_BSP_SCHEDULE_DELAY: '100',
        OTEL_BLRP_SCHEDULE_DELAY: '100',
        OTEL_METRIC_EXPORT_INTERVAL: '1000',
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  let stdout = '';
  child.stdout.setEncoding('utf8').on('data', (chunk) => (stdout += chunk));
  for (let waited = 0; waited < 20_000; waited += 50) {
    const match = /"message":"demo service listening"[^\n]*"port":(\d+)/.exec(stdout);
    if (match) return { child, port: Number(match[1]) };
    await sleep(50);
  }
  child.kill();
  throw new Error('the demo service did not start');
}

async function feed(port) {
  for (const [method, path, body] of SCENARIOS) {
    await fetch(`http://127.0.0.1:${port}${path}`, {
      method,
      headers: body ? { 'content-type': 'application/json' } : {},
      body: body ? JSON.stringify(body) : undefined,
    }).then((res) => res.arrayBuffer());
    await sleep(40);
  }
}

async function shoot(page, url, name, prepare) {
  await page.goto(url, { waitUntil: 'networkidle2' });
  await page.waitForSelector('main table, main .waterfall');
  if (prepare) await prepare(page);
  await sleep(200);
  // Cropped to the content: no blank band at the bottom to store.
  const height = await page.evaluate(() => document.body.scrollHeight);
  const { width, height: max } = page.viewport();
  await page.screenshot({
    path: `${OUT}/viewer-${name}.png`,
    clip: { x: 0, y: 0, width, height: Math.min(height + 16, max) },
  });
  out(`wrote ${OUT}/viewer-${name}.png`);
}

async function measure(browser) {
  const receiver = await startReceiver({ port: 0, viewer: true });
  try {
    const res = await fetch(`${receiver.url}/v1/traces`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(syntheticTraces(1000)),
    });
    if (res.status !== 200) throw new Error(`synthetic traces: HTTP ${res.status}`);
    const page = await browser.newPage();
    await page.setViewport(VIEWPORT);
    const bytes = new Map();
    page.on('response', async (response) => {
      const url = new URL(response.url());
      if (url.pathname.startsWith('/api/')) return;
      bytes.set(url.pathname, (await response.buffer().catch(() => Buffer.alloc(0))).length);
    });
    const runs = [];
    for (let i = 0; i < 5; i++) {
      await page.goto(`${receiver.url}/`, { waitUntil: 'load' });
      await page.waitForFunction(() => document.querySelectorAll('tbody tr').length === 1000);
      runs.push(
        await page.evaluate(() => ({
          render: performance.getEntriesByName('traces:render')[0]?.duration,
          shown: performance.getEntriesByName('traces:first-render')[0]?.startTime,
        })),
      );
    }
    const median = (xs) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const weight = [...bytes.values()].reduce((a, b) => a + b, 0);
    out(`page weight: ${weight} bytes in ${bytes.size} files (${[...bytes.keys()].join(' ')})`);
    const api = await fetch(`${receiver.url}/api/traces`).then((r) => r.arrayBuffer());
    out(
      `1 000-trace list JSON: ${api.byteLength} bytes (${gzipSync(Buffer.from(api)).length} gzipped)`,
    );
    out(
      `1 000 traces: list DOM built in ${median(runs.map((r) => r.render)).toFixed(1)} ms, ` +
        `on screen ${median(runs.map((r) => r.shown)).toFixed(0)} ms after navigation (median of 5)`,
    );
  } finally {
    await receiver.close();
  }
}

mkdirSync(OUT, { recursive: true });
const receiver = await startReceiver({ port: 0, viewer: true });
const demo = await startDemo(receiver.url);
const browser = await puppeteer.launch({
  executablePath: CHROMIUM,
  args: ['--no-sandbox', '--headless=new'],
});
try {
  await feed(demo.port);
  await receiver.waitForMetric('http.server.request.duration', { timeoutMs: 10_000 });
  await sleep(1_500); // the last batches of spans, logs and metrics
  const page = await browser.newPage();
  await page.setViewport(VIEWPORT);
  const base = receiver.url;
  await shoot(page, `${base}/`, 'traces');
  // A failed request with a child span, its exception stack and its log lines.
  const failing = await page.$$eval(
    'td.errors a.badge',
    (links) => (links.find((a) => a.textContent.startsWith('USER_NOT_FOUND')) ?? links[0]).href,
  );
  await page.setViewport({ ...VIEWPORT, height: 900 }); // the waterfall and its log lines
  await shoot(page, failing, 'trace');
  await page.setViewport(VIEWPORT);
  await shoot(page, `${base}/logs`, 'logs');
  await shoot(page, `${base}/errors`, 'errors', (p) =>
    p.$eval('details.runbook', (d) => d.setAttribute('open', '')),
  );
  await shoot(page, `${base}/metrics`, 'metrics');
  await measure(browser);
} finally {
  await browser.close();
  demo.child.kill('SIGTERM');
  await receiver.close();
}
