// Runs the probe app under one runtime (Sightline or stock NodeSDK) with one setting's
// environment, and reduces what reached the receiver to comparable facts.
import { createServer } from 'node:net';
import { spawnNode } from '../helpers/child.js';
import { propagationHeaders } from '../helpers/propagation.js';
import type { Signal } from './otlp-decode.js';
import type { Receiver } from './receiver.js';

export type Runtime = 'sightline' | 'nodesdk';

/**
 * The preloads. `CONFORMANCE_SIGHTLINE_REGISTER` points the suite at another build (e.g. a copy
 * of an older dist/) to show which settings it diverged on.
 */
export const PRELOADS: Record<Runtime, string> = {
  sightline: process.env['CONFORMANCE_SIGHTLINE_REGISTER'] ?? './dist/register.js',
  nodesdk: './test/fixtures/conformance/nodesdk-register.mjs',
};
const PROBE = 'test/fixtures/conformance/probe.cjs';

/** The facts compared between the two runtimes (see `facts()`). */
export interface Facts {
  /** Exit code, and whether the probe finished. */
  exit: string;
  /** `<transport> <signal> <path>` of each OTLP request. */
  endpoints: string[];
  /** `<signal> <content-type>`. */
  contentTypes: string[];
  /** `<signal> <content-encoding or identity>`. */
  encodings: string[];
  /** `<signal> <name>=<value>` of the custom headers the settings use (`x-*`). */
  headers: string[];
  /** The resource attributes of interest (RESOURCE_KEYS), from the first payload. */
  resource: Record<string, unknown>;
  /** `telemetry.distro.*` of the resource. */
  distro: Record<string, unknown>;
  /** `service.version`, and whether `service.instance.id` is set. */
  identity: Record<string, unknown>;
  /** Namespaces (`host`, `process`, …) of all resource attribute keys. */
  namespaces: string[];
  /** `<kind>:<name>` of every exported span (kind: 1 internal, 2 server, 3 client). */
  spans: string[];
  /** Attributes of the probe's span left by the limits: how many, and the longest value. */
  spanAttributes: string;
  /** How many of the probe's two log records were exported over OTLP. */
  logs: number;
  /** Attributes of the probe's first log record left by the limits. */
  logAttributes: string;
  /** Temporality (1 delta, 2 cumulative) of the probe's counter and observable counter. */
  temporality: Record<string, number[]>;
  /** Requests per signal for traces and logs (batch sizes). */
  batches: string[];
  /** Propagation headers on the probe's outgoing call. */
  propagation: string[];
  /** Signals the console exporters printed to stdout. */
  console: string[];
  /** Whether the probe's scrape of the Prometheus endpoint returned its counter. */
  scrape: boolean;
  /** Whether the client gave up on an unanswered export within 2 s. */
  gaveUp: boolean;
  /** Signals exported by the batch processors on their own before the probe's mark. */
  beforeMark: string[];
  /** `OTEL_*` variable names the SDK's diagnostics mention. */
  diagnosed: string[];
  /** Whether the SDK wrote any diagnostics (NodeSDK's console logger writes info and debug
   * to stdout, Sightline's all levels to stderr). */
  diagnostics: 'silent' | 'some';
}
export type FactName = keyof Facts;

/** What one run saw. */
export interface Observation {
  runtime: Runtime;
  exitCode: number;
  stdout: string;
  stderr: string;
  facts: Facts;
}

/** Options of the probe run for one setting. */
export interface ProbeOptions {
  /** Serve and call `/healthz` in the probe (a SERVER span for a health path). */
  server?: boolean;
  /** Scrape `{prometheus}/metrics` after recording. */
  scrape?: boolean;
  /** Flush nothing; wait this long, then mark (see the probe). */
  waitMs?: number;
  /** Leave the run's exports unanswered. */
  hang?: boolean;
}

const RESOURCE_KEYS = [
  'service.name',
  'deployment.environment.name',
  'telemetry.sdk.name',
  'telemetry.sdk.language',
  'telemetry.sdk.version',
  'team',
  'region',
];

/** Every run's environment before the setting's own: the receiver, a service name, no NODE_ENV. */
function baseEnv(): Record<string, string | undefined> {
  return {
    OTEL_EXPORTER_OTLP_ENDPOINT: '{base}',
    OTEL_SERVICE_NAME: 'conformance',
    // Only the probe's flush (and the exit) export metrics.
    OTEL_METRIC_EXPORT_INTERVAL: '60000',
    PROBE_ECHO_URL: '{base}/echo',
    // vitest sets NODE_ENV=test; a production service has none.
    NODE_ENV: undefined,
  };
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * Runs the probe under `runtime` with `env` (`undefined` unsets a variable; `{base}`, `{grpc}`,
 * `{prometheus-port}` are replaced by this run's endpoints).
 */
export async function runProbe(
  receiver: Receiver,
  runtime: Runtime,
  run: string,
  env: Record<string, string | undefined>,
  options: ProbeOptions = {},
): Promise<Observation> {
  const merged: Record<string, string | undefined> = { ...baseEnv(), ...env };
  const needsGrpc = Object.values(merged).some((value) => value?.includes('{grpc}'));
  const grpc = needsGrpc ? await receiver.grpcUrl(run) : '';
  const prometheusPort = options.scrape ? String(await freePort()) : '';
  if (options.scrape) merged['PROBE_SCRAPE_URL'] = `http://localhost:${prometheusPort}/metrics`;
  if (options.server) merged['PROBE_SERVER'] = '1';
  if (options.waitMs !== undefined) merged['PROBE_WAIT_MS'] = String(options.waitMs);
  if (options.hang) receiver.hang(run);
  for (const [name, value] of Object.entries(merged)) {
    merged[name] = value
      ?.replaceAll('{base}', receiver.url(run))
      .replaceAll('{grpc}', grpc)
      .replaceAll('{prometheus-port}', prometheusPort);
  }
  const child = spawnNode(PROBE, ['--import', PRELOADS[runtime]], merged);
  const exitCode = await child.exited(20_000);
  const observation = { runtime, exitCode, stdout: child.stdout(), stderr: child.stderr() };
  return { ...observation, facts: facts(receiver, run, observation) };
}

const unique = (values: string[]): string[] => [...new Set(values)].sort();
const pick = (from: Record<string, unknown>, keys: string[]): Record<string, unknown> =>
  Object.fromEntries(keys.filter((key) => key in from).map((key) => [key, from[key]]));

function limitsOf(attributes: Record<string, unknown> | undefined): string {
  if (!attributes) return 'absent';
  const values = Object.entries(attributes)
    .filter(([key]) => key.startsWith('probe.attr.'))
    .map(([, value]) => String(value));
  return `${values.length} attributes, longest ${Math.max(0, ...values.map((v) => v.length))}`;
}

/** Whether the probe's scrape (a `{"scrape": body}` line) returned the probe's counter. */
function scraped(stdout: string): boolean {
  for (const line of stdout.split('\n')) {
    if (!line.startsWith('{"scrape"')) continue;
    const { scrape } = JSON.parse(line) as { scrape: string };
    return /^probe_counter(_total)?(\{[^}]*\})? 1$/m.test(scrape);
  }
  return false;
}

function facts(
  receiver: Receiver,
  run: string,
  { exitCode, stdout, stderr }: Omit<Observation, 'facts'>,
): Facts {
  const state = receiver.run(run);
  const requests = state.requests.filter((request) => request.decoded);
  const signal = (r: (typeof requests)[number]): Signal => r.decoded?.signal ?? 'traces';
  const spans = requests.flatMap((r) => r.decoded?.spans ?? []);
  const logs = requests.flatMap((r) => r.decoded?.logs ?? []);
  const resource =
    requests.find((r) => signal(r) === 'traces')?.decoded?.resource ??
    requests[0]?.decoded?.resource ??
    {};
  const temporality: Record<string, number[]> = {};
  for (const metric of requests.flatMap((r) => r.decoded?.metrics ?? [])) {
    if (!metric.name.startsWith('probe.') || metric.temporality === undefined) continue;
    temporality[metric.name] = unique([
      ...(temporality[metric.name] ?? []).map(String),
      String(metric.temporality),
    ]).map(Number);
  }
  const echo = state.echoes[0] ?? {};
  // The probe's own stdout lines are JSON (winston's and its own); anything else is diagnostics
  // or console exporter output.
  const diagnostics = stdout
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.startsWith('{'))
    .join('\n');
  const count = (s: Signal) => requests.filter((r) => signal(r) === s).length;
  return {
    exit: `${exitCode}${stdout.includes('{"probe":"done"}') ? '' : ' (probe unfinished)'}`,
    endpoints: unique(requests.map((r) => `${r.transport} ${signal(r)} ${r.path}`)),
    contentTypes: unique(requests.map((r) => `${signal(r)} ${r.contentType}`)),
    encodings: unique(requests.map((r) => `${signal(r)} ${r.contentEncoding || 'identity'}`)),
    headers: unique(
      requests.flatMap((r) =>
        Object.entries(r.headers)
          .filter(([name]) => name.startsWith('x-'))
          .map(([name, value]) => `${signal(r)} ${name}=${String(value)}`),
      ),
    ),
    resource: pick(resource, RESOURCE_KEYS),
    distro: pick(resource, ['telemetry.distro.name', 'telemetry.distro.version']),
    identity: {
      ...pick(resource, ['service.version']),
      ...('service.instance.id' in resource ? { 'service.instance.id': 'set' } : {}),
    },
    namespaces: unique(
      requests.flatMap((r) =>
        Object.keys(r.decoded?.resource ?? {}).map((k) => k.split('.')[0] ?? k),
      ),
    ),
    spans: spans.map((s) => `${s.kind}:${s.name}`).sort(),
    spanAttributes: limitsOf(spans.find((s) => s.name === 'probe.work')?.attributes),
    logs: logs.filter((l) => typeof l.body === 'string' && l.body.startsWith('probe ')).length,
    logAttributes: limitsOf(logs.find((l) => l.body === 'probe log')?.attributes),
    temporality,
    batches: [`traces ${count('traces')}`, `logs ${count('logs')}`],
    propagation: propagationHeaders(echo),
    console: [
      ...(stdout.includes("name: 'probe.work'") ? ['traces'] : []),
      ...(stdout.includes("name: 'probe.counter'") ? ['metrics'] : []),
      ...(stdout.includes("body: 'probe log'") ? ['logs'] : []),
    ],
    scrape: scraped(stdout),
    gaveUp: state.aborts.some((ms) => ms < 2_000),
    beforeMark: unique(
      state.requests.slice(0, state.beforeMark ?? 0).flatMap((r) => (r.decoded ? [signal(r)] : [])),
    ).filter((s) => s !== 'metrics'),
    diagnosed: unique(`${stderr}\n${diagnostics}`.match(/OTEL_[A-Z_]+/g) ?? []),
    diagnostics: stderr.trim() === '' && diagnostics.trim() === '' ? 'silent' : 'some',
  };
}
