/**
 * Flattened records the dev receiver keeps (built by `normalise.ts` from an OTLP request).
 */

/**
 * Span kind names (OTLP `SpanKind` without the prefix).
 *
 * @example
 * const kind: SpanKindName = 'SERVER';
 */
export type SpanKindName =
  'UNSPECIFIED' | 'INTERNAL' | 'SERVER' | 'CLIENT' | 'PRODUCER' | 'CONSUMER';

/**
 * Instrumentation scope of a record.
 *
 * @example
 * const scope: ReceivedScope = { name: '@opentelemetry/instrumentation-http', version: '0.223.0' };
 */
export interface ReceivedScope {
  name: string;
  version?: string;
}

/**
 * A span event with plain attribute values.
 *
 * @example
 * span.events.find((e: ReceivedSpanEvent) => e.name === 'exception')?.attributes['error.type'];
 */
export interface ReceivedSpanEvent {
  name: string;
  timeUnixNano: bigint;
  attributes: Record<string, unknown>;
}

/**
 * A span link.
 *
 * @example
 * span.links.map((l: ReceivedSpanLink) => l.traceId);
 */
export interface ReceivedSpanLink {
  traceId: string;
  spanId: string;
  attributes: Record<string, unknown>;
}

/**
 * One received span, flattened with its resource and scope.
 *
 * @example
 * const server = receiver.spans.find((s: ReceivedSpan) => s.kind === 'SERVER');
 * server?.attributes['http.route']; // '/users/:id'
 */
export interface ReceivedSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  traceState?: string;
  name: string;
  kind: SpanKindName;
  startTimeUnixNano: bigint;
  endTimeUnixNano: bigint;
  durationMs: number;
  attributes: Record<string, unknown>;
  events: ReceivedSpanEvent[];
  links: ReceivedSpanLink[];
  status: { code: 'UNSET' | 'OK' | 'ERROR'; message?: string };
  resource: Record<string, unknown>;
  scope: ReceivedScope;
}

/**
 * Metric data types (the OTLP `Metric.data` oneof).
 *
 * @example
 * const histograms = receiver.metrics.filter((m) => m.type === ('histogram' satisfies MetricType));
 */
export type MetricType = 'gauge' | 'sum' | 'histogram' | 'exponentialHistogram' | 'summary';

/**
 * An exemplar attached to a data point.
 *
 * @example
 * metric.dataPoints[0]?.exemplars?.map((e: ReceivedExemplar) => e.traceId);
 */
export interface ReceivedExemplar {
  value: number;
  timeUnixNano: bigint;
  traceId?: string;
  spanId?: string;
  attributes: Record<string, unknown>;
}

/**
 * One data point of any metric type; fields present depend on the type.
 *
 * @example
 * const dp: ReceivedDataPoint | undefined = metric.dataPoints[0];
 * dp?.value ?? dp?.count;
 */
export interface ReceivedDataPoint {
  attributes: Record<string, unknown>;
  startTimeUnixNano?: bigint;
  timeUnixNano: bigint;
  /** gauge / sum */
  value?: number;
  /** histogram / exponentialHistogram / summary */
  count?: number;
  sum?: number;
  min?: number;
  max?: number;
  /** histogram */
  bucketCounts?: number[];
  explicitBounds?: number[];
  /** exponentialHistogram */
  scale?: number;
  zeroCount?: number;
  positive?: { offset: number; bucketCounts: number[] };
  negative?: { offset: number; bucketCounts: number[] };
  /** summary */
  quantileValues?: { quantile: number; value: number }[];
  exemplars?: ReceivedExemplar[];
}

/**
 * One received metric (one `Metric` message), flattened with its resource and scope.
 *
 * @example
 * const m = await receiver.waitForMetric('http.server.request.duration');
 * m.type; // 'histogram'
 * m.dataPoints[0]?.bucketCounts;
 */
export interface ReceivedMetric {
  name: string;
  unit: string;
  description: string;
  type: MetricType;
  temporality?: 'DELTA' | 'CUMULATIVE';
  isMonotonic?: boolean;
  dataPoints: ReceivedDataPoint[];
  resource: Record<string, unknown>;
  scope: ReceivedScope;
}

/**
 * One received log record, flattened with its resource and scope.
 *
 * @example
 * const [log] = await receiver.waitForLogs((l: ReceivedLog) => l.body === 'Request completed');
 * log?.traceId; // same as the server span's traceId
 */
export interface ReceivedLog {
  timeUnixNano: bigint;
  observedTimeUnixNano: bigint;
  severityNumber: number;
  severityText: string;
  body: unknown;
  attributes: Record<string, unknown>;
  traceId?: string;
  spanId?: string;
  eventName?: string;
  resource: Record<string, unknown>;
  scope: ReceivedScope;
}
