/**
 * Terminal waterfall for one trace: the span tree with bars scaled to the trace duration, span
 * events, errors, and the trace's correlated log lines underneath — and, for spans or logs that
 * arrive after the trace was printed, a continuation that shows only those.
 */
import { formatDuration, formatOffset, levelOf, messageOf, plain, truncate } from './format.js';
import type { ReceivedLog, ReceivedSpan } from './model.js';
import { buildTree, flatten } from './span-tree.js';

export { groupByTrace } from './span-tree.js';

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
type Paint = (style: Style, text: string) => string;

const KIND_STYLE: Record<string, Style> = {
  SERVER: 'cyan',
  CLIENT: 'magenta',
  PRODUCER: 'yellow',
  CONSUMER: 'yellow',
  INTERNAL: 'gray',
};

const nsToMs = (ns: bigint): number => Number(ns) / 1e6;
const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** What every row of one trace is drawn against: its time range, widths and all its spans. */
interface Frame {
  all: readonly ReceivedSpan[];
  start: bigint;
  end: bigint;
  paint: Paint;
  width: number;
}

function frameOf(all: readonly ReceivedSpan[], options: RenderOptions): Frame {
  const { width = process.stdout.columns ?? 100, color = process.stdout.isTTY === true } = options;
  let start = all[0]?.startTimeUnixNano ?? 0n;
  let end = all[0]?.endTimeUnixNano ?? 0n;
  for (const s of all) {
    if (s.startTimeUnixNano < start) start = s.startTimeUnixNano;
    if (s.endTimeUnixNano > end) end = s.endTimeUnixNano;
  }
  const paint: Paint = (style, text) =>
    color && text ? `\u001b[${ANSI[style]}m${text}\u001b[0m` : text;
  return { all, start, end, paint, width };
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
  return `• ${event.name} ${formatOffset(nsToMs(event.timeUnixNano - span.startTimeUnixNano))}`;
}

/** Rows of `shown` (a tree among themselves), bars placed on the whole trace's time range. */
function spanLines(shown: readonly ReceivedSpan[], frame: Frame): string[] {
  const { all, start, end, paint, width } = frame;
  const total = end > start ? end - start : 1n;
  const rows = flatten(buildTree(shown));
  const labels = rows.map((r) => r.prefix + r.node.span.name);
  const labelWidth = Math.min(40, Math.max(...labels.map((l) => l.length)));
  const barWidth = Math.max(10, Math.min(50, Math.max(60, width) - labelWidth - 50));
  const lines: string[] = [];
  rows.forEach(({ node, childPrefix }, i) => {
    const s = node.span;
    const from = Number(((s.startTimeUnixNano - start) * BigInt(barWidth)) / total);
    const to = Number(((s.endTimeUnixNano - start) * BigInt(barWidth) + total - 1n) / total);
    const barStart = Math.min(Math.max(0, from), barWidth - 1);
    const barLen = Math.max(1, Math.min(barWidth, to) - barStart);
    const error = s.status.code === 'ERROR';
    const bar =
      ' '.repeat(barStart) +
      paint(error ? 'red' : (KIND_STYLE[s.kind] ?? 'gray'), '█'.repeat(barLen)) +
      ' '.repeat(barWidth - barStart - barLen);
    const label = truncate(labels[i] ?? '', labelWidth).padEnd(labelWidth);
    const parts = [
      error ? paint('red', label) : label,
      paint(KIND_STYLE[s.kind] ?? 'gray', s.kind.padEnd(8)),
      bar,
      formatDuration(s.durationMs).padStart(9),
    ];
    if (error) {
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
    if (s.parentSpanId && !shown.some((p) => p.spanId === s.parentSpanId)) {
      // In a continuation the parent usually was printed before: say under which span.
      const parent = all.find((p) => p.spanId === s.parentSpanId);
      parts.push(
        paint('dim', parent ? `(under ${parent.name})` : `(parent ${s.parentSpanId} not received)`),
      );
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
  return lines;
}

/** The `logs` block: `logs` of the trace, by time, offset from the trace start. */
function logLines(logs: readonly ReceivedLog[], traceId: string, frame: Frame): string[] {
  const { all, start, paint } = frame;
  const traceLogs = logs
    .filter((l) => l.traceId === traceId)
    .sort((a, b) =>
      a.timeUnixNano < b.timeUnixNano ? -1 : a.timeUnixNano > b.timeUnixNano ? 1 : 0,
    );
  if (traceLogs.length === 0) return [];
  const lines = [paint('bold', 'logs')];
  for (const log of traceLogs) {
    const level = levelOf(log);
    const style: Style =
      level === 'ERROR' || level === 'FATAL' ? 'red' : level === 'WARN' ? 'yellow' : 'green';
    const time = log.timeUnixNano || log.observedTimeUnixNano;
    // Log records stamped with Date.now() have whole milliseconds: no digits beyond that.
    const offset = formatOffset(nsToMs(time - start), { wholeMs: time % 1_000_000n === 0n });
    const span = all.find((s) => s.spanId === log.spanId);
    lines.push(
      [
        offset.padStart(10),
        paint(style, level.padEnd(5)),
        messageOf(log),
        span ? paint('dim', `(${span.name})`) : '',
      ]
        .filter(Boolean)
        .join('  '),
    );
  }
  return lines;
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
 * // trace 4bf9…  GET /users/:id  12 ms  2 spans  service dev-test
 * // GET /users/:id  SERVER    ██████████████████████     12 ms  http.route=/users/:id …
 * // └─ load user    INTERNAL      ████                  3.1 ms  ✖ ERROR
 * //    ⚡ exception USER_NOT_FOUND (low) "User not found"
 */
export function renderTrace(spans: readonly ReceivedSpan[], options: RenderOptions = {}): string {
  const frame = frameOf(spans, options);
  if (spans.length === 0) return frame.paint('dim', '(no spans)');
  const first = buildTree(spans)[0]?.span;
  const service = first?.resource['service.name'];
  const header = [
    frame.paint('bold', `trace ${first?.traceId ?? ''}`),
    first?.name ?? '',
    formatDuration(nsToMs(frame.end - frame.start)),
    plural(spans.length, 'span'),
    service !== undefined ? `service ${plain(service)}` : '',
  ].filter(Boolean);
  return [
    header.join('  '),
    ...spanLines(spans, frame),
    ...logLines(options.logs ?? [], first?.traceId ?? '', frame),
  ].join('\n');
}

/**
 * Renders what arrived for a trace after it was printed — only the `late` spans and the given
 * log records — under a header that says so, with bars and offsets on the same time axis as
 * the first print (the whole trace's range, from `spans`).
 *
 * @param spans - every span of the trace received so far (including `late`)
 * @param late - the spans not printed before
 * @param options - `logs`: the log records not printed before
 * @returns the continuation, lines joined by `\n`, without a trailing newline
 * @example
 * process.stdout.write(renderContinuation(allSpans, lateSpans, { logs: lateLogs }) + '\n');
 * // trace 4bf9…  (continued)  1 late span  of GET /users/:id
 * // audit write  INTERNAL                  ███     4 ms  (under GET /users/:id)
 */
export function renderContinuation(
  spans: readonly ReceivedSpan[],
  late: readonly ReceivedSpan[],
  options: RenderOptions = {},
): string {
  const all = spans.length > 0 ? spans : late;
  const frame = frameOf(all, options);
  const traceId = all[0]?.traceId ?? options.logs?.[0]?.traceId ?? '';
  const logs = logLines(options.logs ?? [], traceId, frame);
  const root = buildTree(all)[0]?.span;
  const counts = [
    late.length > 0 ? plural(late.length, 'late span') : '',
    logs.length > 1 ? plural(logs.length - 1, 'late log line') : '',
  ].filter(Boolean);
  const header = [
    frame.paint('bold', `trace ${traceId}`),
    frame.paint('yellow', '(continued)'),
    counts.join(', '),
    root ? `of ${root.name}` : '',
  ].filter(Boolean);
  return [header.join('  '), ...(late.length > 0 ? spanLines(late, frame) : []), ...logs].join(
    '\n',
  );
}
