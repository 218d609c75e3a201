// The Metrics page: per route request rate, error rates and latency percentiles from
// http.server.request.duration, and app.errors by code.
import { duration, errorBadge, h, replace } from './dom.js';
import { coalesce, getJson, onUpdate } from './live.js';

const percent = (share) => `${(share * 100).toFixed(share > 0 && share < 0.1 ? 1 : 0)} %`;
const rate = (r) => (r === undefined ? '—' : `${r < 10 ? r.toFixed(2) : Math.round(r)}/s`);

function table(className, headings, rows, empty) {
  return h(
    'table',
    { class: `list ${className}` },
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        headings.map((t) => h('th', { text: t })),
      ),
    ),
    h(
      'tbody',
      {},
      rows.length > 0
        ? rows
        : h('tr', {}, h('td', { colspan: String(headings.length), class: 'empty', text: empty })),
    ),
  );
}

function routeRow(r) {
  return h(
    'tr',
    {},
    h('td', { text: r.service }),
    h('td', { text: r.route }),
    h('td', { class: 'num', text: String(r.count) }),
    h('td', { class: 'num', text: rate(r.rate) }),
    h('td', { class: `num ${r.errorRate > 0 ? 'bad' : ''}`, text: percent(r.errorRate) }),
    h('td', { class: 'num', text: percent(r.clientErrorRate) }),
    h('td', { class: 'num', text: duration(r.p50Ms) }),
    h('td', { class: 'num', text: duration(r.p95Ms) }),
    h('td', { class: 'num', text: duration(r.p99Ms) }),
  );
}

function errorRow(e) {
  return h(
    'tr',
    {},
    h('td', {}, errorBadge({ code: e.code, severity: e.severity })),
    h('td', { text: e.route ?? '—' }),
    h('td', { text: e.service }),
    h('td', { class: 'num', text: String(e.count) }),
  );
}

/** Renders the Metrics page into `main`. */
export function metricsPage(main) {
  const content = h('div');
  replace(main, h('h1', { text: 'Metrics' }), content);
  const load = coalesce(async () => {
    const data = await getJson('/api/metrics');
    replace(
      content,
      h('h2', { text: 'HTTP server requests (http.server.request.duration)' }),
      table(
        'routes',
        ['Service', 'Route', 'Requests', 'Rate (1 min)', '5xx', '4xx', 'p50', 'p95', 'p99'],
        data.routes.map(routeRow),
        'No http.server.request.duration yet: apps export metrics every ' +
          'OTEL_METRIC_EXPORT_INTERVAL (60 s by default).',
      ),
      h(
        'p',
        { class: 'muted' },
        'Requests and percentiles since each series started (interpolated within histogram ' +
          'buckets); rate over the exports of about the last minute.',
      ),
      h('h2', { text: 'Application errors (app.errors)' }),
      table(
        'app-errors',
        ['Code · severity', 'Route', 'Service', 'Count'],
        data.errors.map(errorRow),
        'No app.errors counted yet.',
      ),
      h('h2', { text: 'Metrics received' }),
      data.names.length > 0
        ? h(
            'ul',
            { class: 'names' },
            data.names.map((m) =>
              h('li', {}, h('code', { text: m.name }), ` ${m.type} ${m.unit} · ${m.service}`),
            ),
          )
        : h('p', { class: 'muted', text: 'None yet.' }),
    );
  });
  onUpdate((update) => {
    if (update.metrics) void load();
  });
  return load();
}
