/**
 * Collectors beyond the main one (a scale-out tier: agents with a load_balancing exporter in
 * front of gateway collectors). Each config mounted with --config into another collector service
 * is loaded and goes through the same component, pipeline and port checks as the main config
 * (once per file, however many services share it), with findings prefixed by the file. Plus what
 * only a tier has: load_balancing exporters route to collectors that exist and listen, with a
 * routing key their pipelines allow, and self-telemetry pushed over OTLP reaches its target.
 */
import { checkMounted, configFilesOf, loadCollector } from './collector.mjs';
import { parseHostPort } from './endpoints.mjs';
import { isObj } from './findings.mjs';

const ROUTING_KEYS = ['traceID', 'service', 'resource', 'metric', 'streamID', 'attributes'];
/** routing_key → signals it may be used for (exporter/loadbalancingexporter README). */
const ROUTABLE = {
  traceID: ['traces', 'logs'],
  service: ['traces', 'logs', 'metrics'],
  resource: ['metrics'],
  metric: ['metrics'],
  streamID: ['metrics'],
  attributes: ['traces', 'logs', 'metrics'],
};
const RESOLVERS = ['static', 'dns', 'k8s', 'aws_cloud_map', 'dns_srv_no_a'];

/** Findings whose location starts with `prefix` (same list, same counts). */
function prefixed(findings, prefix) {
  const out = Object.create(findings);
  out.add = (level, area, where, msg) => findings.add(level, area, `${prefix}${where}`, msg);
  return out;
}

/**
 * Loads the configs of every collector service other than `main`'s.
 * @param {import('./compose-model.mjs').ComposeModel} compose
 * @param {import('./collector.mjs').CollectorContext | null} main
 * @param {import('./findings.mjs').Findings} findings
 * @returns {import('./collector.mjs').CollectorContext[]} one per distinct config, with `services`
 */
export function loadTierCollectors(compose, main, findings) {
  const byFiles = new Map();
  for (const svc of compose.byKind('collector')) {
    if (svc === main?.service) continue;
    const files = configFilesOf(svc, compose);
    if (!files.length) {
      const msg =
        'no --config file of this collector is bind-mounted from the project; not checked';
      findings.info('collector', `services.${svc}`, msg);
      continue;
    }
    const key = files.join('+');
    if (byFiles.has(key)) byFiles.get(key).services.push(svc);
    else byFiles.set(key, { files, services: [svc] });
  }
  const out = [];
  for (const { files, services } of byFiles.values()) {
    const scoped = prefixed(findings, `${files.map((f) => findings.rel(f)).join('+')}:`);
    const ctx = loadCollector(files, compose, scoped, services[0]);
    for (const svc of services.slice(1))
      for (const f of files) checkMounted(f, svc, compose, scoped);
    if (ctx) out.push(Object.assign(ctx, { files, services }));
  }
  return out;
}

/**
 * load_balancing exporters: routing key, resolver targets, and that the targets tail-sample
 * when routing by trace ID.
 * @param {import('./collector.mjs').CollectorContext} ctx
 * @param {import('./collector.mjs').CollectorContext[]} collectors every loaded collector
 */
export function checkLoadBalancing(ctx, collectors) {
  const { config, findings } = ctx;
  for (const [id, cfg] of Object.entries(isObj(config.exporters) ? config.exporters : {})) {
    const type = id.split('/')[0];
    if (type !== 'load_balancing' && type !== 'loadbalancing') continue;
    const where = `exporters.${id}`;
    if (!isObj(cfg)) {
      findings.error('collector', where, 'needs a resolver');
      continue;
    }
    const key = cfg.routing_key ?? 'traceID';
    if (!ROUTING_KEYS.includes(key)) {
      const msg = `unknown routing_key "${key}" (${ROUTING_KEYS.join(', ')})`;
      findings.error('collector', `${where}.routing_key`, msg);
    }
    for (const [pid, p] of Object.entries(config.service?.pipelines ?? {})) {
      const signal = pid.split('/')[0];
      if ((p?.exporters ?? []).includes(id) && ROUTABLE[key] && !ROUTABLE[key].includes(signal)) {
        const msg = `routing_key ${key} cannot route ${signal} (it routes ${ROUTABLE[key].join(', ')})`;
        findings.error('collector', `service.pipelines.${pid}.exporters`, msg);
      }
    }
    if (cfg.protocol?.otlp?.endpoint !== undefined) {
      const msg = 'endpoint is ignored: the exporter sets it to each resolved backend';
      findings.warn('collector', `${where}.protocol.otlp.endpoint`, msg);
    }
    const resolver = cfg.resolver;
    const kinds = isObj(resolver) ? Object.keys(resolver) : [];
    if (!kinds.length)
      findings.error('collector', where, `resolver (${RESOLVERS.join(', ')}) is required`);
    for (const k of kinds) {
      if (!RESOLVERS.includes(k))
        findings.error('collector', `${where}.resolver.${k}`, 'unknown resolver');
    }
    const backends = [];
    if (isObj(resolver?.static)) {
      const hostnames = resolver.static.hostnames;
      if (!Array.isArray(hostnames) || !hostnames.length) {
        findings.error(
          'collector',
          `${where}.resolver.static`,
          'hostnames (host:port list) is required',
        );
      }
      (hostnames ?? []).forEach((h, i) => {
        const hp = parseHostPort(ctx.resolve(String(h)));
        const at = `${where}.resolver.static.hostnames[${i}]`;
        backends.push(...targetsOf(ctx, hp?.host, hp?.port ?? 4317, at));
      });
    }
    if (isObj(resolver?.dns)) {
      const host = resolver.dns.hostname ? ctx.resolve(String(resolver.dns.hostname)) : null;
      const at = `${where}.resolver.dns.hostname`;
      if (!host) findings.error('collector', at, 'hostname is required');
      else backends.push(...targetsOf(ctx, host, Number(resolver.dns.port ?? 4317), at));
    }
    checkBackendsOf(ctx, collectors, backends, key, where);
  }
}

/** Compose services behind a resolver host (a name, or an alias several services share). */
function targetsOf(ctx, host, port, at) {
  const { compose, findings } = ctx;
  if (!host) {
    findings.error('collector', at, 'cannot parse host:port');
    return [];
  }
  const services = compose.names.filter(
    (n) => n === host || aliasesOf(compose.services[n]).includes(host),
  );
  if (!services.length) {
    findings.error('collector', at, `host "${host}" is not a compose service or network alias`);
  }
  return services.map((service) => ({ service, port, at }));
}

function aliasesOf(svc) {
  const nets = isObj(svc?.networks) ? Object.values(svc.networks) : [];
  return [svc?.hostname, svc?.container_name, ...nets.flatMap((n) => n?.aliases ?? [])].filter(
    Boolean,
  );
}

/** Each backend is a collector listening on the port; trace-ID routing feeds tail samplers. */
function checkBackendsOf(ctx, collectors, backends, key, where) {
  const { findings } = ctx;
  for (const { service, port, at } of backends) {
    const target = collectors.find((c) => c.services?.includes(service) || c.service === service);
    if (!target) {
      findings.warn('collector', at, `"${service}" is not a collector with a checked config`);
      continue;
    }
    const grpc = target.listeners.filter((l) => /^otlp\S* grpc$/.test(l.what)).map((l) => l.port);
    if (!grpc.includes(port)) {
      const msg = `"${service}" has no OTLP gRPC receiver on ${port} (listening: ${grpc.join(', ') || 'none'})`;
      findings.error('collector', at, msg);
    }
    const processors = Object.entries(target.config.service?.pipelines ?? {})
      .filter(([pid]) => pid.startsWith('traces'))
      .flatMap(([, p]) => p?.processors ?? []);
    const samples = processors.some((p) => String(p).split('/')[0] === 'tail_sampling');
    if (key === 'traceID' && !samples) {
      findings.info(
        'collector',
        at,
        `"${service}" does not tail-sample; trace-ID routing is not needed`,
      );
    }
  }
  const distinct = new Set(backends.map((b) => b.service));
  if (backends.length && distinct.size < 2) {
    findings.info('collector', where, 'only one backend: this tier does not scale out yet');
  }
}

/**
 * Self-telemetry pushed over OTLP (service.telemetry.metrics.readers[].periodic.exporter.otlp):
 * the endpoint is a full URL to a compose service; for Prometheus, its OTLP metrics path.
 * @param {import('./collector.mjs').CollectorContext} ctx
 */
export function checkTelemetryReaders(ctx) {
  const { compose, config, findings } = ctx;
  (config.service?.telemetry?.metrics?.readers ?? []).forEach((reader, i) => {
    const otlp = reader?.periodic?.exporter?.otlp;
    if (!otlp) return;
    const at = `service.telemetry.metrics.readers[${i}].periodic.exporter.otlp.endpoint`;
    const hp = parseHostPort(ctx.resolve(String(otlp.endpoint ?? '')));
    if (!hp?.host || !hp.scheme) {
      findings.error('collector', at, 'a full URL (http://host:port/path) is required');
      return;
    }
    const target = compose.hostToService.get(hp.host);
    if (!target) {
      findings.error('collector', at, `host "${hp.host}" is not a compose service`);
      return;
    }
    if (compose.kindOf(compose.services[target])?.kind !== 'prometheus') return;
    if (hp.path.replace(/\/$/, '') !== '/api/v1/otlp/v1/metrics') {
      const msg = `Prometheus' OTLP metrics URL is http://${hp.host}:${hp.port ?? 9090}/api/v1/otlp/v1/metrics`;
      findings.error('collector', at, msg);
    }
    const args = compose.commandArgs(compose.services[target]);
    if (!args.includes('--web.enable-otlp-receiver')) {
      findings.error(
        'collector',
        at,
        `"${target}" must be started with --web.enable-otlp-receiver`,
      );
    }
  });
}
