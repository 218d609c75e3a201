/**
 * Sightline logging: a winston logger correlated through the OpenTelemetry context, redacted
 * once, and exported exactly once through `@opentelemetry/winston-transport`.
 */
export { createLogger, requestLogger } from './logger.js';
export type { LoggerOptions, RequestLogFields, SightlineLogger } from './logger.js';
export type { LogBufferOptions } from './buffer.js';
export { resolveLevel, WINSTON_TO_OTEL_SEVERITY } from './levels.js';
export type { LogLevel } from './levels.js';
