/**
 * Terminal waterfall for one trace: the span tree with bars scaled to the trace duration, span
 * events, errors, and the trace's correlated log lines underneath.
 */
import type { ReceivedLog, ReceivedSpan } from './model.js';

/**
 * Options of {@link renderTrace}.
 *
 * @example
 * const options: RenderOptions = { logs: receiver.logs, width: 120, color: false };
 */
export interface RenderOptions {
  /** Log records; those with the trace's `traceId` are listed under the tree. */
  logs?: readonly ReceivedLog[];
  /** Terminal width in columns. Default `process.stdout.columns` or 100. */
  width?: number;
  /** ANSI colors. Default `process.stdout.isTTY`. */
  color?: boolean;
}

// Span attributes worth a glance on the span line, in display order.
const KEY_ATTRIBUTES = [
  'http.route',
  'http.response.status_code',
  'error.type',
  'url.full',
  'db.system.name',
  'rpc.method',
];

const ANSI = {
  red: '31',
  green: '32',
  yellow: '33',
  magenta: '35',
  cyan: '36',
  gray: '90',
  bold: '1',
  dim: '2',
} as const;
type Style = keyof typeof ANSI;

const KIND_STYLE: Record<string, Style> = {
  SERVER: 'cyan',
  CLIENT: 'magenta',
  PRODUCER: 'yellow',
  CONSUMER: 'yellow',
  INTERNAL: 'gray',
};

/**
 * Groups spans by trace id, keeping first-seen order of traces and of spans.
 *
 * @example
 * for (const [traceId, spans] of groupByTrace(receiver.spans)) {
 *   process.stdout.write(renderTrace(spans, { logs: receiver.logs }) + '\n');
 * }
 */
export function groupByTrace(spans: readonly ReceivedSpan[]): Map<string, ReceivedSpan[]> {
  const traces = new Map<string, ReceivedSpan[]>();
  for (const span of spans) {
    const list = traces.get(span.traceId);
    if (list) list.push(span);
    else traces.set(span.traceId, [span]);
  }
  return traces;
}

const ms = (n: number): string => `${n.toFixed(2)} ms`;
const nsToMs = (ns: bigint): number => Number(ns) / 1e6;

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(0, max - 1))}…`;
}

function plain(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Uint8Array) return `<${value.length} bytes>`;
  try {
    return (
      JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)) ??
      String(value)
    );
  } catch {
    return String(value);
  }
}

/** Severity name from the text, or from the number's OTel range when the text is empty. */
function levelOf(log: ReceivedLog): string {
  if (log.severityText) return log.severityText.toUpperCase();
  const n = log.severityNumber;
  if (n >= 21) return 'FATAL';
  if (n >= 17) return 'ERROR';
  if (n >= 13) return 'WARN';
  if (n >= 9) return 'INFO';
  if (n >= 5) return 'DEBUG';
  return n >= 1 ? 'TRACE' : 'LOG';
}

function messageOf(log: ReceivedLog): string {
  const body = log.body;
  if (body && typeof body === 'object' && !Array.isArray(body) && !(body instanceof Uint8Array)) {
    const message = (body as Record<string, unknown>).message;
    if (typeof message === 'string') return message;
  }
  return body === undefined ? '' : plain(body);
}

function eventLine(event: ReceivedSpan['events'][number], span: ReceivedSpan): string {
  const a = event.attributes;
  if (event.name === 'exception') {
    const parts = ['⚡ exception'];
    const type = a['error.type'] ?? a['exception.type'];
    if (type !== undefined) parts.push(plain(type));
    if (a['app.error.severity'] !== undefined) parts.push(`(${plain(a['app.error.severity'])})`);
    if (a['exception.message'] !== undefined)
      parts.push(JSON.stringify(plain(a['exception.message'])));
    return parts.join(' ');
  }
  const offset = nsToMs(event.timeUnixNano - span.startTimeUnixNano);
  return `• ${event.name} +${ms(offset)}`;
}

interface Node {
  span: ReceivedSpan;
  children: Node[];
}

/** Builds the span tree; spans whose parent is absent become roots. */
function buildTree(spans: readonly ReceivedSpan[]): Node[] {
  const byId = new Map<string, Node>();
  for (const span of spans) byId.set(span.spanId, { span, children: [] });
  const roots: Node[] = [];
  for (const node of byId.values()) {
    const parent = node.span.parentSpanId ? byId.get(node.span.parentSpanId) : undefined;
    if (parent && parent !== node) parent.children.push(node);
    else roots.push(node);
  }
  const byStart = (x: Node, y: Node): number =>
    x.span.startTimeUnixNano < y.span.startTimeUnixNano
      ? -1
      : x.span.startTimeUnixNano > y.span.startTimeUnixNano
        ? 1
        : 0;
  // True roots (no parent id at all) before spans whose parent never arrived.
  roots.sort(
    (x, y) => Number(!!x.span.parentSpanId) - Number(!!y.span.parentSpanId) || byStart(x, y),
  );
  for (const node of byId.values()) node.children.sort(byStart);
  return roots;
}

/**
 * Renders one trace as a terminal waterfall.
 *
 * Spans are listed as a tree (roots first, children indented, siblings by start time), each with
 * a bar scaled to the trace's duration, its duration, kind, status (ERROR highlighted) and key
 * attributes; span events sit under their span; the trace's log lines follow.
 *
 * @param spans - spans of one trace (extra traces are rendered together; group first)
 * @returns the waterfall, lines joined by `\n`, without a trailing newline
 * @example
 * const spans = await receiver.waitForSpans((s) => s.kind === 'SERVER');
 * process.stdout.write(renderTrace(receiver.spans.filter((s) => s.traceId === spans[0]!.traceId), {
 *   logs: receiver.logs,
 *   color: false,
 * }) + '\n');
 * // trace 4bf9…  GET /users/:id  12.30 ms  2 spans  service dev-test
 * // GET /users/:id  SERVER    ██████████████████████    12.30 ms  http.route=/users/:id …
 * // └─ load user    INTERNAL      ████                   3.10 ms  ✖ ERROR
 * //    ⚡ exception USER_NOT_FOUND (low) "User not found"
 */
export function renderTrace(spans: readonly ReceivedSpan[], options: RenderOptions = {}): string {
  const {
    logs = [],
    width = process.stdout.columns ?? 100,
    color = process.stdout.isTTY === true,
  } = options;
  const paint = (style: Style, text: string): string =>
    color && text ? `\u001b[${ANSI[style]}m${text}\u001b[0m` : text;
  if (spans.length === 0) return paint('dim', '(no spans)');

  const roots = buildTree(spans);
  let start = spans[0]?.startTimeUnixNano ?? 0n;
  let end = spans[0]?.endTimeUnixNano ?? 0n;
  for (const s of spans) {
    if (s.startTimeUnixNano < start) start = s.startTimeUnixNano;
    if (s.endTimeUnixNano > end) end = s.endTimeUnixNano;
  }
  const total = end > start ? end - start : 1n;

  // Flatten the tree into rows with their tree prefixes.
  const rows: { node: Node; prefix: string; childPrefix: string }[] = [];
  const walk = (node: Node, prefix: string, childPrefix: string): void => {
    rows.push({ node, prefix, childPrefix });
    node.children.forEach((child, i) => {
      const last = i === node.children.length - 1;
      walk(child, childPrefix + (last ? '└─ ' : '├─ '), childPrefix + (last ? '   ' : '│  '));
    });
  };
  for (const root of roots) walk(root, '', '');

  const labels = rows.map((r) => r.prefix + r.node.span.name);
  const labelWidth = Math.min(40, Math.max(...labels.map((l) => l.length)));
  const barWidth = Math.max(10, Math.min(50, Math.max(60, width) - labelWidth - 50));

  const first = roots[0]?.span;
  const service = first?.resource['service.name'];
  const header = [
    paint('bold', `trace ${first?.traceId ?? ''}`),
    first?.name ?? '',
    ms(nsToMs(end - start)),
    `${spans.length} span${spans.length === 1 ? '' : 's'}`,
    service !== undefined ? `service ${plain(service)}` : '',
  ].filter(Boolean);
  const lines = [header.join('  ')];

  rows.forEach(({ node, childPrefix }, i) => {
    const s = node.span;
    const from = Number(((s.startTimeUnixNano - start) * BigInt(barWidth)) / total);
    const to = Number(((s.endTimeUnixNano - start) * BigInt(barWidth) + total - 1n) / total);
    const barStart = Math.min(Math.max(0, from), barWidth - 1);
    const barLen = Math.max(1, Math.min(barWidth, to) - barStart);
    const bar =
      ' '.repeat(barStart) +
      paint(
        s.status.code === 'ERROR' ? 'red' : (KIND_STYLE[s.kind] ?? 'gray'),
        '█'.repeat(barLen),
      ) +
      ' '.repeat(barWidth - barStart - barLen);

    const label = truncate(labels[i] ?? '', labelWidth).padEnd(labelWidth);
    const parts = [
      s.status.code === 'ERROR' ? paint('red', label) : label,
      paint(KIND_STYLE[s.kind] ?? 'gray', s.kind.padEnd(8)),
      bar,
      ms(s.durationMs).padStart(11),
    ];
    if (s.status.code === 'ERROR') {
      parts.push(
        paint('red', `✖ ERROR${s.status.message ? ` ${JSON.stringify(s.status.message)}` : ''}`),
      );
    } else if (s.status.code === 'OK') {
      parts.push(paint('green', 'OK'));
    }
    const attrs = KEY_ATTRIBUTES.filter((k) => s.attributes[k] !== undefined).map(
      (k) => `${k}=${plain(s.attributes[k])}`,
    );
    if (attrs.length > 0) parts.push(paint('dim', attrs.join(' ')));
    if (s.parentSpanId && !spans.some((p) => p.spanId === s.parentSpanId)) {
      parts.push(paint('dim', `(parent ${s.parentSpanId} not received)`));
    }
    lines.push(parts.join('  ').trimEnd());

    // Events sit two columns into their span's label, keeping the tree's vertical line.
    const eventIndent = childPrefix + (node.children.length > 0 ? '│ ' : '  ');
    for (const event of s.events) {
      const text = eventLine(event, s);
      lines.push(
        eventIndent + (event.name === 'exception' ? paint('red', text) : paint('dim', text)),
      );
    }
  });

  const traceId = first?.traceId;
  const traceLogs = logs
    .filter((l) => l.traceId === traceId)
    .slice()
    .sort((a, b) =>
      a.timeUnixNano < b.timeUnixNano ? -1 : a.timeUnixNano > b.timeUnixNano ? 1 : 0,
    );
  if (traceLogs.length > 0) {
    lines.push(paint('bold', 'logs'));
    for (const log of traceLogs) {
      const level = levelOf(log);
      const style: Style =
        level === 'ERROR' || level === 'FATAL' ? 'red' : level === 'WARN' ? 'yellow' : 'green';
      const time = log.timeUnixNano || log.observedTimeUnixNano;
      const offset = nsToMs(time - start);
      const span = spans.find((s) => s.spanId === log.spanId);
      lines.push(
        [
          `${offset >= 0 ? '+' : ''}${ms(offset)}`.padStart(12),
          paint(style, level.padEnd(5)),
          messageOf(log),
          span ? paint('dim', `(${span.name})`) : '',
        ]
          .filter(Boolean)
          .join('  '),
      );
    }
  }
  return lines.join('\n');
}
