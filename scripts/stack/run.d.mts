/**
 * Types of run.mjs for TypeScript callers (the tests), which import the validator in-process.
 * Keep in step with the JSDoc in run.mjs and findings.mjs.
 */

export interface Finding {
  level: 'error' | 'warn' | 'info';
  /** compose, collector, ports, backends or grafana */
  area: string;
  where: string;
  msg: string;
}

export interface StackOptions {
  /** Project folder to check. */
  root: string;
  /** Compose files, merged in order (default: docker-compose.yml or another conventional name). */
  compose?: string[];
  /** Collector config files (default: otel-collector-config.yaml, or found from compose). */
  collector?: string[];
  /** Grafana folder (default: grafana). */
  grafanaDir?: string;
  /** Env file for interpolation (default: <root>/.env). */
  envFile?: string;
  /** Compose Specification JSON Schema (default: stack/schema/compose-spec.json). */
  schema?: string;
  /** Collector component names (default: stack/schema/otelcol-contrib-components.json). */
  components?: string;
  warningsAsErrors?: boolean;
}

export interface StackResult {
  findings: Finding[];
  errors: number;
  warnings: number;
  /** Errors, or warnings with warningsAsErrors: the CLI exits 1. */
  failed: boolean;
  /** The `STACK CHECK SUMMARY: PASS|FAIL ...` line. */
  summary: string;
}

/** A problem with the validator's own inputs (the CLI exits 2). */
export class SetupError extends Error {}

/** The repository root. */
export const REPO_ROOT: string;

/** Runs every check; throws SetupError when an input of the validator itself is unusable. */
export function validateStack(options: StackOptions): StackResult;

/** One finding as the CLI prints it: `ERROR [area] where: message`. */
export function formatFinding(finding: Finding): string;
