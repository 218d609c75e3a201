/**
 * Runs every stack check in order (compose, collector, ports, backends, Grafana) and returns the
 * findings with a one-line summary. No Docker, no network.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkBackends } from './backends.mjs';
import { checkComponents, findCollectorFiles, loadCollector } from './collector.mjs';
import { checkService } from './collector-pipelines.mjs';
import {
  checkLoadBalancing,
  checkTelemetryReaders,
  loadTierCollectors,
} from './collector-tier.mjs';
import { SetupError, checkCompose, loadCompose } from './compose.mjs';
import { Findings, formatFinding } from './findings.mjs';
import { checkGrafana } from './grafana.mjs';
import { parseEnvFile } from './interpolate.mjs';
import { checkAppEndpoints, checkCollectorPorts } from './ports.mjs';

export { SetupError, formatFinding };

/** The repository root; the data files live in its stack/schema/. */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const DATA_DIR = path.join(REPO_ROOT, 'stack/schema');
const COMPOSE_NAMES = ['docker-compose.yml', 'docker-compose.yaml', 'compose.yaml', 'compose.yml'];

/**
 * @typedef {object} StackOptions
 * @property {string} root project folder to check
 * @property {string[]} [compose] compose files, merged in order (default: the conventional name)
 * @property {string[]} [collector] collector config files (default: found from compose)
 * @property {string} [grafanaDir] Grafana folder (default: grafana)
 * @property {string} [envFile] env file for interpolation (default: <root>/.env)
 * @property {string} [schema] Compose Specification JSON Schema
 * @property {string} [components] otelcol component catalog
 * @property {boolean} [warningsAsErrors]
 */

/**
 * @typedef {object} StackResult
 * @property {import('./findings.mjs').Finding[]} findings
 * @property {number} errors
 * @property {number} warnings
 * @property {boolean} failed errors, or warnings with warningsAsErrors
 * @property {string} summary the `STACK CHECK SUMMARY: PASS|FAIL ...` line
 */

/**
 * @param {StackOptions} options
 * @returns {StackResult}
 * @throws {SetupError} when an input of the validator itself is missing or unreadable
 */
export function validateStack(options) {
  const root = path.resolve(options.root);
  if (!fs.existsSync(root) || !fs.statSync(root).isDirectory()) {
    throw new SetupError(`project root ${root} is not a directory`);
  }
  const findings = new Findings(root);
  const composeFiles = options.compose?.length
    ? options.compose.map((f) => path.resolve(root, f))
    : COMPOSE_NAMES.map((f) => path.join(root, f))
        .filter((f) => fs.existsSync(f))
        .slice(0, 1);
  if (!composeFiles.length) throw new SetupError(`no compose file found in ${root}`);
  for (const f of composeFiles) {
    if (!fs.existsSync(f)) throw new SetupError(`compose file ${f} not found`);
  }
  const schema = path.resolve(options.schema ?? path.join(DATA_DIR, 'compose-spec.json'));
  const catalog = readJson(
    options.components ?? path.join(DATA_DIR, 'otelcol-contrib-components.json'),
  );
  const env = parseEnvFile(path.resolve(root, options.envFile ?? '.env'));

  const compose = loadCompose(composeFiles, schema, env, findings);
  checkCompose(compose, root, findings);
  const collectorFiles = findCollectorFiles(root, options.collector ?? [], compose);
  const collector = loadCollector(collectorFiles, compose, findings);
  // The scale-out tier (agents, gateways): the other collector services' mounted configs.
  const tier = loadTierCollectors(compose, collector, findings);
  const collectors = [collector, ...tier].filter(Boolean);
  for (const ctx of collectors) {
    checkService(ctx, checkComponents(ctx, catalog));
    checkCollectorPorts(ctx);
    checkTelemetryReaders(ctx);
  }
  for (const ctx of collectors) checkLoadBalancing(ctx, collectors);
  checkAppEndpoints(compose, collectors, findings);
  const backends = checkBackends(compose, collectors, findings);
  const grafana = checkGrafana(
    path.resolve(root, options.grafanaDir ?? 'grafana'),
    compose,
    findings,
  );

  const errors = findings.count('error');
  const warnings = findings.count('warn');
  const failed = errors > 0 || (Boolean(options.warningsAsErrors) && warnings > 0);
  const list = (files) => files.map((f) => findings.rel(f)).join('+') || 'none';
  const summary =
    `STACK CHECK SUMMARY: ${failed ? 'FAIL' : 'PASS'} errors=${errors} warnings=${warnings} ` +
    `compose=${list(composeFiles)} collector=${list(collectorFiles)} ` +
    `tier=${list(tier.flatMap((c) => c.files))} ` +
    `components=${catalog.distribution}@${catalog.version} backends=${list(backends.configs)} ` +
    `rules=${list(backends.rules)} ` +
    `datasources=${grafana.datasources} dashboards=${grafana.dashboards}`;
  return { findings: findings.list, errors, warnings, failed, summary };
}

function readJson(file) {
  try {
    return JSON.parse(fs.readFileSync(path.resolve(file), 'utf8'));
  } catch (e) {
    throw new SetupError(`cannot read ${file}: ${e.message}`);
  }
}
