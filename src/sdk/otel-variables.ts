import { getEnum, getNumber, type Environment } from './env.js';

const COMPRESSIONS = ['none', 'gzip'] as const;
const SIGNALS = ['TRACES', 'METRICS', 'LOGS'] as const;

/**
 * Attribute limits of log records (`LoggerProvider`'s `logRecordLimits`).
 *
 * @example
 * ```ts
 * new LoggerProvider({ logRecordLimits: validateOtelVariables(process.env).logRecordLimits });
 * ```
 */
export interface LogRecordLimits {
  attributeCountLimit: number;
  /** `Infinity`: no limit. */
  attributeValueLengthLimit: number;
}

/**
 * Validates the variables that the OTel packages read (span limits, OTLP compression) or that
 * Sightline passes on (log record limits: the logs SDK reads none). A bad value gets one warning
 * from Sightline naming the fallback, and the packages are handed that fallback (see
 * `withOtelEnvironment`) instead of warning again — once per exporter that reads it. Fallbacks
 * follow the specification: a specific limit falls back to the general one, a per-signal
 * compression to `OTEL_EXPORTER_OTLP_COMPRESSION`. Limits are non-negative integers, 0
 * included ("SDK environment variables", Attribute Limits: "Valid values are non-negative").
 *
 * @example
 * ```ts
 * validateOtelVariables({ OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT: 'many' }); // warns: using 128
 * ```
 */
export function validateOtelVariables(env: Environment): { logRecordLimits: LogRecordLimits } {
  const count = getNumber(env, 'OTEL_ATTRIBUTE_COUNT_LIMIT', 128, { min: 0 });
  const length = getNumber(env, 'OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT', Infinity, { min: 0 });
  const limits = (kind: 'SPAN' | 'LOGRECORD') => ({
    attributeCountLimit: getNumber(env, `OTEL_${kind}_ATTRIBUTE_COUNT_LIMIT`, count, { min: 0 }),
    attributeValueLengthLimit: getNumber(env, `OTEL_${kind}_ATTRIBUTE_VALUE_LENGTH_LIMIT`, length, {
      min: 0,
    }),
  });
  limits('SPAN');
  const logRecordLimits = limits('LOGRECORD');
  for (const name of ['EVENT_COUNT', 'LINK_COUNT', 'ATTRIBUTE_PER_EVENT_COUNT']) {
    getNumber(env, `OTEL_SPAN_${name}_LIMIT`, 128, { min: 0 });
  }
  getNumber(env, 'OTEL_SPAN_ATTRIBUTE_PER_LINK_COUNT_LIMIT', 128, { min: 0 });
  const compression = getEnum(env, 'OTEL_EXPORTER_OTLP_COMPRESSION', COMPRESSIONS, 'none');
  for (const signal of SIGNALS) {
    getEnum(env, `OTEL_EXPORTER_OTLP_${signal}_COMPRESSION`, COMPRESSIONS, compression);
  }
  return { logRecordLimits };
}
