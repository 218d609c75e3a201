// Rows of the Trace page's waterfall besides spans: events, log records, details, bars.
import { attributeTable, clock, errorBadge, h, levelClass, traceHref } from './dom.js';

const SHOWN = ['exception.type', 'exception.message', 'exception.stacktrace'];
const pct = (ms, total) => `${Math.min(100, Math.max(0, (ms / total) * 100))}%`;

/** A span's bar (or an item's tick) on the trace's time axis. */
export function timeline(offsetMs, durationMs, total, kind) {
  const mark = durationMs === undefined ? 'tick' : `bar kind-${kind}`;
  const style = { left: pct(offsetMs, total) };
  if (durationMs !== undefined) style.width = `max(2px, ${pct(durationMs, total)})`;
  return h('div', { class: 'wf-time' }, h('div', { class: mark, style }));
}

/** Ids, status, attributes, links and resource of a span. */
export function spanDetails(span) {
  return h(
    'div',
    { class: 'span-details' },
    h(
      'p',
      { class: 'muted' },
      `span ${span.spanId}`,
      span.parentSpanId ? ` · parent ${span.parentSpanId}` : ' · root',
      span.missingParent ? ' (not received)' : '',
      ` · status ${span.status.code}`,
      span.status.message ? `: ${span.status.message}` : '',
      ` · scope ${span.scope.name}${span.scope.version ? `@${span.scope.version}` : ''}`,
    ),
    attributeTable(span.attributes, 'Attributes'),
    span.links.length > 0
      ? h(
          'ul',
          { class: 'links' },
          span.links.map((link) =>
            h(
              'li',
              {},
              'link → ',
              h('a', { href: traceHref(link.traceId, link.spanId), text: link.traceId }),
              ` span ${link.spanId}`,
            ),
          ),
        )
      : null,
    attributeTable(span.resource, 'Resource'),
  );
}

/** A span event; an exception shows its type, message and stack. */
export function eventItem(event) {
  const a = event.attributes;
  if (event.name !== 'exception') {
    return h('div', { class: 'item' }, h('span', { class: 'ev', text: `◆ ${event.name}` }));
  }
  const title = `${a['exception.type'] ?? 'exception'}: ${a['exception.message'] ?? ''}`;
  // Shown already: the type and message in the summary line, the stack under it.
  const rest = Object.fromEntries(Object.entries(a).filter(([key]) => !SHOWN.includes(key)));
  const code = a['app.error.code'] ?? a['error.type'];
  return h(
    'details',
    { class: 'item exception' },
    h(
      'summary',
      {},
      h('span', { class: 'ev', text: '✖ ' }),
      code ? errorBadge({ code, severity: a['app.error.severity'] }) : null,
      ` ${title}`,
    ),
    a['exception.stacktrace']
      ? h('pre', { class: 'stack', text: a['exception.stacktrace'] })
      : null,
    attributeTable(rest),
  );
}

/** A log record: level, time and message; details open to its attributes. */
export function logItem(log) {
  const structured = log.body !== null && typeof log.body === 'object';
  return h(
    'details',
    { class: `item log ${levelClass(log.severityNumber)}` },
    h(
      'summary',
      {},
      h('span', { class: 'lvl', text: log.level }),
      h('span', { class: 'muted', text: ` ${clock(log.timeMs)} ` }),
      log.message,
    ),
    structured ? h('pre', { text: JSON.stringify(log.body, null, 2) }) : null,
    attributeTable(log.attributes),
  );
}
