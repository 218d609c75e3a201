/**
 * Titles and runbooks for the Errors page, from Sightline's built-in error catalog. The receiver
 * only sees telemetry, so codes an app declares itself (`defineError`) have none here; the page
 * then shows the code alone. Loaded on first use: the receiver starts without the error core.
 */
import { diag } from '@opentelemetry/api';
import type { Runbook } from '../../core/errors/index.js';

/**
 * What the catalog says about a code.
 *
 * @example
 * const entry: CatalogEntry | undefined = (await loadCatalog()).get('USER_NOT_FOUND');
 */
export interface CatalogEntry {
  title: string;
  /** Class name, e.g. `ResourceNotFoundError`. */
  name: string;
  status: number;
  severity: string;
  runbook?: Runbook;
}

let catalog: Promise<Map<string, CatalogEntry>> | undefined;

/**
 * The built-in catalog by code (cached; an empty map if it cannot be loaded).
 *
 * @example
 * const title = (await loadCatalog()).get('INTERNAL_ERROR')?.title; // 'Internal error'
 */
export function loadCatalog(): Promise<Map<string, CatalogEntry>> {
  catalog ??= (async () => {
    const { listErrorDefinitions } = await import('../../core/errors/index.js');
    // These modules register their codes (idempotency, dependency) when loaded.
    await Promise.all([
      import('../../core/idempotency/problems.js'),
      import('../../core/dependency/errors.js'),
    ]);
    const entries = listErrorDefinitions().map(
      (d) =>
        [
          d.code,
          {
            title: d.title,
            name: d.name,
            status: d.status,
            severity: d.severity,
            ...(d.runbook ? { runbook: d.runbook } : {}),
          },
        ] as const,
    );
    return new Map(entries);
  })().catch((error: unknown) => {
    diag.warn('sightline-dev viewer: the error catalog could not be loaded', error);
    return new Map<string, CatalogEntry>();
  });
  return catalog;
}
