// The settings the suite runs under both runtimes, and what it compares for each: `same` facts
// must be equal; each `differ` entry is a documented deliberate difference (differences.ts) with
// the value each runtime must show.
import { readFileSync } from 'node:fs';
import type { DifferenceId } from './differences.js';
import type { FactName, Facts, ProbeOptions } from './harness.js';

export interface Expected {
  fact: FactName;
  id: DifferenceId;
  sightline: unknown;
  nodesdk: unknown;
}

export interface Setting {
  name: string;
  env: Record<string, string | undefined>;
  probe?: ProbeOptions;
  same: FactName[];
  differ?: Expected[];
  /** Facts both runtimes must show (so that "the same" cannot mean "both broken"). */
  expect?: Partial<Facts>;
}

const VERSION = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version: string;
  }
).version;
/** NodeSDK's default `service.name` (`defaultResource()`): the executable, as the probe ran. */
const UNKNOWN_SERVICE = `unknown_service:${process.execPath}`;
const EXPORTED: FactName[] = ['endpoints', 'contentTypes', 'spans', 'logs'];
const ALL_PATHS = ['http logs /v1/logs', 'http metrics /v1/metrics', 'http traces /v1/traces'];
const PROTOBUF = [
  'logs application/x-protobuf',
  'metrics application/x-protobuf',
  'traces application/x-protobuf',
];
const JSON_TYPES = ['logs application/json', 'metrics application/json', 'traces application/json'];
const GRPC_PATHS = [
  'grpc logs /opentelemetry.proto.collector.logs.v1.LogsService/Export',
  'grpc metrics /opentelemetry.proto.collector.metrics.v1.MetricsService/Export',
  'grpc traces /opentelemetry.proto.collector.trace.v1.TraceService/Export',
];
const PROBE_SPANS = ['1:probe.work', '3:GET'];
const PROBE_HEADERS = ['baggage', 'traceparent'];

export const SETTINGS: Setting[] = [
  // Endpoints and paths ("Endpoint URLs for OTLP/HTTP").
  {
    name: 'defaults: OTLP/HTTP protobuf to the base endpoint, W3C propagation',
    env: {},
    same: [...EXPORTED, 'propagation', 'temporality', 'encodings', 'batches', 'resource'],
    expect: {
      endpoints: ALL_PATHS,
      contentTypes: PROTOBUF,
      spans: PROBE_SPANS,
      logs: 2,
      propagation: PROBE_HEADERS,
      temporality: { 'probe.counter': [2], 'probe.observed': [2] },
    },
    differ: [
      {
        fact: 'namespaces',
        id: 'default-detectors',
        sightline: ['host', 'os', 'process', 'service', 'telemetry'],
        nodesdk: ['host', 'process', 'service', 'telemetry'],
      },
      {
        fact: 'distro',
        id: 'distro-attributes',
        sightline: { 'telemetry.distro.name': 'sightline', 'telemetry.distro.version': VERSION },
        nodesdk: {},
      },
      {
        fact: 'identity',
        id: 'service-identity',
        sightline: { 'service.version': '1.0.0', 'service.instance.id': 'set' },
        nodesdk: {},
      },
      { fact: 'diagnostics', id: 'startup-line', sightline: 'some', nodesdk: 'silent' },
    ],
  },
  {
    name: 'OTEL_EXPORTER_OTLP_ENDPOINT with a path',
    env: { OTEL_EXPORTER_OTLP_ENDPOINT: '{base}/otlp' },
    same: EXPORTED,
  },
  {
    name: 'OTEL_EXPORTER_OTLP_ENDPOINT ending in // (v1/<signal> appended, nothing rewritten)',
    env: { OTEL_EXPORTER_OTLP_ENDPOINT: '{base}/otlp//' },
    same: EXPORTED,
    expect: { endpoints: ALL_PATHS.map((path) => path.replace(' /v1', ' /otlp//v1')) },
  },
  {
    name: 'per-signal endpoints used as they are; a base with a trailing slash for the others',
    env: {
      OTEL_EXPORTER_OTLP_ENDPOINT: '{base}/',
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: '{base}/custom/traces',
      OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: '{base}/custom/metrics/',
    },
    same: EXPORTED,
  },
  // Protocols.
  {
    name: 'OTEL_EXPORTER_OTLP_PROTOCOL=http/json',
    env: { OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' },
    same: [...EXPORTED, 'temporality'],
  },
  {
    name: 'per-signal protocol and compression over the general ones',
    env: {
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      OTEL_EXPORTER_OTLP_LOGS_PROTOCOL: 'http/protobuf',
      OTEL_EXPORTER_OTLP_LOGS_COMPRESSION: 'gzip',
    },
    same: [...EXPORTED, 'encodings'],
  },
  {
    name: 'an invalid per-signal protocol falls back to the general one',
    env: {
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'http/xml',
    },
    same: ['endpoints', 'spans', 'logs'],
    differ: [
      {
        fact: 'contentTypes',
        id: 'per-signal-protocol-fallback',
        sightline: JSON_TYPES,
        nodesdk: [
          'logs application/json',
          'metrics application/json',
          'traces application/x-protobuf',
        ],
      },
    ],
  },
  {
    name: 'protocol values in upper case',
    env: { OTEL_EXPORTER_OTLP_PROTOCOL: 'HTTP/JSON' },
    same: ['endpoints', 'spans', 'logs'],
    differ: [
      {
        fact: 'contentTypes',
        id: 'case-insensitive-values',
        sightline: JSON_TYPES,
        nodesdk: PROTOBUF,
      },
    ],
  },
  {
    name: 'OTEL_EXPORTER_OTLP_PROTOCOL=grpc (default gRPC port replaced by the receiver)',
    env: { OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc', OTEL_EXPORTER_OTLP_ENDPOINT: '{grpc}' },
    same: [...EXPORTED, 'resource', 'temporality'],
    expect: { endpoints: GRPC_PATHS, spans: PROBE_SPANS, logs: 2 },
  },
  {
    name: 'gRPC for traces only, with headers as metadata and gzip',
    env: {
      OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'grpc',
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: '{grpc}',
      OTEL_EXPORTER_OTLP_HEADERS: 'x-api-key=secret',
      OTEL_EXPORTER_OTLP_TRACES_COMPRESSION: 'gzip',
    },
    same: [...EXPORTED, 'headers', 'encodings'],
  },
  // Headers, timeout, compression.
  {
    name: 'OTEL_EXPORTER_OTLP_HEADERS (percent-decoded) with a per-signal override, and gzip',
    env: {
      OTEL_EXPORTER_OTLP_HEADERS: 'x-api-key=secret,x-tenant=a%20b',
      OTEL_EXPORTER_OTLP_TRACES_HEADERS: 'x-tenant=traces',
      OTEL_EXPORTER_OTLP_COMPRESSION: 'gzip',
    },
    same: [...EXPORTED, 'headers', 'encodings'],
  },
  {
    name: 'OTEL_EXPORTER_OTLP_TIMEOUT gives up on a collector that never answers',
    env: {
      OTEL_EXPORTER_OTLP_TIMEOUT: '300',
      OTEL_METRICS_EXPORTER: 'none',
      OTEL_LOGS_EXPORTER: 'none',
    },
    probe: { hang: true },
    same: ['endpoints', 'gaveUp', 'exit'],
  },
  // Exporter selection.
  {
    name: 'OTEL_TRACES_EXPORTER=none',
    env: { OTEL_TRACES_EXPORTER: 'none' },
    same: EXPORTED,
    differ: [
      {
        fact: 'propagation',
        id: 'unexported-spans-still-propagate',
        sightline: PROBE_HEADERS,
        nodesdk: ['baggage'],
      },
    ],
  },
  {
    name: 'OTEL_METRICS_EXPORTER=none and OTEL_LOGS_EXPORTER=none',
    env: { OTEL_METRICS_EXPORTER: 'none', OTEL_LOGS_EXPORTER: 'none' },
    same: EXPORTED,
  },
  {
    name: 'console exporters for every signal',
    env: {
      OTEL_TRACES_EXPORTER: 'console',
      OTEL_METRICS_EXPORTER: 'console',
      OTEL_LOGS_EXPORTER: 'console',
    },
    same: ['endpoints', 'console'],
  },
  {
    name: 'exporter lists: otlp,console for every signal',
    env: {
      OTEL_TRACES_EXPORTER: 'otlp,console',
      OTEL_METRICS_EXPORTER: 'console, otlp',
      OTEL_LOGS_EXPORTER: 'otlp,console',
    },
    same: [...EXPORTED, 'console'],
    expect: { endpoints: ALL_PATHS, console: ['traces', 'metrics', 'logs'] },
  },
  {
    name: 'OTEL_METRICS_EXPORTER=prometheus serves the scrape endpoint',
    env: {
      OTEL_METRICS_EXPORTER: 'prometheus',
      OTEL_EXPORTER_PROMETHEUS_PORT: '{prometheus-port}',
    },
    probe: { scrape: true },
    same: [...EXPORTED, 'scrape'],
    expect: { scrape: true },
  },
  {
    name: 'OTEL_TRACES_EXPORTER=zipkin',
    env: {
      OTEL_TRACES_EXPORTER: 'zipkin',
      OTEL_EXPORTER_ZIPKIN_ENDPOINT: '{base}/zipkin/traces',
    },
    same: ['endpoints', 'contentTypes', 'logs'],
  },
  {
    name: 'an unknown exporter name',
    env: { OTEL_TRACES_EXPORTER: 'telepathy' },
    same: ['logs'],
    differ: [
      { fact: 'spans', id: 'unknown-exporter-is-otlp', sightline: PROBE_SPANS, nodesdk: [] },
    ],
  },
  {
    name: 'none listed with otlp',
    env: { OTEL_TRACES_EXPORTER: 'otlp,none', OTEL_LOGS_EXPORTER: 'none,otlp' },
    same: ['logs'],
    differ: [{ fact: 'spans', id: 'none-wins', sightline: [], nodesdk: PROBE_SPANS }],
  },
  // Samplers.
  ...(
    [
      ['always_off', undefined, []],
      ['parentbased_always_off', undefined, []],
      ['traceidratio', '0', []],
      ['traceidratio', '1.5', PROBE_SPANS],
    ] as const
  ).map(([sampler, arg, spans]): Setting => ({
    name: `OTEL_TRACES_SAMPLER=${sampler}${arg === undefined ? '' : ` OTEL_TRACES_SAMPLER_ARG=${arg}`} (${spans.length} spans)`,
    env: { OTEL_TRACES_SAMPLER: sampler, OTEL_TRACES_SAMPLER_ARG: arg },
    same: ['spans', 'propagation'],
  })),
  {
    name: 'sampler names in upper case',
    env: { OTEL_TRACES_SAMPLER: 'ALWAYS_OFF' },
    same: ['logs'],
    differ: [{ fact: 'spans', id: 'case-insensitive-values', sightline: [], nodesdk: PROBE_SPANS }],
  },
  // Propagators.
  ...['tracecontext', 'b3', 'jaeger', 'none', 'baggage,b3multi'].map((propagators): Setting => ({
    name: `OTEL_PROPAGATORS=${propagators}`,
    env: { OTEL_PROPAGATORS: propagators },
    same: ['propagation', 'spans'],
  })),
  {
    name: 'OTEL_PROPAGATORS=xray (third-party package installed)',
    env: { OTEL_PROPAGATORS: 'xray' },
    same: ['spans'],
    differ: [
      {
        fact: 'propagation',
        id: 'third-party-propagators',
        sightline: ['x-amzn-trace-id'],
        nodesdk: [],
      },
    ],
  },
  // Resource.
  {
    name: 'OTEL_RESOURCE_ATTRIBUTES (percent-decoded)',
    env: { OTEL_RESOURCE_ATTRIBUTES: 'team=payments,region=eu%2Dwest' },
    same: ['resource'],
    expect: {
      resource: sdkResource({ 'service.name': 'conformance', team: 'payments', region: 'eu-west' }),
    },
  },
  {
    name: 'a malformed OTEL_RESOURCE_ATTRIBUTES is discarded whole',
    env: { OTEL_RESOURCE_ATTRIBUTES: 'team=payments,=oops,region=eu' },
    same: ['resource'],
    expect: { resource: sdkResource({ 'service.name': 'conformance' }) },
  },
  {
    name: 'service.name from OTEL_RESOURCE_ATTRIBUTES, OTEL_SERVICE_NAME winning over it',
    env: { OTEL_RESOURCE_ATTRIBUTES: 'service.name=from-attributes,team=a' },
    same: ['resource'],
  },
  {
    name: 'no service name configured',
    env: { OTEL_SERVICE_NAME: undefined },
    same: ['endpoints'],
    differ: [
      {
        fact: 'resource',
        id: 'service-identity',
        sightline: sdkResource({ 'service.name': 'conformance-probe' }),
        nodesdk: sdkResource({ 'service.name': UNKNOWN_SERVICE }),
      },
    ],
  },
  {
    name: 'OTEL_NODE_RESOURCE_DETECTORS=none with resource variables set',
    env: { OTEL_NODE_RESOURCE_DETECTORS: 'none', OTEL_RESOURCE_ATTRIBUTES: 'team=payments' },
    same: ['endpoints'],
    differ: [
      {
        fact: 'resource',
        id: 'resource-variables-without-detectors',
        sightline: sdkResource({ 'service.name': 'conformance', team: 'payments' }),
        nodesdk: sdkResource({ 'service.name': UNKNOWN_SERVICE }),
      },
    ],
  },
  {
    name: 'OTEL_NODE_RESOURCE_DETECTORS=env,host',
    env: { OTEL_NODE_RESOURCE_DETECTORS: 'env,host' },
    same: ['namespaces'],
  },
  // Metrics temporality.
  ...(
    [
      ['Delta', 1],
      ['lowmemory', 2],
    ] as const
  ).map(([preference, observed]): Setting => ({
    name: `OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE=${preference}`,
    env: { OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE: preference },
    same: ['temporality'],
    // OTLP: 1 delta, 2 cumulative. The observable counter tells delta from lowmemory.
    expect: { temporality: { 'probe.counter': [1], 'probe.observed': [observed] } },
  })),
  // Limits.
  {
    name: 'general attribute limits apply to spans and logs',
    env: { OTEL_ATTRIBUTE_COUNT_LIMIT: '5', OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT: '10' },
    same: ['spanAttributes', 'logAttributes'],
    expect: { logAttributes: '5 attributes, longest 10' },
  },
  {
    name: 'span and log record limits over the general ones',
    env: {
      OTEL_ATTRIBUTE_COUNT_LIMIT: '5',
      OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT: '3',
      OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT: '8',
      OTEL_LOGRECORD_ATTRIBUTE_COUNT_LIMIT: '4',
      OTEL_LOGRECORD_ATTRIBUTE_VALUE_LENGTH_LIMIT: '6',
    },
    same: ['spanAttributes', 'logAttributes'],
    expect: { spanAttributes: '3 attributes, longest 8', logAttributes: '4 attributes, longest 6' },
  },
  {
    name: 'a log record count limit of 0',
    env: { OTEL_LOGRECORD_ATTRIBUTE_COUNT_LIMIT: '0', OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT: '0' },
    same: ['spanAttributes'],
    differ: [
      {
        fact: 'logAttributes',
        id: 'zero-limits',
        sightline: '0 attributes, longest 0',
        nodesdk: '12 attributes, longest 40',
      },
    ],
  },
  // Batch processors.
  {
    name: 'batch size 1 for spans and logs',
    env: { OTEL_BSP_MAX_EXPORT_BATCH_SIZE: '1', OTEL_BLRP_MAX_EXPORT_BATCH_SIZE: '1' },
    same: ['batches', 'spans', 'logs'],
  },
  {
    name: 'span queue of 1 drops the second span',
    env: { OTEL_BSP_MAX_QUEUE_SIZE: '1' },
    same: ['spans'],
  },
  {
    name: 'schedule delays: logs after 100 ms, spans after the default 5 s',
    env: { OTEL_BLRP_SCHEDULE_DELAY: '100' },
    probe: { waitMs: 1_500 },
    same: ['beforeMark', 'spans', 'logs'],
  },
  // SDK switch and diagnostics.
  {
    name: 'OTEL_SDK_DISABLED=true',
    env: { OTEL_SDK_DISABLED: 'true' },
    same: ['endpoints', 'propagation', 'diagnostics', 'exit'],
  },
  {
    name: 'OTEL_LOG_LEVEL=none',
    env: { OTEL_LOG_LEVEL: 'none', OTEL_TRACES_SAMPLER: 'sometimes' },
    same: ['diagnostics', 'spans'],
  },
  {
    name: 'OTEL_LOG_LEVEL=debug',
    env: { OTEL_LOG_LEVEL: 'debug' },
    same: ['diagnostics', 'spans'],
  },
  {
    name: 'OTEL_LOG_LEVEL=error with an invalid setting',
    env: { OTEL_LOG_LEVEL: 'error', OTEL_BSP_SCHEDULE_DELAY: 'soon' },
    same: ['spans'],
    differ: [
      {
        fact: 'diagnosed',
        id: 'warnings-at-error-level',
        sightline: ['OTEL_BSP_SCHEDULE_DELAY'],
        nodesdk: [],
      },
    ],
  },
  {
    name: 'a health-check request served by the app',
    env: {},
    probe: { server: true },
    same: ['logs', 'propagation'],
    differ: [
      {
        fact: 'spans',
        id: 'health-paths-unsampled',
        sightline: ['1:probe.work', '3:GET', '3:GET'],
        nodesdk: ['1:probe.work', '2:GET', '3:GET', '3:GET'],
      },
    ],
  },
];

/** The OTel SDK's own resource facts (`telemetry.sdk.*`) plus `extra`. */
function sdkResource(extra: Record<string, unknown>): Record<string, unknown> {
  return {
    'telemetry.sdk.language': 'nodejs',
    'telemetry.sdk.name': 'opentelemetry',
    'telemetry.sdk.version': '2.12.0',
    ...extra,
  };
}
