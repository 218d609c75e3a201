/**
 * Sightline's one redaction policy: `createRedactor(policy)` compiles it, the default instance
 * is shared by logs, problem bodies, URLs, captured headers and span attributes.
 *
 * @example
 * ```ts
 * import { getDefaultRedactor } from './core/redaction/index.js';
 * getDefaultRedactor().value({ password: 'hunter2' }); // { password: '[REDACTED]' }
 * ```
 * @module
 */
export { createRedactor, getDefaultRedactor, setDefaultRedactor } from './redactor.js';
export { KEY_MASK } from './censor.js';
export { URL_MASK } from './url.js';
export { CIRCULAR, MAX_DEPTH, UNREADABLE } from './value.js';
export { SENSITIVE_KEY_NAMES, splitKeySegments } from './keys.js';
export { REDACTION_DEFAULTS, SENSITIVE_QUERY_PARAMS } from './policy.js';
export { URL_ATTRIBUTE_KEYS } from './attributes.js';
export { BUILT_IN_DETECTORS, passesLuhn } from './detectors/index.js';
export type { Detector, ReportMatch } from './detectors/index.js';
export type { DetectorName, RedactionAction, RedactionPolicy, Redactor } from './types.js';
