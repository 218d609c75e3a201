import { connect } from 'node:net';

/**
 * What a TCP connection attempt to an OTLP endpoint found.
 *
 * @example
 * ```ts
 * const result: ProbeResult = await probeEndpoint('http://localhost:4318/v1/logs', 250);
 * ```
 */
export type ProbeResult = 'open' | 'unreachable' | 'unknown';

// Answers that mean no collector can be reached there now. Anything else (a timeout, a reset)
// is not proof, so the normal shutdown bound applies.
const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH']);

/**
 * Tries a TCP connection to the host and port of an OTLP/HTTP endpoint URL, within
 * `timeoutMs`: `open` when one was made (it is closed at once), `unreachable` when the host
 * refused it or does not resolve, `unknown` otherwise (timeout, other errors, a malformed URL).
 * Never throws; the socket never keeps the process alive.
 *
 * @example
 * ```ts
 * await probeEndpoint('http://localhost:4318/v1/traces', 250); // 'unreachable' with no collector
 * ```
 */
export function probeEndpoint(url: string, timeoutMs: number): Promise<ProbeResult> {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return Promise.resolve('unknown');
  }
  const port = Number(target.port) || (target.protocol === 'https:' ? 443 : 80);
  const host = target.hostname.replace(/^\[(.*)\]$/, '$1');
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    socket.unref();
    const settle = (result: ProbeResult) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(result);
    };
    const timer = setTimeout(() => settle('unknown'), timeoutMs);
    timer.unref();
    socket.once('connect', () => settle('open'));
    socket.once('error', (error: NodeJS.ErrnoException) => {
      settle(UNREACHABLE_CODES.has(error.code ?? '') ? 'unreachable' : 'unknown');
    });
  });
}

/**
 * The first endpoint found unreachable when every given endpoint is unreachable, else
 * `undefined` (also for an empty list). Endpoints are probed in parallel.
 *
 * @example
 * ```ts
 * const dead = await allUnreachable(['http://localhost:4318/v1/traces'], 250);
 * if (dead) skipExportAtExit(dead);
 * ```
 */
export async function allUnreachable(
  urls: readonly string[],
  timeoutMs: number,
): Promise<string | undefined> {
  const unique = [...new Set(urls)];
  if (unique.length === 0) return undefined;
  const results = await Promise.all(unique.map((url) => probeEndpoint(url, timeoutMs)));
  return results.every((result) => result === 'unreachable') ? unique[0] : undefined;
}
