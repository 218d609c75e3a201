/**
 * Spans of a trace arranged as a tree, for the waterfall.
 */
import type { ReceivedSpan } from './model.js';

/**
 * A span with its children, ordered by start time.
 *
 * @example
 * const depth = (node: SpanNode): number => 1 + Math.max(0, ...node.children.map(depth));
 */
export interface SpanNode {
  span: ReceivedSpan;
  children: SpanNode[];
}

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

const byStart = (x: SpanNode, y: SpanNode): number =>
  x.span.startTimeUnixNano < y.span.startTimeUnixNano
    ? -1
    : x.span.startTimeUnixNano > y.span.startTimeUnixNano
      ? 1
      : 0;

/**
 * Builds the span tree; spans whose parent is not among `spans` become roots, true roots (no
 * parent id at all) first.
 *
 * @example
 * const [root] = buildTree(spans); // root.children: the spans it parents, by start time
 */
export function buildTree(spans: readonly ReceivedSpan[]): SpanNode[] {
  const byId = new Map<string, SpanNode>();
  for (const span of spans) byId.set(span.spanId, { span, children: [] });
  const roots: SpanNode[] = [];
  for (const node of byId.values()) {
    const parent = node.span.parentSpanId ? byId.get(node.span.parentSpanId) : undefined;
    if (parent && parent !== node) parent.children.push(node);
    else roots.push(node);
  }
  roots.sort(
    (x, y) => Number(!!x.span.parentSpanId) - Number(!!y.span.parentSpanId) || byStart(x, y),
  );
  for (const node of byId.values()) node.children.sort(byStart);
  return roots;
}

/**
 * One waterfall row: the node and its tree-drawing prefixes.
 *
 * @example
 * const labels = flatten(buildTree(spans)).map((r: TreeRow) => r.prefix + r.node.span.name);
 */
export interface TreeRow {
  node: SpanNode;
  /** Drawn before the span's name (`├─ `, `│  └─ ` …). */
  prefix: string;
  /** Continues the tree's vertical lines below the row (for its events). */
  childPrefix: string;
}

/**
 * Depth-first rows of a forest, with tree-drawing prefixes.
 *
 * @example
 * flatten(buildTree(spans)).map((r) => r.prefix + r.node.span.name); // ['GET /', '└─ load']
 */
export function flatten(roots: readonly SpanNode[]): TreeRow[] {
  const rows: TreeRow[] = [];
  const walk = (node: SpanNode, prefix: string, childPrefix: string): void => {
    rows.push({ node, prefix, childPrefix });
    node.children.forEach((child, i) => {
      const last = i === node.children.length - 1;
      walk(child, childPrefix + (last ? '└─ ' : '├─ '), childPrefix + (last ? '   ' : '│  '));
    });
  };
  for (const root of roots) walk(root, '', '');
  return rows;
}
