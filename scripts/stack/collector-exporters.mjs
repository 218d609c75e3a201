/**
 * Exporter target checks: every OTLP exporter endpoint names a compose service that listens on
 * that port, with the path the backend expects (Loki `/otlp`, Prometheus `/api/v1/otlp`).
 */
import { LOOPBACK, parseHostPort } from './endpoints.mjs';
import { isObj } from './findings.mjs';

const ENDPOINT_KEYS = ['endpoint', 'traces_endpoint', 'metrics_endpoint', 'logs_endpoint'];

/**
 * @param {import('./collector.mjs').CollectorContext} ctx
 * @param {string} id exporter id
 * @param {string} type canonical exporter type
 * @param {unknown} cfg
 */
export function checkExporterTargets(ctx, id, type, cfg) {
  if (!['otlp_grpc', 'otlp_http'].includes(type) || !isObj(cfg)) return;
  const { findings } = ctx;
  const perSignal = type === 'otlp_http' && ENDPOINT_KEYS.slice(1).some((k) => cfg[k]);
  if (!cfg.endpoint && !perSignal) {
    findings.error('collector', `exporters.${id}`, 'endpoint is required');
    return;
  }
  for (const key of ENDPOINT_KEYS) {
    if (cfg[key]) {
      checkEndpoint(ctx, type, key, ctx.resolve(String(cfg[key])), `exporters.${id}.${key}`);
    }
  }
}

function checkEndpoint(ctx, type, key, endpoint, where) {
  const { compose, findings } = ctx;
  const hp = parseHostPort(endpoint);
  if (!hp?.host) {
    findings.warn('collector', where, `cannot parse "${endpoint}"`);
    return;
  }
  if (type === 'otlp_http' && !hp.scheme) {
    const msg = `otlp_http endpoint needs a scheme (http:// or https://): "${endpoint}"`;
    findings.error('collector', where, msg);
  }
  if (/^\$\{/.test(hp.host)) {
    findings.info('collector', where, `host "${hp.host}" is an unresolved variable; not checked`);
    return;
  }
  if (LOOPBACK.has(hp.host)) {
    const msg = `"${hp.host}" is the collector container itself; use the compose service name`;
    findings.warn('collector', where, msg);
    return;
  }
  const target = compose.hostToService.get(hp.host);
  if (!target) {
    if (compose.names.length) {
      const msg = `host "${hp.host}" is not a compose service (services: ${compose.names.join(', ')})`;
      findings.error('collector', where, msg);
    }
    return;
  }
  ctx.targets.push({ where, service: target, port: hp.port });
  const listening = compose.listeningPorts(target);
  if (hp.port && !listening.has(hp.port)) {
    const known = [...listening].sort((a, b) => a - b).join(', ') || 'none';
    findings.warn(
      'ports',
      where,
      `"${target}" is not known to listen on ${hp.port} (known: ${known})`,
    );
  }
  if (!hp.port && type === 'otlp_grpc') {
    findings.error('collector', where, 'otlp_grpc endpoint needs a port (host:4317)');
  }
  if (type === 'otlp_http' && key === 'endpoint') checkBackendPath(ctx, target, hp, where);
  if (type === 'otlp_grpc' && hp.port === 4318) {
    findings.warn('collector', where, 'otlp_grpc exporter pointed at 4318, the OTLP/HTTP port');
  }
  if (type === 'otlp_http' && hp.port === 4317) {
    findings.warn('collector', where, 'otlp_http exporter pointed at 4317, the OTLP/gRPC port');
  }
}

/** The exporter appends /v1/<signal>, so the base path must be the backend's OTLP prefix. */
function checkBackendPath(ctx, target, hp, where) {
  const { compose, findings } = ctx;
  const kind = compose.kindOf(compose.services[target])?.kind;
  const got = hp.path.replace(/\/$/, '');
  const base = (port) => `http://${hp.host}:${hp.port || port}`;
  if (kind === 'loki' && got !== '/otlp') {
    const msg =
      `Loki's OTLP endpoint is ${base(3100)}/otlp (the exporter appends /v1/logs); ` +
      `got path "${hp.path || '/'}"`;
    findings.error('collector', where, msg);
  }
  if (kind === 'prometheus') {
    if (got !== '/api/v1/otlp') {
      const msg =
        `Prometheus' OTLP endpoint is ${base(9090)}/api/v1/otlp (the exporter appends ` +
        `/v1/metrics); got path "${hp.path || '/'}"`;
      findings.error('collector', where, msg);
    }
    const args = compose.commandArgs(compose.services[target]);
    if (!args.some((a) => a === '--web.enable-otlp-receiver' || /otlp-write-receiver/.test(a))) {
      findings.error(
        'collector',
        where,
        `"${target}" must be started with --web.enable-otlp-receiver`,
      );
    }
  }
}
