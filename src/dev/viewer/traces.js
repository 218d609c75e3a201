// The Traces page: newest first, filtered by the query string, refreshed on live updates.
import {
  clock,
  duration,
  errorBadge,
  fillSelect,
  h,
  replace,
  select,
  traceHref,
  watchForm,
} from './dom.js';
import { coalesce, formValues, getJson, onUpdate, queryParams, setQuery } from './live.js';

const FILTERS = ['service', 'route', 'status', 'code', 'severity', 'minMs', 'q'];
const STATUS = ['2xx', '3xx', '4xx', '5xx', 'none', 'error'];

function statusCell(trace) {
  const text = trace.statusCode ?? (trace.errorStatus ? 'ERROR' : '—');
  return h('td', { class: `status s${trace.statusClass}` }, String(text));
}

function nameCell(trace) {
  const route = trace.route && !trace.name.includes(trace.route) ? trace.route : null;
  const hint = route ?? trace.path;
  return h(
    'td',
    { class: 'name' },
    h('a', { href: traceHref(trace.traceId), text: trace.name || '(unnamed span)' }),
    hint ? h('span', { class: 'muted', text: ` ${hint}` }) : null,
    trace.hasRoot ? null : h('span', { class: 'tag warn', text: 'root missing' }),
  );
}

function errorCell(trace) {
  if (trace.error) {
    const { type } = trace.error;
    return [
      errorBadge(trace.error, traceHref(trace.traceId)),
      type ? h('span', { class: 'muted', text: ` ${type}` }) : null,
    ];
  }
  return trace.errorStatus ? h('span', { class: 'badge sev-unknown', text: 'ERROR' }) : null;
}

function row(trace) {
  return h(
    'tr',
    { 'data-trace-id': trace.traceId },
    h('td', { class: 'time', text: clock(trace.startMs) }),
    h('td', { text: trace.service }),
    nameCell(trace),
    statusCell(trace),
    h('td', { class: 'num', text: duration(trace.durationMs) }),
    h('td', { class: 'num', text: String(trace.spanCount) }),
    h('td', { class: 'errors' }, errorCell(trace)),
  );
}

function filterForm(params, onChange) {
  const value = (name) => params.get(name) ?? '';
  const form = h(
    'form',
    { class: 'filters', role: 'search' },
    select('service', 'Service', [], value('service')),
    select('route', 'Route', [], value('route')),
    select('status', 'Status', STATUS, value('status')),
    select('code', 'Error code', [], value('code')),
    select('severity', 'Severity', ['low', 'medium', 'high', 'critical'], value('severity')),
    h(
      'label',
      {},
      'Min ms',
      h('input', { name: 'minMs', type: 'number', min: '0', value: value('minMs'), size: '6' }),
    ),
    h(
      'label',
      { class: 'grow' },
      'Trace or request id',
      h('input', { name: 'q', type: 'search', value: value('q'), placeholder: 'search…' }),
    ),
    h('a', { href: '/', class: 'reset', text: 'reset' }),
  );
  return watchForm(form, onChange);
}

/** Renders the Traces page into `main`. */
export function tracesPage(main) {
  let params = queryParams();
  const form = filterForm(params, () => {
    params = setQuery(formValues(form));
    void load();
  });
  const note = h('p', { class: 'muted' });
  const body = h('tbody');
  const table = h(
    'table',
    { class: 'list traces' },
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        ['Time', 'Service', 'Root span / route', 'Status', 'Duration', 'Spans', 'Error'].map((t) =>
          h('th', { text: t }),
        ),
      ),
    ),
    body,
  );
  replace(main, h('h1', { text: 'Traces' }), form, note, table);
  let first = true;

  const load = coalesce(async () => {
    const query = new URLSearchParams();
    for (const key of FILTERS) if (params.get(key)) query.set(key, params.get(key));
    const data = await getJson(`/api/traces?${query}`);
    performance.mark('traces:fetched');
    for (const name of ['service', 'route', 'code']) {
      fillSelect(form.elements[name], data.facets[`${name}s`]);
    }
    replace(body, data.traces.map(row));
    if (data.traces.length === 0) {
      body.append(h('tr', {}, h('td', { colspan: '7', class: 'empty', text: emptyText(data) })));
    }
    replace(
      note,
      `${data.matched} of ${data.total} traces in memory match` +
        (data.matched > data.traces.length ? ` (newest ${data.traces.length} shown)` : '') +
        `; the viewer keeps the newest ${data.limits.maxTraces}.`,
    );
    performance.measure('traces:render', 'traces:fetched');
    if (first) performance.mark('traces:first-render');
    first = false;
  });
  onUpdate((update) => {
    if (update.traces.length > 0) void load();
  });
  return load();
}

function emptyText(data) {
  if (data.total > 0) return 'No trace matches these filters.';
  return 'No traces yet. Start your app with the preload, pointed at this receiver.';
}
