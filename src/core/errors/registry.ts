import { diag } from '@opentelemetry/api';
import type { ErrorDefaults, Runbook, Severity } from './types.js';

/**
 * One entry of the error catalog (docs/errors.md): what a code means and how it is rendered.
 *
 * @example
 * ```ts
 * const codes = listErrorDefinitions().map((d: ErrorDefinition) => d.code);
 * ```
 */
export interface ErrorDefinition {
  /** Class name, e.g. `ResourceNotFoundError`. */
  name: string;
  code: string;
  status: number;
  severity: Severity;
  title: string;
  userMessage: string;
  retryable: boolean;
  runbook?: Runbook;
  /** Name of the parent class (`AppError` for categories). */
  extends: string;
  /** True for Sightline's own categories; false for domain errors from `defineError`. */
  builtIn: boolean;
}

/** What the registry needs from an error class: its name and static defaults. */
interface CatalogedClass {
  readonly name: string;
  readonly defaults: ErrorDefaults;
}

const definitions = new Map<string, ErrorDefinition>();

/**
 * Adds an error class to the catalog (built-in categories and `defineError` do it for you).
 * A second class with the same code replaces the first, with a warning.
 *
 * @example
 * ```ts
 * class PaymentDeclinedError extends AppError {
 *   static override readonly defaults = { ...AppError.defaults, code: 'PAYMENT_DECLINED', status: 402 };
 * }
 * registerErrorClass(PaymentDeclinedError);
 * ```
 */
export function registerErrorClass(errorClass: CatalogedClass, builtIn = false): void {
  const { defaults } = errorClass;
  const existing = definitions.get(defaults.code);
  if (existing && existing.name !== errorClass.name) {
    diag.warn(
      `sightline: error code ${defaults.code} is declared by ${existing.name} and ${errorClass.name}; the catalog keeps ${errorClass.name}`,
    );
  }
  definitions.set(defaults.code, {
    name: errorClass.name,
    code: defaults.code,
    status: defaults.status,
    severity: defaults.severity,
    title: defaults.title,
    userMessage: defaults.userMessage,
    retryable: defaults.retryable,
    ...(defaults.runbook ? { runbook: defaults.runbook } : {}),
    extends: parentName(errorClass),
    builtIn,
  });
}

/**
 * Every cataloged error definition, in registration order (built-ins first).
 *
 * @example
 * ```ts
 * for (const { code, status } of listErrorDefinitions()) console.log(code, status);
 * ```
 */
export function listErrorDefinitions(): ErrorDefinition[] {
  return [...definitions.values()].map((definition) => ({ ...definition }));
}

function parentName(errorClass: CatalogedClass): string {
  const parent: unknown = Object.getPrototypeOf(errorClass);
  return typeof parent === 'function' && parent.name ? parent.name : 'Error';
}
