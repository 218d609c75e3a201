// The Errors page: application errors grouped by code and route, with the error catalog's
// title and runbook, and links to example traces.
import { ago, clock, errorBadge, h, replace, traceHref } from './dom.js';
import { coalesce, getJson, onUpdate } from './live.js';

function runbook({ catalog, runbook: link }) {
  const file = link ? h('a', { href: link.url, class: 'runbook-link', text: link.path }) : null;
  if (!catalog?.runbook) {
    return (
      file ??
      h('span', { class: 'muted', text: catalog ? catalog.name : 'not in the built-in catalog' })
    );
  }
  const { meaning, causes, actions } = catalog.runbook;
  return h(
    'details',
    { class: 'runbook' },
    h('summary', {}, file ?? 'runbook'),
    h('p', { text: meaning }),
    h('h4', { text: 'Likely causes' }),
    h(
      'ul',
      {},
      causes.map((c) => h('li', { text: c })),
    ),
    h('h4', { text: 'What to do' }),
    h(
      'ul',
      {},
      actions.map((a) => h('li', { text: a })),
    ),
  );
}

function row(group) {
  const catalog = group.catalog;
  return h(
    'tr',
    {},
    h(
      'td',
      { class: 'code' },
      errorBadge({ code: group.code, severity: group.severity, type: group.types.join(', ') }),
      catalog ? h('div', { class: 'title', text: catalog.title }) : null,
      group.message ? h('div', { class: 'muted', text: group.message }) : null,
    ),
    h('td', { text: group.route }),
    h('td', { class: 'num', text: String(group.count) }),
    h('td', { title: clock(group.lastSeenMs), text: ago(group.lastSeenMs) }),
    h(
      'td',
      { class: 'examples' },
      group.examples.map((id) => h('a', { href: traceHref(id), text: id.slice(0, 8) })),
    ),
    h('td', {}, runbook(group)),
  );
}

/** Renders the Errors page into `main`. */
export function errorsPage(main) {
  const note = h('p', { class: 'muted' });
  const body = h('tbody');
  replace(
    main,
    h('h1', { text: 'Errors' }),
    note,
    h(
      'table',
      { class: 'list errors' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          ['Code', 'Route', 'Count', 'Last seen', 'Example traces', 'Runbook'].map((t) =>
            h('th', { text: t }),
          ),
        ),
      ),
      body,
    ),
  );
  const load = coalesce(async () => {
    const data = await getJson('/api/errors');
    replace(body, data.groups.map(row));
    if (data.groups.length === 0) {
      const text = 'No application errors in the traces in memory.';
      body.append(h('tr', {}, h('td', { colspan: '6', class: 'empty', text })));
    }
    replace(
      note,
      `Counted over the ${data.traces} traces in memory (the newest ${data.maxTraces} are kept). ` +
        'Titles and runbooks come from the built-in error catalog (codes your app declares ' +
        'itself have none here); a runbook file of the project is linked when ',
      h('code', { text: `${data.runbooksDir ?? 'docs/runbooks'}/<code-in-kebab-case>.md` }),
      ' exists.',
    );
  });
  onUpdate((update) => {
    if (update.traces.length > 0 || update.logs) void load();
  });
  return load();
}
