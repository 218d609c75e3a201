// The standard OTEL_* settings issue #18 covers, unit by unit: OTLP URLs (HTTP and gRPC), the
// gRPC fallback when its packages are missing, exporter lists, temporality preference, log
// record limits, OTEL_RESOURCE_ATTRIBUTES parsing, the SDK/distro resource attributes and the
// Prometheus endpoint. The conformance suite (test/conformance) compares the same settings with
// NodeSDK end to end.
import { readFileSync } from 'node:fs';
import { diag } from '@opentelemetry/api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/sdk/config.js';
import { resolveOtlpUrl, signalUrl } from '../../src/sdk/endpoint.js';
import { resolveExporters } from '../../src/sdk/export-config.js';
import { resolveExporterKinds } from '../../src/sdk/export-config.js';
import { temporalitySelector } from '../../src/sdk/lazy-exporters.js';
import { installCommand, OTEL_EXPERIMENTAL_VERSION } from '../../src/sdk/optional-packages.js';
import { buildResource, telemetryAttributes } from '../../src/sdk/resource.js';
import { parseResourceAttributes } from '../../src/sdk/resource.js';
import { spawnNode } from '../helpers/child.js';
import { captureDiagWarnings } from '../helpers/diag.js';

let warnings: string[];

beforeEach(() => {
  warnings = captureDiagWarnings();
});
afterEach(() => diag.disable());

const nothingInstalled = () => false;
const everythingInstalled = () => true;

describe('OTLP URLs', () => {
  it.each([
    ['http://collector:4318', 'http://collector:4318/v1/traces'],
    ['http://collector:4318/', 'http://collector:4318/v1/traces'],
    ['http://collector:4318/otlp', 'http://collector:4318/otlp/v1/traces'],
    // "MUST NOT modify the URL in ways other than specified": no slash is removed.
    ['http://collector:4318/otlp//', 'http://collector:4318/otlp//v1/traces'],
  ])('appends v1/<signal> to the base %s with exactly one slash', (base, url) => {
    expect(signalUrl(base, 'traces')).toBe(url);
    expect(
      resolveOtlpUrl(
        { signal: 'traces', protocol: 'http/protobuf' },
        {},
        { OTEL_EXPORTER_OTLP_ENDPOINT: base },
      ),
    ).toBe(url);
  });

  it('uses per-signal URLs as they are, and gRPC endpoints without a path', () => {
    const env = {
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4317',
      OTEL_EXPORTER_OTLP_LOGS_ENDPOINT: 'http://logs:4318/custom/',
    };
    expect(resolveOtlpUrl({ signal: 'logs', protocol: 'http/json' }, {}, env)).toBe(
      'http://logs:4318/custom/',
    );
    expect(resolveOtlpUrl({ signal: 'traces', protocol: 'grpc' }, {}, env)).toBe(
      'http://collector:4317',
    );
    expect(resolveOtlpUrl({ signal: 'metrics', protocol: 'grpc' }, {}, {})).toBe(
      'http://localhost:4317',
    );
  });

  it('sends http/protobuf standing in for gRPC to the OTLP/HTTP port of the same host', () => {
    const fallback = (env: Record<string, string>) =>
      resolveOtlpUrl({ signal: 'traces', protocol: 'grpc', grpcFallback: true }, {}, env);
    expect(fallback({})).toBe('http://localhost:4318/v1/traces');
    expect(fallback({ OTEL_EXPORTER_OTLP_ENDPOINT: 'https://collector:4317' })).toBe(
      'https://collector:4318/v1/traces',
    );
    // Another port says nothing about where OTLP/HTTP listens: it is kept.
    expect(fallback({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://gateway:9000' })).toBe(
      'http://gateway:9000/v1/traces',
    );
  });
});

describe('OTEL_EXPORTER_OTLP_PROTOCOL', () => {
  it('uses gRPC when its packages are installed, on the gRPC default endpoint', () => {
    const exporters = resolveExporters(
      {},
      { OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' },
      everythingInstalled,
    );
    expect(exporters.traces).toMatchObject({ protocol: 'grpc', url: 'http://localhost:4317' });
    expect(warnings).toEqual([]);
  });

  it('without the gRPC packages: one warning with the npm install command, http/protobuf on 4318', () => {
    const exporters = resolveExporters(
      {},
      { OTEL_EXPORTER_OTLP_PROTOCOL: 'GRPC', OTEL_LOGS_EXPORTER: 'none' },
      nothingInstalled,
    );
    expect(exporters.traces).toMatchObject({
      protocol: 'http/protobuf',
      url: 'http://localhost:4318/v1/traces',
    });
    expect(exporters.metrics.url).toBe('http://localhost:4318/v1/metrics');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(
      `npm install @opentelemetry/exporter-trace-otlp-grpc@${OTEL_EXPERIMENTAL_VERSION} ` +
        `@opentelemetry/exporter-metrics-otlp-grpc@${OTEL_EXPERIMENTAL_VERSION}`,
    );
    expect(warnings[0]).not.toContain('logs-otlp-grpc');
    expect(warnings[0]).toMatch(/OTEL_EXPORTER_OTLP_PROTOCOL="grpc".*using http\/protobuf to/);
  });

  it('ignores an invalid protocol option with a warning naming the option', () => {
    const exporters = resolveExporters(
      { protocol: 'grpcx' as never },
      { OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' },
      everythingInstalled,
    );
    expect(exporters.logs.protocol).toBe('http/json');
    expect(warnings).toEqual([
      expect.stringMatching(/start\(\) option protocol="grpcx".*using http\/json$/),
    ]);
  });

  it('falls back to the general protocol when the per-signal one is invalid', () => {
    const exporters = resolveExporters(
      {},
      { OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json', OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'http/xml' },
      everythingInstalled,
    );
    expect(exporters.traces.protocol).toBe('http/json');
    expect(warnings).toEqual([
      expect.stringMatching(/OTEL_EXPORTER_OTLP_TRACES_PROTOCOL="http\/xml".*using http\/json$/),
    ]);
  });
});

describe('OTEL_<SIGNAL>_EXPORTER', () => {
  it('reads lists, case-insensitively and without duplicates', () => {
    expect(
      resolveExporterKinds('traces', undefined, { OTEL_TRACES_EXPORTER: 'OTLP, console,otlp' }),
    ).toEqual(['otlp', 'console']);
    expect(resolveExporterKinds('metrics', ['console', 'otlp'], {})).toEqual(['console', 'otlp']);
    expect(warnings).toEqual([]);
  });

  it('exports nothing when none is listed, naming what it overrides', () => {
    expect(resolveExporterKinds('logs', undefined, { OTEL_LOGS_EXPORTER: 'none' })).toEqual([]);
    expect(
      resolveExporterKinds('traces', undefined, { OTEL_TRACES_EXPORTER: 'otlp,none' }),
    ).toEqual([]);
    expect(warnings).toEqual([
      expect.stringMatching(/OTEL_TRACES_EXPORTER="otlp" \(listed with none\); using none$/),
    ]);
  });

  it('skips unknown names and missing packages, with the install command; otlp when nothing is left', () => {
    expect(
      resolveExporterKinds(
        'metrics',
        undefined,
        { OTEL_METRICS_EXPORTER: 'prometheus' },
        nothingInstalled,
      ),
    ).toEqual(['otlp']);
    expect(
      resolveExporterKinds('logs', undefined, { OTEL_LOGS_EXPORTER: 'console,zipkin' }),
    ).toEqual(['console']);
    expect(warnings).toEqual([
      expect.stringContaining(
        `OTEL_METRICS_EXPORTER="prometheus" (not installed: npm install @opentelemetry/exporter-prometheus@${OTEL_EXPERIMENTAL_VERSION}); using otlp`,
      ),
      expect.stringContaining('OTEL_LOGS_EXPORTER="zipkin" (expected otlp, console or none)'),
    ]);
  });
});

describe('OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE', () => {
  const CUMULATIVE = 1;
  const DELTA = 0;
  const table = (preference: 'cumulative' | 'delta' | 'lowmemory') => {
    const select = temporalitySelector(preference);
    return Object.fromEntries(
      ['COUNTER', 'OBSERVABLE_COUNTER', 'HISTOGRAM', 'UP_DOWN_COUNTER', 'GAUGE'].map((type) => [
        type,
        select(type as never),
      ]),
    );
  };

  it('maps each preference to the temporality of each instrument', () => {
    expect(table('cumulative')).toEqual({
      COUNTER: CUMULATIVE,
      OBSERVABLE_COUNTER: CUMULATIVE,
      HISTOGRAM: CUMULATIVE,
      UP_DOWN_COUNTER: CUMULATIVE,
      GAUGE: CUMULATIVE,
    });
    expect(table('delta')).toEqual({
      COUNTER: DELTA,
      OBSERVABLE_COUNTER: DELTA,
      HISTOGRAM: DELTA,
      UP_DOWN_COUNTER: CUMULATIVE,
      GAUGE: DELTA,
    });
    expect(table('lowmemory')).toEqual({
      COUNTER: DELTA,
      OBSERVABLE_COUNTER: CUMULATIVE,
      HISTOGRAM: DELTA,
      UP_DOWN_COUNTER: CUMULATIVE,
      GAUGE: CUMULATIVE,
    });
  });

  it('is read case-insensitively; an unknown value warns and keeps cumulative', () => {
    const env = { OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE: 'LowMemory' };
    expect(resolveConfig({}, env).temporalityPreference).toBe('lowmemory');
    expect(
      resolveConfig({}, { OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE: 'sometimes' })
        .temporalityPreference,
    ).toBe('cumulative');
    expect(warnings).toEqual([expect.stringMatching(/"sometimes".*using cumulative$/)]);
  });
});

describe('log record limits', () => {
  it('reads OTEL_LOGRECORD_* over OTEL_ATTRIBUTE_*, 0 included', () => {
    expect(
      resolveConfig(
        {},
        { OTEL_ATTRIBUTE_COUNT_LIMIT: '5', OTEL_LOGRECORD_ATTRIBUTE_VALUE_LENGTH_LIMIT: '0' },
      ).logRecordLimits,
    ).toEqual({ attributeCountLimit: 5, attributeValueLengthLimit: 0 });
    expect(resolveConfig({}, {}).logRecordLimits).toEqual({
      attributeCountLimit: 128,
      attributeValueLengthLimit: Infinity,
    });
  });
});

describe('OTEL_RESOURCE_ATTRIBUTES', () => {
  it.each([
    ['team=payments, region = eu%2Dwest ,', { team: 'payments', region: 'eu-west' }],
    ['empty=', { empty: '' }],
    ['team=payments,oops', 'entry "oops" is not key=value'],
    ['url=http://x?a=b', 'entry "url=http://x?a=b" is not key=value'],
    ['=value', 'entry "=value" has no key'],
    ['team=%E0%A4%A', 'entry "team=%E0%A4%A" has bad percent-encoding'],
  ])('parses %j', (value, expected) => {
    expect(parseResourceAttributes(value)).toEqual(expected);
  });

  it('hides a discarded value from the env detector too', () => {
    const saved = process.env['OTEL_RESOURCE_ATTRIBUTES'];
    process.env['OTEL_RESOURCE_ATTRIBUTES'] = 'team=payments,broken';
    try {
      const resource = buildResource(resolveConfig({ resourceDetectors: ['env'] }), {
        name: 'app',
      });
      expect(resource.attributes).not.toHaveProperty('team');
      expect(warnings.filter((w) => w.includes('OTEL_RESOURCE_ATTRIBUTES'))).toHaveLength(1);
    } finally {
      if (saved === undefined) delete process.env['OTEL_RESOURCE_ATTRIBUTES'];
      else process.env['OTEL_RESOURCE_ATTRIBUTES'] = saved;
    }
  });
});

describe('resource', () => {
  it('carries telemetry.sdk.* of the OTel SDK and telemetry.distro.* of Sightline', () => {
    const { version } = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
    const core = JSON.parse(
      readFileSync('node_modules/@opentelemetry/core/package.json', 'utf8'),
    ) as { version: string };
    expect(telemetryAttributes()).toEqual({
      'telemetry.sdk.name': 'opentelemetry',
      'telemetry.sdk.language': 'nodejs',
      'telemetry.sdk.version': core.version,
      'telemetry.distro.name': 'sightline',
      'telemetry.distro.version': version,
    });
    const resource = buildResource(resolveConfig({ resourceDetectors: ['none'] }, {}), {
      name: 'app',
    });
    expect(resource.attributes).toMatchObject(telemetryAttributes());
  });
});

describe('optional packages', () => {
  it('install hints name the OTel line Sightline depends on', () => {
    const { dependencies } = JSON.parse(readFileSync('package.json', 'utf8')) as {
      dependencies: Record<string, string>;
    };
    expect(OTEL_EXPERIMENTAL_VERSION).toBe(
      dependencies['@opentelemetry/exporter-trace-otlp-proto'],
    );
    expect(installCommand(['@opentelemetry/exporter-zipkin'])).toBe(
      `npm install @opentelemetry/exporter-zipkin@${dependencies['@opentelemetry/core']}`,
    );
  });

  it('serves Prometheus on localhost:9464 by default (the specification, not the package: all interfaces)', () => {
    expect(resolveConfig({}, {}).prometheus).toEqual({ host: 'localhost', port: 9464 });
    expect(
      resolveConfig(
        {},
        { OTEL_EXPORTER_PROMETHEUS_HOST: '0.0.0.0', OTEL_EXPORTER_PROMETHEUS_PORT: '70000' },
      ).prometheus,
    ).toEqual({ host: '0.0.0.0', port: 9464 });
    expect(warnings).toEqual([expect.stringMatching(/OTEL_EXPORTER_PROMETHEUS_PORT="70000"/)]);
  });

  it.each([
    [{}, []],
    [{ OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc', OTEL_TRACES_EXPORTER: 'otlp,zipkin' }, []],
    [
      // A port nothing else is likely to use; a clash would only be a (silenced) warning.
      { OTEL_METRICS_EXPORTER: 'prometheus', OTEL_EXPORTER_PROMETHEUS_PORT: '39464' },
      ['exporter-prometheus'],
    ],
  ])('are not loaded at start-up unless serving (%j)', async (env, expected) => {
    const child = spawnNode(
      'test/fixtures/conformance/loaded-modules.cjs',
      ['--import', 'sightline/register'],
      {
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:9',
        OTEL_LOG_LEVEL: 'none',
        ...env,
      },
    );
    expect(await child.exited()).toBe(0);
    expect(JSON.parse(child.stdout()).loaded).toEqual(expected);
  });
});
