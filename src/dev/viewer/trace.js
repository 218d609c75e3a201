/* global document, location */
// The Trace page: a waterfall of collapsible spans with their events (exception stacks
// included) and the log records each span wrote, inline and in time order.
import { clock, duration, errorBadge, h, replace } from './dom.js';
import { coalesce, getJson, onUpdate } from './live.js';
import { eventItem, logItem, spanDetails, timeline } from './trace-items.js';

const plural = (n, word) => `${n} ${word}${n === 1 ? '' : 's'}`;
const KINDS = ['internal', 'server', 'client', 'producer', 'consumer', 'unspecified'];
const kindOf = (span) => (KINDS.includes(span.kind.toLowerCase()) ? span.kind.toLowerCase() : '');

/** Spans as a forest: children by start, true roots first, then spans whose parent is missing. */
function forest(spans) {
  const nodes = new Map(spans.map((span) => [span.spanId, { span, children: [] }]));
  const roots = [];
  for (const node of nodes.values()) {
    const parent = nodes.get(node.span.parentSpanId);
    if (parent && parent !== node) parent.children.push(node);
    else roots.push(node);
  }
  roots.sort((a, b) => Number(a.span.missingParent) - Number(b.span.missingParent));
  return roots;
}

function render(main, data, state) {
  const s = data.summary;
  const total = Math.max(
    1,
    ...data.spans.map((x) => x.offsetMs + x.durationMs),
    ...data.logs.map((l) => l.offsetMs),
  );
  const rows = [];
  const spanIds = new Set(data.spans.map((x) => x.spanId));
  const logsBySpan = new Map();
  const orphans = [];
  // Opened events and records stay open when live data re-renders the page.
  const wasOpen = new Set(
    [...main.querySelectorAll('details[open][data-key]')].map((d) => d.dataset.key),
  );
  data.logs.forEach((log, i) => (log.key = `log:${i}`));
  for (const log of data.logs) {
    if (log.spanId && spanIds.has(log.spanId)) {
      logsBySpan.set(log.spanId, [...(logsBySpan.get(log.spanId) ?? []), log]);
    } else orphans.push(log);
  }
  let deepest; // the exception recorded deepest in the tree: where it was thrown
  const addRow = (el, ancestors) => rows.push({ el, ancestors });
  const walk = (node, depth, ancestors) => {
    const { span } = node;
    const items = [
      ...span.events.map((e, i) => ({ at: e.offsetMs, event: e, key: `ev:${span.spanId}:${i}` })),
      ...(logsBySpan.get(span.spanId) ?? []).map((l) => ({ at: l.offsetMs, log: l, key: l.key })),
    ];
    const expandable = node.children.length > 0 || items.length > 0;
    const collapsed = state.collapsed.has(span.spanId);
    const toggle = expandable
      ? h('button', {
          class: 'toggle',
          title: 'collapse or expand',
          text: collapsed ? '▸' : '▾',
          onclick: () => {
            if (!state.collapsed.delete(span.spanId)) state.collapsed.add(span.spanId);
            render(main, data, state);
          },
        })
      : h('span', { class: 'toggle' });
    const details = spanDetails(span);
    details.hidden = !state.open.has(span.spanId);
    const name = h('button', {
      class: 'span-name',
      text: span.name || '(unnamed span)',
      onclick: () => {
        details.hidden = !details.hidden;
        if (details.hidden) state.open.delete(span.spanId);
        else state.open.add(span.spanId);
      },
    });
    const kind = kindOf(span);
    const row = h(
      'div',
      { class: 'wf-row span', id: `span-${span.spanId}`, 'data-span-id': span.spanId },
      h(
        'div',
        { class: 'wf-name', style: { paddingLeft: `${depth * 16}px` } },
        toggle,
        name,
        span.status.code === 'ERROR' ? h('span', { class: 'tag err', text: 'error' }) : null,
        span.missingParent ? h('span', { class: 'tag warn', text: 'parent missing' }) : null,
      ),
      h('div', { class: `wf-kind kind-${kind}`, text: span.kind }),
      h('div', { class: 'wf-service', text: span.service }),
      timeline(span.offsetMs, span.durationMs, total, kind),
      h('div', { class: 'wf-dur', text: duration(span.durationMs) }),
    );
    addRow(row, ancestors);
    addRow(h('div', { class: 'wf-detail' }, details), ancestors);
    const inner = [...ancestors, span.spanId];
    // Events, records and child spans in time order: a request's closing log line comes after
    // the work it describes.
    const entries = [
      ...items,
      ...node.children.map((child) => ({ at: child.span.offsetMs, child })),
    ].sort((x, y) => x.at - y.at);
    for (const entry of entries) {
      if (entry.child) {
        walk(entry.child, depth + 1, inner);
        continue;
      }
      const content = entry.event ? eventItem(entry.event) : logItem(entry.log);
      content.dataset.key = entry.key;
      content.open = wasOpen.has(entry.key);
      if (entry.event?.name === 'exception' && !(deepest?.depth >= depth)) {
        deepest = { depth, content };
      }
      const itemRow = h(
        'div',
        { class: 'wf-row sub' },
        h(
          'div',
          { class: 'wf-item', style: { paddingLeft: `${(depth + 1) * 16 + 20}px` } },
          content,
        ),
        timeline(entry.at, undefined, total),
      );
      addRow(itemRow, inner);
    }
  };
  for (const root of forest(data.spans)) walk(root, 0, []);
  // Its stack is open: that is what a user came from the error list for.
  if (deepest && state.firstRender) deepest.content.open = true;
  state.firstRender = false;
  for (const { el, ancestors } of rows) {
    if (ancestors.some((id) => state.collapsed.has(id))) el.hidden = true;
  }
  replace(
    main,
    header(data, s),
    data.spans.length === 0
      ? h('p', {
          class: 'banner',
          text: 'No spans of this trace received (not sampled, or not exported yet); its log records:',
        })
      : null,
    s && !s.hasRoot
      ? h('p', {
          class: 'banner',
          text:
            'The root span has not arrived (yet): it is exported when its request ends, or its parent lives in a service that does not export here. ' +
            `Spans whose parent is missing are shown at the top level, marked "parent missing".`,
        })
      : null,
    data.spans.length > 0
      ? h(
          'div',
          { class: 'waterfall' },
          rows.map((r) => r.el),
        )
      : null,
    orphans.length > 0
      ? h(
          'section',
          {},
          h('h2', {
            text: data.spans.length > 0 ? 'Log records not tied to a received span' : 'Log records',
          }),
          h(
            'div',
            { class: 'orphans' },
            orphans.map((log) => {
              const item = logItem(log);
              item.dataset.key = log.key;
              item.open = wasOpen.has(log.key);
              return item;
            }),
          ),
        )
      : null,
  );
}

function header(data, s) {
  const errors = s?.errors ?? [];
  return h(
    'header',
    { class: 'trace-head' },
    h('p', {}, h('a', { href: '/', text: '← Traces' })),
    h('h1', { text: s?.name || 'Trace' }),
    h(
      'p',
      { class: 'meta' },
      h('code', { text: data.traceId }),
      s
        ? [
            ` · ${s.services.join(', ')} · ${clock(s.startMs)} · ${duration(s.durationMs)}`,
            ` · ${plural(s.spanCount, 'span')} · ${plural(s.logCount, 'log')}`,
            s.statusCode ? ` · HTTP ${s.statusCode}` : '',
            s.requestIds.length > 0 ? ` · request ${s.requestIds.join(', ')}` : '',
          ]
        : ` · ${plural(data.logs.length, 'log')}`,
      data.droppedSpans > 0 ? ` · ${data.droppedSpans} spans over the cap not kept` : '',
    ),
    errors.length > 0
      ? h(
          'ul',
          { class: 'trace-errors' },
          errors.map((o) =>
            h(
              'li',
              {},
              errorBadge(o, o.spanId ? `#span-${o.spanId}` : undefined),
              ` ${o.type ?? ''}${o.message ? `: ${o.message}` : ''}`,
            ),
          ),
        )
      : null,
  );
}

/** Renders the Trace page of `traceId` into `main`, refreshed while spans keep arriving. */
export function tracePage(main, traceId) {
  const state = { collapsed: new Set(), open: new Set(), firstRender: true };
  let focused = false;
  const load = coalesce(async () => {
    const data = await getJson(`/api/traces/${encodeURIComponent(traceId)}`);
    if (!data) {
      replace(
        main,
        h('p', {}, h('a', { href: '/', text: '← Traces' })),
        h('h1', { text: 'Trace not in memory' }),
        h(
          'p',
          {},
          'Trace ',
          h('code', { text: traceId }),
          ' has not arrived (yet), or it was dropped: the viewer keeps the newest traces only. This page updates when it arrives.',
        ),
      );
      return;
    }
    render(main, data, state);
    document.title = `${data.summary?.name ?? 'Trace'} · Sightline`;
    if (!focused && location.hash.startsWith('#span-')) {
      const row = document.getElementById(location.hash.slice(1));
      if (row) {
        focused = true;
        row.classList.add('highlight');
        row.scrollIntoView({ block: 'center' });
      }
    }
  });
  onUpdate((update) => {
    if (update.more || update.traces.includes(traceId)) void load();
  });
  return load();
}
