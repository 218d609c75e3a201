/**
 * The merged Compose project as the other checks need it: which service is which backend (by
 * image), which host names reach which service, which ports each listens on and publishes, and
 * how bind mounts map host paths to container paths.
 */
import path from 'node:path';
import { isObj } from './findings.mjs';
import { parsePortEntry } from './endpoints.mjs';

/** @typedef {import('./endpoints.mjs').PortEntry} PortEntry */
import { interpolate } from './interpolate.mjs';

/** Backends recognised by image, with the ports their images listen on by default. */
const KNOWN_IMAGES = [
  { kind: 'collector', re: /opentelemetry-collector|otelcol/i, ports: [] },
  { kind: 'lgtm', re: /grafana\/otel-lgtm/i, ports: [3000, 4317, 4318, 9090, 3100, 3200, 4040] },
  {
    kind: 'jaeger',
    re: /jaegertracing\/(jaeger|all-in-one)/i,
    ports: [16686, 16685, 4317, 4318, 5778, 5779, 9411, 14250, 14268, 13133],
  },
  { kind: 'tempo', re: /grafana\/tempo(?!-)/i, ports: [3200, 4317, 4318, 9095] },
  { kind: 'loki', re: /grafana\/loki/i, ports: [3100, 9095] },
  { kind: 'prometheus', re: /(^|\/)prom\/prometheus|prometheus\/prometheus/i, ports: [9090] },
  { kind: 'grafana', re: /grafana\/grafana(-oss|-enterprise)?(:|@|$)/i, ports: [3000] },
  { kind: 'pyroscope', re: /grafana\/pyroscope/i, ports: [4040] },
];

export class ComposeModel {
  /**
   * @param {object} init
   * @param {Record<string, any>} init.services merged services
   * @param {Record<string, any>} init.volumes top-level named volumes
   * @param {Record<string, string>} init.fileOf service → the compose file that declared it
   * @param {Record<string, string>} init.env variables for interpolation (.env)
   * @param {import('./findings.mjs').Findings} findings
   */
  constructor({ services, volumes, fileOf, env }, findings) {
    this.services = services;
    this.volumes = volumes;
    this.fileOf = fileOf;
    this.env = env;
    this.names = Object.keys(services);
    /** Host names on the compose network → service (name, container_name, hostname, aliases). */
    this.hostToService = new Map();
    for (const [name, s] of Object.entries(services)) {
      this.hostToService.set(name, name);
      if (s.container_name) this.hostToService.set(this.I(s.container_name).value, name);
      if (s.hostname) this.hostToService.set(this.I(s.hostname).value, name);
      const networks = isObj(s.networks) ? Object.values(s.networks) : [];
      for (const n of networks) {
        for (const alias of n?.aliases || []) this.hostToService.set(this.I(alias).value, name);
      }
    }
    /** @type {Record<string, { published: PortEntry[], container: Set<number> }>} */
    this.servicePorts = {};
    for (const [name, s] of Object.entries(services)) {
      const published = [];
      const container = new Set();
      (s.ports || []).forEach((p, i) => {
        const parsed = parsePortEntry(p, (x) => this.I(x));
        if (!parsed) {
          const entry = JSON.stringify(p);
          findings.info('ports', `${name}.ports[${i}]`, `cannot resolve ${entry}; skipped`);
          return;
        }
        for (const e of parsed) {
          container.add(Number(e.target));
          published.push(e);
        }
      });
      for (const e of s.expose || []) {
        const m = this.I(String(e)).value.match(/^(\d+)/);
        if (m) container.add(Number(m[1]));
      }
      this.servicePorts[name] = { published, container };
    }
  }

  /** Compose interpolation with the project's .env. */
  I(s) {
    return interpolate(s, this.env);
  }

  imageOf(svc) {
    return svc?.image ? this.I(String(svc.image)).value : '';
  }

  /** The known backend a service runs, by image, or null. */
  kindOf(svc) {
    const image = this.imageOf(svc);
    return KNOWN_IMAGES.find((k) => k.re.test(image)) || null;
  }

  /** Services running the given backend kind. */
  byKind(kind) {
    return this.names.filter((n) => this.kindOf(this.services[n])?.kind === kind);
  }

  /** Container ports a service listens on: its ports/expose plus its image's defaults. */
  listeningPorts(name) {
    const set = new Set(this.servicePorts[name]?.container);
    for (const p of this.kindOf(this.services[name])?.ports || []) set.add(p);
    return set;
  }

  /** Bind mounts of a service: absolute host source and container target. */
  mountsOf(name) {
    const out = [];
    const base = path.dirname(this.fileOf[name] ?? '.');
    for (const v of this.services[name]?.volumes || []) {
      if (typeof v === 'string') {
        const r = this.I(v);
        if (r.unresolved) continue;
        const [src, tgt] = r.value.split(':');
        if (tgt && (/^[./~]/.test(src) || path.isAbsolute(src))) {
          out.push({ source: path.resolve(base, src), target: tgt });
        }
      } else if (isObj(v) && v.type === 'bind' && v.source) {
        out.push({ source: path.resolve(base, this.I(String(v.source)).value), target: v.target });
      }
    }
    return out;
  }

  /** The host path behind a container path of a service (longest bind mount wins), or null. */
  containerToHost(name, containerPath) {
    let best = null;
    for (const m of this.mountsOf(name)) {
      const t = m.target.replace(/\/+$/, '');
      const inside = containerPath === t || containerPath.startsWith(`${t}/`);
      if (inside && (!best || t.length > best.t.length)) best = { t, m };
    }
    return best ? path.join(best.m.source, containerPath.slice(best.t.length)) : null;
  }

  /** Where a host file appears inside a service's container, or null when not mounted. */
  hostToContainer(name, hostPath) {
    for (const m of this.mountsOf(name)) {
      if (hostPath === m.source) return m.target;
      if (hostPath.startsWith(m.source + path.sep)) {
        const relPath = path.relative(m.source, hostPath).split(path.sep).join('/');
        return path.posix.join(m.target, relPath);
      }
    }
    return null;
  }

  /** A service's command as interpolated arguments. */
  commandArgs(svc) {
    const c = svc?.command;
    if (!c) return [];
    return (Array.isArray(c) ? c : String(c).split(/\s+/)).map((x) => this.I(String(x)).value);
  }

  /** A service's environment (list or map syntax), interpolated; bare names come from .env. */
  serviceEnv(svc) {
    const env = {};
    const e = svc?.environment;
    if (Array.isArray(e)) {
      for (const item of e) {
        const s = String(item);
        const i = s.indexOf('=');
        if (i >= 0) env[s.slice(0, i)] = this.I(s.slice(i + 1)).value;
        else if (this.env[s] !== undefined) env[s] = this.env[s];
      }
    } else if (isObj(e)) {
      for (const [k, v] of Object.entries(e)) {
        env[k] = v === null ? this.env[k] : this.I(String(v)).value;
      }
    }
    return env;
  }
}
