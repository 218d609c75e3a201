export {
  ATTR_APP_ERROR_CODE,
  ATTR_APP_ERROR_HANDLED,
  ATTR_APP_ERROR_SEVERITY,
  ATTR_APP_REQUEST_ID,
  ATTR_USER_ID,
  EVENT_HTTP_SERVER_REQUEST_EXCEPTION,
  SIGHTLINE_SCOPE,
} from './attributes.js';
export { METRIC_APP_ERRORS } from './metric-names.js';
export { getCorrelation, getRequestContext, withRequestContext } from './correlation.js';
export type { Correlation, RequestContext } from './correlation.js';
export { lazyCounter, lazyHistogram, lazyInstrument, lazyUpDownCounter } from './instruments.js';
export type { LazyCounter, LazyHistogram, LazyUpDownCounter } from './instruments.js';
export { getExceptionSignalMode, recordError, reloadExceptionSignalMode } from './record-error.js';
export type { ExceptionSignalMode, RecordErrorOptions } from './record-error.js';
export { logSeverityFor } from './severity.js';
export type { LogSeverity } from './severity.js';
export { claimServerSpans, releaseServerSpans, serverSpansClaimedBy } from './server-spans.js';
