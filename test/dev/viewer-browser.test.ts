// The viewer in a real browser (Debian's chromium through puppeteer-core), fed by a real app
// preloaded with Sightline and exporting to the receiver. Skipped, saying why, without chromium.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import type { Browser, Page } from 'puppeteer-core';
import { startReceiver } from '../../src/dev/index.js';
import type { Receiver } from '../../src/dev/index.js';
import { spawnNode } from '../helpers/child.js';
import { syntheticTraces } from '../fixtures/synthetic-traces.mjs';
import type { Child } from '../helpers/child.js';

// The callbacks of page.evaluate/$eval run in the page: these are the browser's globals there
// (the project compiles without the DOM library).
interface BrowserElement {
  innerText: string;
  hidden: boolean;
  textContent: string | null;
  getAttribute(name: string): string | null;
  querySelector(selector: string): (BrowserElement & { click(): void }) | null;
}
declare const document: {
  querySelector(selector: string): BrowserElement | null;
  querySelectorAll(selector: string): BrowserElement[] & { length: number };
};
declare const window: { notReloaded?: boolean };

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const XSS = '<img src=x onerror=alert(1)>';
const available = existsSync(CHROMIUM);
const title = available
  ? 'the viewer in chromium'
  : `the viewer in chromium — SKIPPED: no browser at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`;

describe.skipIf(!available)(title, () => {
  let receiver: Receiver;
  let app: Child;
  let appPort: number;
  let browser: Browser;
  let page: Page;
  const dialogs: string[] = [];
  const cspErrors: string[] = [];
  const ids: Record<string, string> = {};

  /** Calls the app and returns the trace id of the request (from `traceparent`). */
  async function call(path: string): Promise<string> {
    const res = await fetch(`http://127.0.0.1:${appPort}${path}`);
    await res.arrayBuffer();
    const traceId = res.headers.get('traceparent')?.split('-')[1];
    if (!traceId) throw new Error(`no traceparent on ${path}`);
    return traceId;
  }

  /** Waits until the receiver has the trace's server span and its request log line. */
  const arrived = (traceId: string) =>
    receiver.waitFor(
      (r) =>
        r.spans.some((s) => s.traceId === traceId && s.kind === 'SERVER') &&
        r.logs.some(
          (l) => l.traceId === traceId && /Request (completed|failed)/.test(String(l.body)),
        ),
      { timeoutMs: 10_000 },
    );

  const rows = () =>
    page.$$eval('tbody tr[data-trace-id]', (trs) =>
      trs.map((tr) => tr.getAttribute('data-trace-id')),
    );
  const open = async (path: string, selector: string) => {
    await page.goto(`${receiver.url}${path}`);
    await page.waitForSelector(selector, { timeout: 5_000 });
  };

  beforeAll(async () => {
    receiver = await startReceiver({ port: 0, viewer: true });
    app = spawnNode('test/fixtures/viewer-app.mjs', ['--import', './dist/register.js'], {
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      OTEL_SERVICE_NAME: 'viewer-e2e',
      OTEL_BSP_SCHEDULE_DELAY: '50',
      OTEL_BLRP_SCHEDULE_DELAY: '50',
      OTEL_METRIC_EXPORT_INTERVAL: '500',
    });
    appPort = await app.listening();
    const { default: puppeteer } = await import('puppeteer-core');
    const launched = puppeteer.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--headless=new'],
    });
    for (const [name, path] of Object.entries({
      user: '/users/1',
      missing: '/users/42',
      boom: '/boom',
      xss: '/xss',
    })) {
      ids[name] = await call(path);
    }
    await Promise.all(Object.values(ids).map(arrived));
    browser = await launched;
    page = await browser.newPage();
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    page.on('console', (message) => {
      if (/Content.Security.Policy/i.test(message.text())) cspErrors.push(message.text());
    });
  }, 45_000);

  afterAll(async () => {
    await browser?.close();
    app?.kill('SIGKILL');
    await receiver?.close();
  });

  it('lists the traces, newest first, with service, status, span count and error badges', async () => {
    await open('/', `tr[data-trace-id="${ids.user}"]`);
    const listed = await rows();
    expect(listed.indexOf(ids.xss!)).toBeLessThan(listed.indexOf(ids.user!));
    const user = await page.$eval(
      `tr[data-trace-id="${ids.user}"]`,
      (tr) => (tr as unknown as BrowserElement).innerText,
    );
    expect(user).toMatch(/viewer-e2e\s+GET \/users\/:id\s+200\s+[\d.]+ ms\s+2/);
    const badge = await page.$eval(`tr[data-trace-id="${ids.boom}"] a.badge`, (a) => a.textContent);
    expect(badge).toBe('INTERNAL_ERROR · critical');
    const missing = await page.$eval(
      `tr[data-trace-id="${ids.missing}"] a.badge`,
      (a) => a.textContent,
    );
    expect(missing).toBe('RESOURCE_NOT_FOUND · low');
  });

  it('goes from an error badge to the trace, its exception stack and its log lines', async () => {
    await open('/', `tr[data-trace-id="${ids.boom}"] a.badge`);
    await Promise.all([
      page.waitForNavigation(),
      page.click(`tr[data-trace-id="${ids.boom}"] a.badge`),
    ]);
    expect(new URL(page.url()).pathname).toBe(`/traces/${ids.boom}`);
    const stack = await page.waitForSelector('details.exception[open] pre.stack');
    const text = await stack!.evaluate((pre) => pre.textContent ?? '');
    expect(text).toContain('database connection refused');
    expect(text).toMatch(/\n\s+at /);
    const logs = await page.$$eval('.waterfall details.log summary', (s) =>
      s.map((x) => x.textContent),
    );
    expect(logs.some((l) => l?.includes('ERROR') && l.includes('Request failed'))).toBe(true);
  });

  it('shows the child span, and the log line it wrote under it, collapsible', async () => {
    await open(`/traces/${ids.user}`, '.waterfall');
    const layout = await page.$$eval('.waterfall > .wf-row', (els) =>
      els.map((el) => ({
        text: (el as unknown as BrowserElement).innerText.replace(/\s+/g, ' '),
        hidden: (el as unknown as BrowserElement).hidden,
      })),
    );
    const child = layout.findIndex((r) => r.text.startsWith('▾ loadUser INTERNAL'));
    const line = layout.findIndex((r) => r.text.includes('user loaded'));
    expect(layout[0]?.text).toMatch(/^▾ GET \/users\/:id SERVER viewer-e2e/);
    expect(child).toBeGreaterThan(0);
    expect(line).toBe(child + 1);
    const toggle = await page.evaluateHandle(() =>
      [...document.querySelectorAll('.wf-row.span')]
        .find((row) => row.querySelector('.span-name')?.textContent === 'loadUser')
        ?.querySelector('button.toggle'),
    );
    await (toggle as unknown as { click: () => Promise<void> }).click();
    const hidden = await page.$$eval('.waterfall > .wf-row', (els) =>
      els
        .filter((el) => el.textContent?.includes('user loaded'))
        .map((el) => (el as unknown as BrowserElement).hidden),
    );
    expect(hidden).toEqual([true]);
  });

  it('filters by status class, by route and by trace id', async () => {
    await open('/?status=5xx', 'tbody tr');
    expect(await rows()).toEqual([ids.boom]);
    await page.select('select[name="status"]', '');
    await page.select('select[name="route"]', '/users/:id');
    await page.waitForFunction(
      (n) => document.querySelectorAll('tbody tr[data-trace-id]').length === n,
      {},
      2,
    );
    expect((await rows()).sort()).toEqual([ids.user, ids.missing].sort());
    expect(new URL(page.url()).search).toBe('?route=%2Fusers%2F%3Aid');
    await page.select('select[name="route"]', '');
    await page.type('input[name="q"]', ids.xss!.slice(0, 10));
    await page.waitForFunction(
      (id) => {
        const trs = document.querySelectorAll('tbody tr[data-trace-id]');
        return trs.length === 1 && trs[0]?.getAttribute('data-trace-id') === id;
      },
      {},
      ids.xss,
    );
  });

  it('shows a new trace live, without reloading the page', async () => {
    await open('/', 'tbody tr[data-trace-id]');
    await page.evaluate(() => Object.assign(window, { notReloaded: true }));
    const fresh = await call('/users/7');
    await page.waitForSelector(`tr[data-trace-id="${fresh}"]`, { timeout: 10_000 });
    expect(await page.evaluate(() => window.notReloaded)).toBe(true);
    expect(await page.$eval('#live', (el) => el.textContent)).toBe('live');
  });

  it('renders an HTML span name, log line and attribute as text: no element, no dialog', async () => {
    await open(`/traces/${ids.xss}`, '.waterfall');
    const names = await page.$$eval('.span-name', (els) => els.map((el) => el.textContent));
    expect(names).toContain(XSS);
    await page.click('.waterfall details.log.lvl-warn summary');
    const log = await page.$eval('.waterfall details.log.lvl-warn', (el) => el.textContent ?? '');
    expect(log).toContain(XSS);
    expect(log).toContain('<script>alert(2)</script>');
    const elements = () => page.$$eval('img, main script', (els) => els.length);
    expect(await elements()).toBe(0);
    await open('/logs', 'tbody tr');
    expect(await elements()).toBe(0);
    await open('/', `tr[data-trace-id="${ids.xss}"]`);
    expect(await elements()).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(dialogs).toEqual([]);
  });

  it('shows logs by severity, errors with the catalog title and route metrics', async () => {
    await open('/logs?severity=warn', 'tbody tr');
    const levels = await page.$$eval('tbody tr .lvl', (els) => els.map((el) => el.textContent));
    expect(levels.length).toBeGreaterThan(0);
    expect(new Set(levels)).not.toContain('INFO');
    await open('/errors', 'tbody tr');
    const errors = await page.$eval(
      'table.errors',
      (el) => (el as unknown as BrowserElement).innerText,
    );
    expect(errors).toContain('RESOURCE_NOT_FOUND · low');
    expect(errors).toContain('Resource not found');
    expect(errors).toContain('/users/:id');
    await receiver.waitForMetric('http.server.request.duration', { timeoutMs: 5_000 });
    await open('/metrics', 'table.routes');
    await page.waitForFunction(
      () => document.querySelector('table.routes')?.textContent?.includes('/users/:id'),
      { timeout: 5_000 },
    );
    expect(cspErrors).toEqual([]);
  });

  it('renders 1 000 traces, and weighs what it weighs (figures printed, not asserted)', async () => {
    const big = await startReceiver({ port: 0, viewer: true });
    try {
      const res = await fetch(`${big.url}/v1/traces`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(syntheticTraces(1000)),
      });
      expect(res.status).toBe(200);
      const bytes = new Map<string, number>();
      const pending: Promise<void>[] = [];
      const counting = (response: { url(): string; buffer(): Promise<Buffer> }) => {
        const path = new URL(response.url()).pathname;
        if (path.startsWith('/api/')) return;
        pending.push(response.buffer().then((b) => void bytes.set(path, b.length)));
      };
      page.on('response', counting);
      await page.goto(`${big.url}/`);
      await page.waitForFunction(() => document.querySelectorAll('tbody tr').length === 1000);
      page.off('response', counting);
      await Promise.all(pending);
      const timing = await page.evaluate(() => ({
        render: performance.getEntriesByName('traces:render')[0]?.duration ?? NaN,
        shown: performance.getEntriesByName('traces:first-render')[0]?.startTime ?? NaN,
      }));
      const weight = [...bytes.values()].reduce((a, b) => a + b, 0);
      process.stdout.write(
        `viewer: page weight ${weight} bytes in ${bytes.size} files; 1 000 traces: list built in ` +
          `${timing.render.toFixed(0)} ms, on screen ${timing.shown.toFixed(0)} ms after navigation\n`,
      );
      expect(bytes.has('/') && bytes.has('/assets/main.js')).toBe(true);
      expect(weight).toBeLessThan(100 * 1024); // the "light" promise: no framework crept in
      const note = await page.$eval('main p.muted', (p) => p.textContent);
      expect(note).toContain('1000 of 1000 traces');
    } finally {
      await big.close();
    }
  });
});
