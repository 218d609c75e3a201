/**
 * OTLP v1 message schemas (opentelemetry-proto) for the wire decoder.
 *
 * Field numbers were cross-checked against the encoder in `@opentelemetry/otlp-transformer`
 * (common-serializer, trace-serializer, metrics-serializer, logs-serializer). Fields that encoder
 * never writes (exemplars, summary, metadata, flags on data points, zero_threshold) come from
 * opentelemetry-proto v1.x. Trace and span ids use the `hex` type, matching OTLP/JSON.
 */
import type { FieldSpec, MessageSchema } from './protobuf.js';

const msg = (name: string, schema: () => MessageSchema, repeated = false): FieldSpec => ({
  name,
  type: 'message',
  message: schema,
  repeated,
});

// ---- common/v1/common.proto, resource/v1/resource.proto ----

/** `AnyValue` (oneof value). */
export const AnyValue: MessageSchema = {
  1: { name: 'stringValue', type: 'string' },
  2: { name: 'boolValue', type: 'bool' },
  3: { name: 'intValue', type: 'int64' },
  4: { name: 'doubleValue', type: 'double' },
  5: msg('arrayValue', () => ArrayValue),
  6: msg('kvlistValue', () => KeyValueList),
  7: { name: 'bytesValue', type: 'bytes' },
};

/** `ArrayValue`. */
export const ArrayValue: MessageSchema = { 1: msg('values', () => AnyValue, true) };

/** `KeyValue`. */
export const KeyValue: MessageSchema = {
  1: { name: 'key', type: 'string' },
  2: msg('value', () => AnyValue),
};

/** `KeyValueList`. */
export const KeyValueList: MessageSchema = { 1: msg('values', () => KeyValue, true) };

/** `InstrumentationScope`. */
export const InstrumentationScope: MessageSchema = {
  1: { name: 'name', type: 'string' },
  2: { name: 'version', type: 'string' },
  3: msg('attributes', () => KeyValue, true),
  4: { name: 'droppedAttributesCount', type: 'uint32' },
};

/** `Resource` (entity_refs, field 3, is skipped as unknown). */
export const Resource: MessageSchema = {
  1: msg('attributes', () => KeyValue, true),
  2: { name: 'droppedAttributesCount', type: 'uint32' },
};

// ---- trace/v1/trace.proto ----

/** `Status`. */
export const Status: MessageSchema = {
  2: { name: 'message', type: 'string' },
  3: { name: 'code', type: 'enum' },
};

/** `Span.Event`. */
export const SpanEvent: MessageSchema = {
  1: { name: 'timeUnixNano', type: 'fixed64' },
  2: { name: 'name', type: 'string' },
  3: msg('attributes', () => KeyValue, true),
  4: { name: 'droppedAttributesCount', type: 'uint32' },
};

/** `Span.Link`. */
export const SpanLink: MessageSchema = {
  1: { name: 'traceId', type: 'hex' },
  2: { name: 'spanId', type: 'hex' },
  3: { name: 'traceState', type: 'string' },
  4: msg('attributes', () => KeyValue, true),
  5: { name: 'droppedAttributesCount', type: 'uint32' },
  6: { name: 'flags', type: 'fixed32' },
};

/** `Span`. */
export const Span: MessageSchema = {
  1: { name: 'traceId', type: 'hex' },
  2: { name: 'spanId', type: 'hex' },
  3: { name: 'traceState', type: 'string' },
  4: { name: 'parentSpanId', type: 'hex' },
  5: { name: 'name', type: 'string' },
  6: { name: 'kind', type: 'enum' },
  7: { name: 'startTimeUnixNano', type: 'fixed64' },
  8: { name: 'endTimeUnixNano', type: 'fixed64' },
  9: msg('attributes', () => KeyValue, true),
  10: { name: 'droppedAttributesCount', type: 'uint32' },
  11: msg('events', () => SpanEvent, true),
  12: { name: 'droppedEventsCount', type: 'uint32' },
  13: msg('links', () => SpanLink, true),
  14: { name: 'droppedLinksCount', type: 'uint32' },
  15: msg('status', () => Status),
  16: { name: 'flags', type: 'fixed32' },
};

/** `ScopeSpans`. */
export const ScopeSpans: MessageSchema = {
  1: msg('scope', () => InstrumentationScope),
  2: msg('spans', () => Span, true),
  3: { name: 'schemaUrl', type: 'string' },
};

/** `ResourceSpans`. */
export const ResourceSpans: MessageSchema = {
  1: msg('resource', () => Resource),
  2: msg('scopeSpans', () => ScopeSpans, true),
  3: { name: 'schemaUrl', type: 'string' },
};

/** `ExportTraceServiceRequest`. */
export const ExportTraceServiceRequest: MessageSchema = {
  1: msg('resourceSpans', () => ResourceSpans, true),
};

// ---- metrics/v1/metrics.proto ----

/** `Exemplar`. */
export const Exemplar: MessageSchema = {
  7: msg('filteredAttributes', () => KeyValue, true),
  2: { name: 'timeUnixNano', type: 'fixed64' },
  3: { name: 'asDouble', type: 'double' },
  6: { name: 'asInt', type: 'sfixed64' },
  4: { name: 'spanId', type: 'hex' },
  5: { name: 'traceId', type: 'hex' },
};

/** `NumberDataPoint`. */
export const NumberDataPoint: MessageSchema = {
  7: msg('attributes', () => KeyValue, true),
  2: { name: 'startTimeUnixNano', type: 'fixed64' },
  3: { name: 'timeUnixNano', type: 'fixed64' },
  4: { name: 'asDouble', type: 'double' },
  6: { name: 'asInt', type: 'sfixed64' },
  5: msg('exemplars', () => Exemplar, true),
  8: { name: 'flags', type: 'uint32' },
};

/** `HistogramDataPoint`. */
export const HistogramDataPoint: MessageSchema = {
  9: msg('attributes', () => KeyValue, true),
  2: { name: 'startTimeUnixNano', type: 'fixed64' },
  3: { name: 'timeUnixNano', type: 'fixed64' },
  4: { name: 'count', type: 'fixed64' },
  5: { name: 'sum', type: 'double' },
  6: { name: 'bucketCounts', type: 'fixed64', repeated: true },
  7: { name: 'explicitBounds', type: 'double', repeated: true },
  8: msg('exemplars', () => Exemplar, true),
  10: { name: 'flags', type: 'uint32' },
  11: { name: 'min', type: 'double' },
  12: { name: 'max', type: 'double' },
};

/** `ExponentialHistogramDataPoint.Buckets`. */
export const ExponentialBuckets: MessageSchema = {
  1: { name: 'offset', type: 'sint32' },
  2: { name: 'bucketCounts', type: 'uint64', repeated: true },
};

/** `ExponentialHistogramDataPoint`. */
export const ExponentialHistogramDataPoint: MessageSchema = {
  1: msg('attributes', () => KeyValue, true),
  2: { name: 'startTimeUnixNano', type: 'fixed64' },
  3: { name: 'timeUnixNano', type: 'fixed64' },
  4: { name: 'count', type: 'fixed64' },
  5: { name: 'sum', type: 'double' },
  6: { name: 'scale', type: 'sint32' },
  7: { name: 'zeroCount', type: 'fixed64' },
  8: msg('positive', () => ExponentialBuckets),
  9: msg('negative', () => ExponentialBuckets),
  10: { name: 'flags', type: 'uint32' },
  11: msg('exemplars', () => Exemplar, true),
  12: { name: 'min', type: 'double' },
  13: { name: 'max', type: 'double' },
  14: { name: 'zeroThreshold', type: 'double' },
};

/** `SummaryDataPoint.ValueAtQuantile`. */
export const ValueAtQuantile: MessageSchema = {
  1: { name: 'quantile', type: 'double' },
  2: { name: 'value', type: 'double' },
};

/** `SummaryDataPoint`. */
export const SummaryDataPoint: MessageSchema = {
  7: msg('attributes', () => KeyValue, true),
  2: { name: 'startTimeUnixNano', type: 'fixed64' },
  3: { name: 'timeUnixNano', type: 'fixed64' },
  4: { name: 'count', type: 'fixed64' },
  5: { name: 'sum', type: 'double' },
  6: msg('quantileValues', () => ValueAtQuantile, true),
  8: { name: 'flags', type: 'uint32' },
};

/** `Gauge`. */
export const Gauge: MessageSchema = { 1: msg('dataPoints', () => NumberDataPoint, true) };

/** `Sum`. */
export const Sum: MessageSchema = {
  1: msg('dataPoints', () => NumberDataPoint, true),
  2: { name: 'aggregationTemporality', type: 'enum' },
  3: { name: 'isMonotonic', type: 'bool' },
};

/** `Histogram`. */
export const Histogram: MessageSchema = {
  1: msg('dataPoints', () => HistogramDataPoint, true),
  2: { name: 'aggregationTemporality', type: 'enum' },
};

/** `ExponentialHistogram`. */
export const ExponentialHistogram: MessageSchema = {
  1: msg('dataPoints', () => ExponentialHistogramDataPoint, true),
  2: { name: 'aggregationTemporality', type: 'enum' },
};

/** `Summary`. */
export const Summary: MessageSchema = { 1: msg('dataPoints', () => SummaryDataPoint, true) };

/** `Metric` (oneof data: gauge 5, sum 7, histogram 9, exponential_histogram 10, summary 11). */
export const Metric: MessageSchema = {
  1: { name: 'name', type: 'string' },
  2: { name: 'description', type: 'string' },
  3: { name: 'unit', type: 'string' },
  5: msg('gauge', () => Gauge),
  7: msg('sum', () => Sum),
  9: msg('histogram', () => Histogram),
  10: msg('exponentialHistogram', () => ExponentialHistogram),
  11: msg('summary', () => Summary),
  12: msg('metadata', () => KeyValue, true),
};

/** `ScopeMetrics`. */
export const ScopeMetrics: MessageSchema = {
  1: msg('scope', () => InstrumentationScope),
  2: msg('metrics', () => Metric, true),
  3: { name: 'schemaUrl', type: 'string' },
};

/** `ResourceMetrics`. */
export const ResourceMetrics: MessageSchema = {
  1: msg('resource', () => Resource),
  2: msg('scopeMetrics', () => ScopeMetrics, true),
  3: { name: 'schemaUrl', type: 'string' },
};

/** `ExportMetricsServiceRequest`. */
export const ExportMetricsServiceRequest: MessageSchema = {
  1: msg('resourceMetrics', () => ResourceMetrics, true),
};

// ---- logs/v1/logs.proto ----

/** `LogRecord`. */
export const LogRecord: MessageSchema = {
  1: { name: 'timeUnixNano', type: 'fixed64' },
  11: { name: 'observedTimeUnixNano', type: 'fixed64' },
  2: { name: 'severityNumber', type: 'enum' },
  3: { name: 'severityText', type: 'string' },
  5: msg('body', () => AnyValue),
  6: msg('attributes', () => KeyValue, true),
  7: { name: 'droppedAttributesCount', type: 'uint32' },
  8: { name: 'flags', type: 'fixed32' },
  9: { name: 'traceId', type: 'hex' },
  10: { name: 'spanId', type: 'hex' },
  12: { name: 'eventName', type: 'string' },
};

/** `ScopeLogs`. */
export const ScopeLogs: MessageSchema = {
  1: msg('scope', () => InstrumentationScope),
  2: msg('logRecords', () => LogRecord, true),
  3: { name: 'schemaUrl', type: 'string' },
};

/** `ResourceLogs`. */
export const ResourceLogs: MessageSchema = {
  1: msg('resource', () => Resource),
  2: msg('scopeLogs', () => ScopeLogs, true),
  3: { name: 'schemaUrl', type: 'string' },
};

/** `ExportLogsServiceRequest`. */
export const ExportLogsServiceRequest: MessageSchema = {
  1: msg('resourceLogs', () => ResourceLogs, true),
};
