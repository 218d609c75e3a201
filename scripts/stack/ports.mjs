/**
 * Port checks across compose and the collector: collector listeners bound where the published
 * ports and other containers reach them, and apps' OTLP endpoints on the port of their protocol.
 */
import { ANY, LOOPBACK, parseHostPort } from './endpoints.mjs';

const OTLP_ENDPOINT_VARS = [
  'OTEL_EXPORTER_OTLP_ENDPOINT',
  'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT',
  'OTEL_EXPORTER_OTLP_METRICS_ENDPOINT',
  'OTEL_EXPORTER_OTLP_LOGS_ENDPOINT',
];
const sorted = (ports) => [...ports].sort((a, b) => a - b).join(', ') || 'none';

/**
 * Collector listeners versus the collector service's published ports.
 * @param {import('./collector.mjs').CollectorContext} ctx
 */
export function checkCollectorPorts(ctx) {
  const { compose, findings, service, listeners } = ctx;
  if (!service) return;
  const { published } = compose.servicePorts[service];
  const isPublished = (port) => published.some((p) => Number(p.target) === port);
  for (const l of listeners) {
    const where = `${service}: ${l.what}`;
    const reachable = published.some((p) => Number(p.target) === l.port && p.published !== null);
    const host = /^\$\{/.test(l.host) ? null : l.host;
    if (l.defaulted) {
      const msg =
        `no endpoint set: recent collectors default to localhost:${l.port}, which other ` +
        `containers cannot reach; set endpoint: 0.0.0.0:${l.port}`;
      findings.warn('ports', where, msg);
    } else if (host !== null && LOOPBACK.has(host)) {
      const who = reachable
        ? 'the published port will not reach it'
        : 'other containers cannot reach it';
      findings[reachable ? 'error' : 'warn'](
        'ports',
        where,
        `listens on ${host}:${l.port}; ${who}`,
      );
    } else if (host !== null && !ANY.has(host) && !compose.hostToService.has(host)) {
      findings.info('ports', where, `binds to ${host}:${l.port}`);
    }
  }
  const listening = new Set(listeners.map((l) => l.port));
  for (const p of published) {
    if (!listening.has(Number(p.target))) {
      const msg =
        `container port ${p.target} is published but no collector component listens on it ` +
        `(listening: ${sorted(listening)})`;
      findings.warn('ports', `services.${service}.ports`, msg);
    }
  }
  for (const l of listeners) {
    if (/^otlp/.test(l.what) && !isPublished(l.port)) {
      const msg = `${l.what} port ${l.port} is not published; apps outside compose cannot reach it`;
      findings.info('ports', `services.${service}.ports`, msg);
    }
  }
}

/**
 * Apps configured with OTEL_EXPORTER_OTLP_*ENDPOINT: the host is a compose service, and a
 * collector target's port matches the protocol (http/protobuf, the default, is 4318).
 * @param {import('./compose-model.mjs').ComposeModel} compose
 * @param {import('./collector.mjs').CollectorContext | null | (import('./collector.mjs').CollectorContext | null)[]} collectors
 * @param {import('./findings.mjs').Findings} findings
 */
export function checkAppEndpoints(compose, collectors, findings) {
  const all = (Array.isArray(collectors) ? collectors : [collectors]).filter(Boolean);
  const collectorOf = (svc) => all.find((c) => c.service === svc || c.services?.includes(svc));
  for (const [name, s] of Object.entries(compose.services)) {
    const env = compose.serviceEnv(s);
    for (const key of OTLP_ENDPOINT_VARS) {
      const hp = parseHostPort(env[key]);
      if (!hp?.host || /\$\{/.test(hp.host)) continue;
      const where = `services.${name}.environment.${key}`;
      const target = compose.hostToService.get(hp.host);
      if (!target) {
        if (!LOOPBACK.has(hp.host)) {
          findings.warn('ports', where, `host "${hp.host}" is not a compose service`);
        }
        continue;
      }
      const ctx = collectorOf(target);
      if (!ctx || !hp.port) continue;
      const explicit = env[key.replace('ENDPOINT', 'PROTOCOL')] || env.OTEL_EXPORTER_OTLP_PROTOCOL;
      const grpc = (explicit || 'http/protobuf').toLowerCase() === 'grpc';
      const want = ctx.listeners
        .filter((l) => /^otlp/.test(l.what) && l.what.includes(grpc ? 'grpc' : 'http'))
        .map((l) => l.port);
      if (!want.length || want.includes(hp.port)) continue;
      const why = explicit
        ? `protocol ${explicit}`
        : 'no OTEL_EXPORTER_OTLP_PROTOCOL, so http/protobuf (the SDK default)';
      const msg =
        `${why} but port ${hp.port}; the collector's OTLP ${grpc ? 'gRPC' : 'HTTP'} receiver ` +
        `listens on ${want.join(', ')}`;
      findings[explicit ? 'error' : 'warn']('ports', where, msg);
    }
  }
}
