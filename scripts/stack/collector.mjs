/**
 * Collector config checks: the files load and are mounted where the collector reads them, every
 * component type exists in the pinned otelcol-contrib release, common settings are spelt right,
 * and the addresses components listen on are recorded for the port checks.
 */
import fs from 'node:fs';
import path from 'node:path';
import { checkKeys } from './collector-keys.mjs';
import { checkExporterTargets } from './collector-exporters.mjs';
import { parseHostPort } from './endpoints.mjs';
import { isObj, readYaml } from './findings.mjs';
import { interpolateCollector } from './interpolate.mjs';

export const KINDS = ['receivers', 'processors', 'exporters', 'extensions', 'connectors'];
const DEFAULT_FILES = [
  'otel-collector-config.yaml',
  'otel-collector-config.yml',
  'otelcol-config.yaml',
  'otelcol-config.yml',
];

/** @typedef {{ port: number, host: string, what: string, defaulted?: boolean }} Listener */
/**
 * @typedef {object} CollectorContext
 * @property {Record<string, any>} config the merged collector config
 * @property {string | null} service the compose service running the collector
 * @property {(v: unknown) => string} resolve collector interpolation with that service's env
 * @property {Listener[]} listeners addresses components listen on
 * @property {{ where: string, service: string, port: number | null }[]} targets where exporters send
 * @property {import('./compose-model.mjs').ComposeModel} compose
 * @property {import('./findings.mjs').Findings} findings
 */

/**
 * The collector config files: the given ones, else a conventional name in the project root,
 * else the file mounted as --config into the collector service.
 */
export function findCollectorFiles(root, given, compose) {
  if (given.length) return given.map((f) => path.resolve(root, f));
  const conventional = DEFAULT_FILES.map((f) => path.join(root, f)).find((f) => fs.existsSync(f));
  if (conventional) return [conventional];
  return compose.byKind('collector').flatMap((svc) => configFilesOf(svc, compose));
}

/** Host files mounted into a collector service at the paths of its --config arguments. */
export function configFilesOf(svc, compose) {
  const out = [];
  for (const arg of compose.commandArgs(compose.services[svc])) {
    const m = arg.match(/^--config[= ](?:file:)?(\/.+\.ya?ml)$/);
    const host = m && compose.containerToHost(svc, m[1]);
    if (host && fs.existsSync(host)) out.push(host);
  }
  return out;
}

/** otelcol merges maps and replaces lists when given several --config files. */
const merge = (a, b) => {
  if (!isObj(a) || !isObj(b)) return b === undefined ? a : b;
  const out = { ...a };
  for (const [k, v] of Object.entries(b)) out[k] = k in out ? merge(out[k], v) : v;
  return out;
};

/**
 * Loads and merges the collector config files and checks each is mounted at the path the
 * collector service reads. The service defaults to the collector that mounts the first file
 * (else the first collector service). Returns null when there is no usable config.
 * @param {string[]} files
 * @param {import('./compose-model.mjs').ComposeModel} compose
 * @param {import('./findings.mjs').Findings} findings
 * @param {string | null} [forService]
 * @returns {CollectorContext | null}
 */
export function loadCollector(files, compose, findings, forService) {
  const collectors = compose.byKind('collector');
  const service =
    forService ??
    collectors.find((svc) => files[0] && compose.hostToContainer(svc, files[0])) ??
    collectors[0] ??
    null;
  let config = null;
  if (!files.length) findings.warn('collector', '-', 'no collector config found');
  for (const f of files) {
    const where = findings.rel(f);
    if (!fs.existsSync(f)) {
      findings.error('collector', where, 'file not found');
      continue;
    }
    const y = readYaml(findings, f, 'collector');
    if (!y) continue;
    if (y.data === null || y.data === undefined) {
      findings.info('collector', where, 'empty config file');
      continue;
    }
    if (!isObj(y.data)) {
      findings.error('collector', where, 'not a YAML mapping');
      continue;
    }
    config = config ? merge(config, y.data) : y.data;
    if (service) checkMounted(f, service, compose, findings);
  }
  if (!config) return null;
  const env = service ? compose.serviceEnv(compose.services[service]) : {};
  const resolve = (v) => interpolateCollector(v, env).value;
  return { config, service, resolve, listeners: [], targets: [], compose, findings };
}

/** Reports a collector config that is not mounted where `service` reads its config. */
export function checkMounted(file, service, compose, findings) {
  const where = findings.rel(file);
  const inContainer = compose.hostToContainer(service, file);
  if (!inContainer) {
    findings.warn('collector', where, `not mounted into the "${service}" service`);
    return;
  }
  const args = compose.commandArgs(compose.services[service]);
  const image = compose.imageOf(compose.services[service]);
  const defaultPath = /contrib/.test(image)
    ? '/etc/otelcol-contrib/config.yaml'
    : '/etc/otelcol/config.yaml';
  const given = args
    .filter((a) => a.startsWith('--config'))
    .map((a) => a.replace(/^--config[= ]?(file:)?/, ''));
  if (given.length ? !given.includes(inContainer) : inContainer !== defaultPath) {
    const reads = given.length
      ? given.map((g) => `--config=${g}`).join(' ')
      : `its default config ${defaultPath}`;
    const msg = `mounted at ${inContainer} but the collector is started with ${reads}`;
    findings.error('collector', where, msg);
  }
}

/**
 * Checks every component against the component catalog and its known settings, records
 * listeners and checks exporter targets.
 * @param {CollectorContext} ctx
 * @param {Record<string, any>} catalog otelcol-contrib-components.json
 * @returns {Record<string, Set<string>>} kind → defined component ids
 */
export function checkComponents(ctx, catalog) {
  const { config, findings } = ctx;
  for (const k of Object.keys(config)) {
    if (![...KINDS, 'service'].includes(k)) {
      const msg = `unknown top-level section (allowed: ${[...KINDS, 'service'].join(', ')})`;
      findings.error('collector', k, msg);
    }
  }
  const defined = {};
  for (const kind of KINDS) {
    defined[kind] = new Set();
    const section = config[kind];
    if (section === undefined || section === null) continue;
    if (!isObj(section)) {
      findings.error('collector', kind, 'must be a mapping of component ids');
      continue;
    }
    for (const [id, cfg] of Object.entries(section)) {
      defined[kind].add(id);
      const type = canonicalType(kind, id, catalog, findings);
      checkKeys(`${kind}/${type}`, cfg, `${kind}.${id}`, findings);
      recordListeners(ctx, kind, id, type, cfg);
      if (kind === 'exporters') checkExporterTargets(ctx, id, type, cfg);
    }
  }
  return defined;
}

/** The component's type, with deprecated aliases mapped to the current name (a warning). */
function canonicalType(kind, id, catalog, findings) {
  const type = id.split('/')[0];
  const where = `${kind}.${id}`;
  const release = `${catalog.distribution} ${catalog.version}`;
  const known = new Set(catalog[kind] || []);
  const alias = catalog.deprecatedAliases?.[kind]?.[type];
  if (!/^[a-zA-Z][0-9a-zA-Z_]{0,62}$/.test(type)) {
    findings.error('collector', where, `invalid component type "${type}"`);
  } else if (alias) {
    const name = id.includes('/') ? `${alias}/${id.split('/').slice(1).join('/')}` : alias;
    const msg = `"${type}" is a deprecated alias of "${alias}" in ${release}; prefer ${name}`;
    findings.warn('collector', where, msg);
    return alias;
  } else if (!known.has(type)) {
    const gone = catalog.notInDistribution?.[kind]?.[type];
    const squash = (s) => s.replace(/_/g, '');
    const close = [...known]
      .filter((n) => squash(n) === squash(type) || n.startsWith(type) || type.startsWith(n))
      .slice(0, 3);
    const msg =
      `unknown ${kind.slice(0, -1)} type "${type}" for ${release}` +
      (gone ? ` (${gone})` : '') +
      (close.length ? `; did you mean ${close.join(', ')}?` : '');
    findings.error('collector', where, msg);
  }
  return type;
}

/** Records where a component listens; unset endpoints default to localhost in recent releases. */
function recordListeners(ctx, kind, id, type, cfg) {
  const add = (endpoint, defaultPort, what) => {
    if (endpoint === undefined || endpoint === null) {
      if (defaultPort) {
        ctx.listeners.push({ port: defaultPort, host: 'localhost', what, defaulted: true });
      }
      return;
    }
    const hp = parseHostPort(ctx.resolve(String(endpoint)));
    if (hp?.port) ctx.listeners.push({ port: hp.port, host: hp.host, what });
  };
  const enabled = (ctx.config.service?.extensions || []).includes(id);
  if (kind === 'receivers' && type === 'otlp') {
    const protocols = cfg?.protocols;
    if (!isObj(protocols) || (!('grpc' in protocols) && !('http' in protocols))) {
      const msg = 'otlp receiver needs protocols.grpc and/or protocols.http';
      ctx.findings.error('collector', `${kind}.${id}.protocols`, msg);
      return;
    }
    if ('grpc' in protocols) add(protocols.grpc?.endpoint, 4317, `${id} grpc`);
    if ('http' in protocols) add(protocols.http?.endpoint, 4318, `${id} http`);
  } else if (kind === 'extensions') {
    const defaults = { health_check: 13133, zpages: 55679, pprof: 1777 };
    if (enabled && defaults[type]) add(cfg?.endpoint, defaults[type], id);
  } else if (kind === 'exporters' && type === 'prometheus') add(cfg?.endpoint, null, id);
  else if (kind === 'receivers' && isObj(cfg)) {
    // Scrapers also have an `endpoint`, but it is the address they poll, not one they bind.
    const scrapers = ['prometheus', 'http_check', 'nginx', 'redis', 'postgresql', 'docker_stats'];
    const url = /^[a-z]+:\/\//.test(String(cfg.endpoint));
    if (typeof cfg.endpoint === 'string' && !url && !scrapers.includes(type)) {
      add(cfg.endpoint, null, id);
    }
    for (const [name, p] of Object.entries(isObj(cfg.protocols) ? cfg.protocols : {})) {
      if (p?.endpoint) add(p.endpoint, null, `${id} ${name}`);
    }
  }
}
