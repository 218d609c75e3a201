/**
 * Parsing of endpoints (`http://host:port/path`, `host:port`) and Compose port entries.
 */
import { isObj } from './findings.mjs';

/** Host names that mean "this container". */
export const LOOPBACK = new Set(['localhost', '127.0.0.1', '::1']);
/** Bind addresses that mean "every interface". */
export const ANY = new Set(['', '0.0.0.0', '::']);

/** @typedef {{ scheme: string | null, host: string, port: number | null, path: string }} HostPort */

/**
 * Splits an endpoint into scheme, host, port and path; http/https imply ports 80/443.
 * @param {unknown} s
 * @returns {HostPort | null}
 */
export function parseHostPort(s) {
  if (typeof s !== 'string' || !s) return null;
  let rest = s;
  let scheme = null;
  let pathPart = '';
  const m = s.match(/^([a-z][a-z0-9+.-]*):\/\/(.*)$/i);
  if (m) {
    scheme = m[1].toLowerCase();
    rest = m[2];
  }
  const slash = rest.indexOf('/');
  if (slash >= 0) {
    pathPart = rest.slice(slash);
    rest = rest.slice(0, slash);
  }
  let host = rest;
  let port = null;
  const v6 = rest.match(/^\[([^\]]*)\](?::(\d+))?$/);
  if (v6) {
    host = v6[1];
    port = v6[2] ? Number(v6[2]) : null;
  } else {
    const i = rest.lastIndexOf(':');
    if (i >= 0) {
      host = rest.slice(0, i);
      port = /^\d+$/.test(rest.slice(i + 1)) ? Number(rest.slice(i + 1)) : null;
    }
  }
  if (port === null && scheme === 'http') port = 80;
  if (port === null && scheme === 'https') port = 443;
  return { scheme, host, port, path: pathPart };
}

/**
 * @typedef {object} PortEntry
 * @property {string} host_ip
 * @property {string | number | null} published host port, null when not published
 * @property {number} target container port
 * @property {string} protocol
 */

/**
 * Expands one Compose `ports` entry (short or long syntax, ranges) into single ports.
 * @param {unknown} p the entry
 * @param {(s: string) => { value: string, unresolved: boolean }} interpolate compose interpolation
 * @returns {PortEntry[] | null} null when a variable is unset or the entry cannot be read
 */
export function parsePortEntry(p, interpolate) {
  if (typeof p === 'number') return [{ host_ip: '', published: null, target: p, protocol: 'tcp' }];
  if (isObj(p)) {
    const target = Number(interpolate(String(p.target)).value);
    const published = p.published === undefined ? null : interpolate(String(p.published)).value;
    return [{ host_ip: p.host_ip || '', published, target, protocol: p.protocol || 'tcp' }];
  }
  const r = interpolate(String(p));
  if (r.unresolved) return null;
  let s = r.value;
  let protocol = 'tcp';
  const slash = s.lastIndexOf('/');
  if (slash > -1) {
    protocol = s.slice(slash + 1);
    s = s.slice(0, slash);
  }
  let hostIp = '';
  const v6 = s.match(/^\[([^\]]+)\]:(.*)$/);
  if (v6) {
    hostIp = v6[1];
    s = v6[2];
  }
  const parts = s.split(':');
  const target = parts.pop();
  const published = parts.length ? parts.pop() : null;
  if (parts.length) hostIp = parts.join(':');
  const targets = portRange(target);
  if (!targets) return null;
  const pubs = published ? portRange(published) : null;
  return targets.map((t, i) => ({
    host_ip: hostIp,
    published: pubs ? (pubs.length === targets.length ? pubs[i] : pubs[0]) : null,
    target: t,
    protocol,
  }));
}

/** "4317" or "8000-8005" → the port numbers; null when unreadable or absurdly large. */
function portRange(x) {
  const m = String(x).match(/^(\d+)(?:-(\d+))?$/);
  if (!m) return null;
  const a = Number(m[1]);
  const b = m[2] ? Number(m[2]) : a;
  return b - a > 200 ? null : Array.from({ length: b - a + 1 }, (_, i) => a + i);
}
