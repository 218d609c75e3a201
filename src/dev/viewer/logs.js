// The Logs page: every record in memory, newest first, by severity and text, each linked to
// its trace (and the span that wrote it).
import {
  attributeTable,
  clock,
  fillSelect,
  h,
  levelClass,
  replace,
  select,
  traceHref,
  watchForm,
} from './dom.js';
import { coalesce, formValues, getJson, onUpdate, queryParams, setQuery } from './live.js';

const SEVERITIES = ['debug', 'info', 'warn', 'error', 'fatal'];

function row(log) {
  const structured = log.body !== null && typeof log.body === 'object';
  return h(
    'tr',
    { class: levelClass(log.severityNumber) },
    h('td', { class: 'time', text: clock(log.timeMs) }),
    h('td', {}, h('span', { class: 'lvl', text: log.level })),
    h('td', { text: log.service }),
    h(
      'td',
      { class: 'message' },
      h(
        'details',
        {},
        h('summary', { text: log.message || '(empty)' }),
        structured ? h('pre', { text: JSON.stringify(log.body, null, 2) }) : null,
        attributeTable(log.attributes),
      ),
    ),
    h(
      'td',
      { class: 'trace' },
      log.traceId
        ? h('a', { href: traceHref(log.traceId, log.spanId), text: log.traceId.slice(0, 8) })
        : '—',
    ),
  );
}

/** Renders the Logs page into `main`. */
export function logsPage(main) {
  let params = queryParams();
  const value = (name) => params.get(name) ?? '';
  const form = watchForm(
    h(
      'form',
      { class: 'filters', role: 'search' },
      select('severity', 'Severity at least', SEVERITIES, value('severity'), 'all'),
      select('service', 'Service', [], value('service')),
      h(
        'label',
        { class: 'grow' },
        'Text',
        h('input', { name: 'q', type: 'search', value: value('q'), placeholder: 'search…' }),
      ),
      h('input', { name: 'traceId', type: 'hidden', value: value('traceId') }),
      h('a', { href: '/logs', class: 'reset', text: 'reset' }),
    ),
    () => {
      params = setQuery(formValues(form));
      void load();
    },
  );
  const note = h('p', { class: 'muted' });
  const body = h('tbody');
  replace(
    main,
    h('h1', { text: 'Logs' }),
    form,
    note,
    h(
      'table',
      { class: 'list logs' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          ['Time', 'Level', 'Service', 'Message', 'Trace'].map((t) => h('th', { text: t })),
        ),
      ),
      body,
    ),
  );
  const load = coalesce(async () => {
    const data = await getJson(`/api/logs?${params}`);
    fillSelect(form.elements.service, data.facets.services);
    replace(body, data.logs.map(row));
    if (data.logs.length === 0) {
      const text = data.total > 0 ? 'No record matches these filters.' : 'No log records yet.';
      body.append(h('tr', {}, h('td', { colspan: '5', class: 'empty', text })));
    }
    replace(
      note,
      `${data.matched} of ${data.total} records in memory match` +
        (data.matched > data.logs.length ? ` (newest ${data.logs.length} shown)` : '') +
        `; the viewer keeps the newest ${data.limits.maxLogs}.`,
      params.get('traceId') ? [' Trace ', h('code', { text: params.get('traceId') }), '.'] : '',
    );
  });
  onUpdate((update) => {
    if (update.logs) void load();
  });
  return load();
}
