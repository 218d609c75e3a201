import { getEnum, getNumber, type Environment } from './env.js';

const COMPRESSIONS = ['none', 'gzip'] as const;
const SIGNALS = ['TRACES', 'METRICS', 'LOGS'] as const;

/**
 * Validates the variables that only the OTel packages read: span and log record limits and OTLP
 * compression. A bad value gets one warning from Sightline naming the fallback, and the packages
 * are handed that fallback (see `withOtelEnvironment`) instead of warning again — once per
 * exporter that reads it. Fallbacks follow the specification: a specific limit falls back to the
 * general one, a per-signal compression to `OTEL_EXPORTER_OTLP_COMPRESSION`.
 *
 * @example
 * ```ts
 * validateOtelVariables({ OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT: 'many' }); // warns: using 128
 * ```
 */
export function validateOtelVariables(env: Environment): void {
  const count = getNumber(env, 'OTEL_ATTRIBUTE_COUNT_LIMIT', 128, { min: 0 });
  const length = getNumber(env, 'OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT', Infinity, { min: 0 });
  for (const kind of ['SPAN', 'LOGRECORD']) {
    getNumber(env, `OTEL_${kind}_ATTRIBUTE_COUNT_LIMIT`, count, { min: 0 });
    getNumber(env, `OTEL_${kind}_ATTRIBUTE_VALUE_LENGTH_LIMIT`, length, { min: 0 });
  }
  for (const name of ['EVENT_COUNT', 'LINK_COUNT', 'ATTRIBUTE_PER_EVENT_COUNT']) {
    getNumber(env, `OTEL_SPAN_${name}_LIMIT`, 128, { min: 0 });
  }
  getNumber(env, 'OTEL_SPAN_ATTRIBUTE_PER_LINK_COUNT_LIMIT', 128, { min: 0 });
  const compression = getEnum(env, 'OTEL_EXPORTER_OTLP_COMPRESSION', COMPRESSIONS, 'none');
  for (const signal of SIGNALS) {
    getEnum(env, `OTEL_EXPORTER_OTLP_${signal}_COMPRESSION`, COMPRESSIONS, compression);
  }
}
