/**
 * `src/dev`: a local OTLP/HTTP receiver (with an optional web viewer on the same port) and a
 * terminal trace waterfall, for development and for tests that need to see what an app exports. The `sightline-dev` bin lives in `./cli.ts` and is
 * deliberately not re-exported (it starts a server on import).
 */
export { startReceiver } from './receiver.js';
export type {
  OtlpSignal,
  ReceivedBatch,
  Receiver,
  ReceiverMode,
  ReceiverOptions,
  WaitOptions,
} from './receiver-types.js';
export { decodeLogs, decodeMetrics, decodeTraces, encodingOf, OtlpDecodeError } from './decode.js';
export type { OtlpEncoding } from './decode.js';
export { anyValueToPlain, keyValuesToPlain } from './otlp-json.js';
export { normaliseLogs, normaliseMetrics, normaliseTraces } from './normalise.js';
export type {
  MetricType,
  ReceivedDataPoint,
  ReceivedExemplar,
  ReceivedLog,
  ReceivedMetric,
  ReceivedScope,
  ReceivedSpan,
  ReceivedSpanEvent,
  ReceivedSpanLink,
  SpanKindName,
} from './model.js';
export { groupByTrace, renderContinuation, renderTrace } from './waterfall.js';
export type { RenderOptions } from './waterfall.js';
export type { ViewerOptions } from './web/viewer.js';
