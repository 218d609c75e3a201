/**
 * What `scripts/catalog.mjs` reads to write the error catalog and runbooks: every shipped error
 * definition (importing the public entry registers them) and the functions that render one.
 * Built to `dist/catalog-source.js`; not a package export.
 *
 * @example
 * ```ts
 * import { listErrorDefinitions, problemTypeUri } from './catalog-source.js';
 * for (const d of listErrorDefinitions()) console.log(problemTypeUri(d.code));
 * ```
 * @module
 */
import './index.js';

export { genericUserMessage, listErrorDefinitions } from './core/errors/index.js';
export {
  DEFAULT_PROBLEM_TYPE_BASE,
  kebabCase,
  problemTypeUri,
} from './core/problem/problem-type.js';
export { logSeverityFor } from './core/telemetry/severity.js';
