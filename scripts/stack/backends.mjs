/**
 * Checks of the backend configs in stack/ (Tempo, Loki, Prometheus), found through the
 * `-config.file` each service is started with: the file is mounted there and parses, the ports it
 * listens on match what compose exposes and what the collector sends to, and every URL it calls
 * (remote write, scrape targets) reaches a compose service.
 */
import fs from 'node:fs';
import { LOOPBACK, parseHostPort } from './endpoints.mjs';
import { isObj, readYaml } from './findings.mjs';
import { checkRuleFiles } from './prometheus-rules.mjs';

const CONFIG_FLAG = /^--?config\.file[= ](.+)$/;
/** Tempo's OTLP receiver ports; its endpoints default to localhost (Tempo 2.7+). */
const TEMPO_OTLP = { grpc: 4317, http: 4318 };
const TRANSLATION_STRATEGIES = [
  'UnderscoreEscapingWithSuffixes',
  'UnderscoreEscapingWithoutSuffixes',
  'NoUTF8EscapingWithSuffixes',
  'NoTranslation',
];

/**
 * @param {import('./compose-model.mjs').ComposeModel} compose
 * @param {import('./collector.mjs').CollectorContext | null | (import('./collector.mjs').CollectorContext | null)[]} collectors
 *   the collector(s) sending to the backends
 * @param {import('./findings.mjs').Findings} findings
 * @returns {{ configs: string[], rules: string[] }} the config and rule files checked
 */
export function checkBackends(compose, collectors, findings) {
  const all = (Array.isArray(collectors) ? collectors : [collectors]).filter(Boolean);
  // What the checks need of the collectors: where they send, and what each one listens on.
  const collector = {
    targets: all.flatMap((c) => c.targets),
    listenersOf: (svc) =>
      all.find((c) => c.services?.includes(svc) || c.service === svc)?.listeners,
  };
  const checked = [];
  const rules = [];
  for (const svc of compose.names) {
    const kind = compose.kindOf(compose.services[svc])?.kind;
    if (!Object.hasOwn(CHECKS, kind ?? '')) continue;
    const args = compose.commandArgs(compose.services[svc]);
    const configPath = args.map((a) => a.match(CONFIG_FLAG)?.[1]).find(Boolean);
    if (!configPath) continue;
    const file = compose.containerToHost(svc, configPath);
    if (!file) {
      const msg = `${configPath} is not bind-mounted from the project; not checked`;
      findings.info('backends', `services.${svc}`, msg);
      continue;
    }
    if (!fs.existsSync(file)) continue; // reported as a missing bind source
    const y = readYaml(findings, file, 'backends');
    if (!y) continue;
    const where = findings.rel(file);
    if (!isObj(y.data)) {
      findings.error('backends', where, 'not a YAML mapping');
      continue;
    }
    checked.push(file);
    const ctx = { compose, collector, findings, svc, where, args, config: y.data, configPath };
    checkListening(ctx, CHECKS[kind](ctx));
    if (kind === 'prometheus') rules.push(...checkRuleFiles(ctx));
  }
  return { configs: checked, rules };
}

/** Compose's exposed ports and the collector's exporter ports are ports the config listens on. */
function checkListening({ compose, collector, findings, svc, where }, listening) {
  const list = [...listening].sort((a, b) => a - b).join(', ');
  for (const port of compose.servicePorts[svc].container) {
    if (!listening.has(port)) {
      findings.warn(
        'backends',
        where,
        `"${svc}" exposes ${port} but this config listens on ${list}`,
      );
    }
  }
  for (const t of collector.targets) {
    if (t.service === svc && t.port && !listening.has(t.port)) {
      findings.error(
        'backends',
        t.where,
        `sends to ${svc}:${t.port} but ${where} listens on ${list}`,
      );
    }
  }
}

/** A URL the backend calls names a compose service listening on that port. */
function checkUrl({ compose, collector, findings, svc }, url, where, self) {
  const hp = parseHostPort(compose.I(String(url)).value);
  if (!hp?.host) {
    findings.warn('backends', where, `cannot parse "${url}"`);
    return null;
  }
  const target = LOOPBACK.has(hp.host) ? svc : compose.hostToService.get(hp.host);
  if (!target) {
    findings.error('backends', where, `host "${hp.host}" is not a compose service`);
    return null;
  }
  const listeners = collector.listenersOf(target);
  const ports =
    target === svc
      ? self
      : listeners
        ? new Set(listeners.map((l) => l.port))
        : compose.listeningPorts(target);
  if (hp.port && !ports.has(hp.port)) {
    findings.warn('backends', where, `"${target}" is not known to listen on ${hp.port}`);
  }
  return { target, hp };
}

/** Tempo's listen ports (OTLP receivers reachable from other containers) and remote write. */
function checkTempo(ctx) {
  const { config, findings, where } = ctx;
  const listening = new Set([config.server?.http_listen_port ?? 3200]);
  listening.add(config.server?.grpc_listen_port ?? 9095);
  const protocols = config.distributor?.receivers?.otlp?.protocols;
  for (const [name, port] of Object.entries(TEMPO_OTLP)) {
    if (!isObj(protocols) || !(name in protocols)) continue;
    const hp = parseHostPort(String(protocols[name]?.endpoint ?? `localhost:${port}`));
    if (!hp?.port) continue;
    if (LOOPBACK.has(hp.host)) {
      const how = protocols[name]?.endpoint ? '' : ' (the default)';
      const msg =
        `listens on ${hp.host}:${hp.port}${how}; other containers cannot reach it; ` +
        `set endpoint: 0.0.0.0:${hp.port}`;
      findings.error('backends', `${where}:distributor.receivers.otlp.protocols.${name}`, msg);
    }
    listening.add(hp.port);
  }
  const remoteWrite = config.metrics_generator?.storage?.remote_write || [];
  remoteWrite.forEach((rw, i) => {
    const at = `${where}:metrics_generator.storage.remote_write[${i}].url`;
    const hit = rw?.url ? checkUrl(ctx, rw.url, at, listening) : null;
    if (hit && ctx.compose.kindOf(ctx.compose.services[hit.target])?.kind === 'prometheus') {
      checkPrometheusWrite(ctx, hit, at);
    }
  });
  return listening;
}

/** Remote write into Prometheus needs /api/v1/write and --web.enable-remote-write-receiver. */
function checkPrometheusWrite({ compose, findings }, { target, hp }, at) {
  if (hp.path.replace(/\/$/, '') !== '/api/v1/write') {
    findings.error(
      'backends',
      at,
      `Prometheus' remote-write path is /api/v1/write; got "${hp.path || '/'}"`,
    );
  }
  const args = compose.commandArgs(compose.services[target]);
  if (!args.includes('--web.enable-remote-write-receiver')) {
    findings.error(
      'backends',
      at,
      `"${target}" must be started with --web.enable-remote-write-receiver`,
    );
  }
}

/** Loki's listen ports; when the collector sends OTLP logs, what OTLP ingestion needs. */
function checkLoki({ config, collector, findings, svc, where }) {
  const listening = new Set([config.server?.http_listen_port ?? 3100]);
  listening.add(config.server?.grpc_listen_port ?? 9095);
  // OTLP attributes become structured metadata: allowed, and stored by tsdb with schema v13.
  if (!collector.targets.some((t) => t.service === svc)) return listening;
  if (config.limits_config?.allow_structured_metadata === false) {
    findings.error(
      'backends',
      `${where}:limits_config`,
      'allow_structured_metadata: false refuses OTLP logs with attributes',
    );
  }
  const schemas = config.schema_config?.configs;
  const latest = Array.isArray(schemas) ? schemas[schemas.length - 1] : null;
  if (latest && (latest.store !== 'tsdb' || latest.schema !== 'v13')) {
    const msg =
      'OTLP ingestion needs store: tsdb and schema: v13 ' +
      `(latest entry: ${latest.store}/${latest.schema})`;
    findings.error('backends', `${where}:schema_config`, msg);
  }
  return listening;
}

/** Prometheus' listen port, OTLP translation strategy, scrape targets and remote write. */
function checkPrometheus(ctx) {
  const { config, findings, where, args } = ctx;
  const listen = args.map((a) => a.match(/^--web\.listen-address[= ](.+)$/)?.[1]).find(Boolean);
  const listening = new Set([parseHostPort(listen ?? ':9090')?.port ?? 9090]);
  const strategy = config.otlp?.translation_strategy;
  if (strategy !== undefined && !TRANSLATION_STRATEGIES.includes(strategy)) {
    const msg = `unknown otlp.translation_strategy "${strategy}" (${TRANSLATION_STRATEGIES.join(', ')})`;
    findings.error('backends', `${where}:otlp`, msg);
  }
  (config.scrape_configs || []).forEach((job, i) => {
    if (!job?.job_name) {
      findings.error('backends', `${where}:scrape_configs[${i}]`, 'job_name is required');
    }
    (job?.static_configs || []).forEach((sc, j) => {
      (sc?.targets || []).forEach((t, k) => {
        const at = `${where}:scrape_configs[${i}].static_configs[${j}].targets[${k}]`;
        checkUrl(ctx, t, at, listening);
      });
    });
  });
  (config.remote_write || []).forEach((rw, i) => {
    if (rw?.url) checkUrl(ctx, rw.url, `${where}:remote_write[${i}].url`, listening);
  });
  return listening;
}

const CHECKS = { tempo: checkTempo, loki: checkLoki, prometheus: checkPrometheus };
