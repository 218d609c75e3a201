import { diag, DiagLogLevel, type DiagLogger } from '@opentelemetry/api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/sdk/config.js';
import { loadInstrumentations } from '../../src/sdk/instrumentations.js';
import { buildResource } from '../../src/sdk/resource.js';

let warnings: string[];

beforeEach(() => {
  warnings = [];
  const logger: DiagLogger = {
    error: () => {},
    warn: (message: string) => void warnings.push(message),
    info: () => {},
    debug: () => {},
    verbose: () => {},
  };
  diag.setLogger(logger, { logLevel: DiagLogLevel.WARN, suppressOverrideMessage: true });
});
afterEach(() => diag.disable());

describe('resolveConfig', () => {
  it('uses the OTel defaults when nothing is set', () => {
    const config = resolveConfig({}, {});
    expect(config.disabled).toBe(false);
    expect(config.exporters.traces).toEqual({
      kinds: ['otlp'],
      protocol: 'http/protobuf',
      url: 'http://localhost:4318/v1/traces',
      headers: {},
      timeoutMs: 10_000,
    });
    expect(config.exporters.logs.url).toBe('http://localhost:4318/v1/logs');
    expect(config.sampler).toBe('parentbased_always_on');
    expect(config.shutdownTimeoutMs).toBe(2_000);
    expect(warnings).toEqual([]);
  });

  it('reads the standard variables, per-signal forms winning over the general ones', () => {
    const config = resolveConfig(
      {},
      {
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/',
        OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: 'http://metrics:9090/api/v1/otlp/v1/metrics',
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
        OTEL_EXPORTER_OTLP_LOGS_PROTOCOL: 'http/protobuf',
        OTEL_EXPORTER_OTLP_HEADERS: 'api-key=abc%20def,tenant=t1',
        OTEL_EXPORTER_OTLP_TRACES_HEADERS: 'tenant=t2',
        OTEL_EXPORTER_OTLP_TIMEOUT: '2500',
        OTEL_LOGS_EXPORTER: 'console',
        OTEL_METRICS_EXPORTER: 'none',
        OTEL_TRACES_SAMPLER: 'parentbased_traceidratio',
        OTEL_TRACES_SAMPLER_ARG: '0.25',
        OTEL_SDK_DISABLED: 'TRUE',
      },
    );
    expect(config.exporters.traces.url).toBe('http://collector:4318/v1/traces');
    expect(config.exporters.traces.protocol).toBe('http/json');
    expect(config.exporters.traces.headers).toEqual({ 'api-key': 'abc def', tenant: 't2' });
    expect(config.exporters.traces.timeoutMs).toBe(2_500);
    expect(config.exporters.metrics).toMatchObject({
      kinds: [],
      url: 'http://metrics:9090/api/v1/otlp/v1/metrics',
    });
    expect(config.exporters.logs).toMatchObject({ kinds: ['console'], protocol: 'http/protobuf' });
    expect(config.sampler).toBe('parentbased_traceidratio');
    expect(config.samplerRatio).toBe(0.25);
    expect(config.disabled).toBe(true);
    expect(warnings).toEqual([]);
  });

  it('lets code options override the environment', () => {
    const config = resolveConfig(
      {
        endpoint: 'https://otlp.example',
        serviceName: 'from-code',
        traces: 'none',
        shutdownTimeoutMs: 100,
      },
      {
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://env:4318',
        OTEL_SERVICE_NAME: 'from-env',
        OTEL_TRACES_EXPORTER: 'otlp',
      },
    );
    expect(config.exporters.logs.url).toBe('https://otlp.example/v1/logs');
    expect(config.serviceName).toBe('from-code');
    expect(config.exporters.traces.kinds).toEqual([]);
    expect(config.shutdownTimeoutMs).toBe(100);
  });

  it.each([
    [
      'OTEL_TRACES_SAMPLER',
      'sometimes',
      'parentbased_always_on',
      (c: ReturnType<typeof resolveConfig>) => c.sampler,
    ],
    [
      'OTEL_TRACES_SAMPLER_ARG',
      '1.5',
      '1',
      (c: ReturnType<typeof resolveConfig>) => c.samplerRatio,
    ],
    [
      'OTEL_EXPORTER_OTLP_TIMEOUT',
      '-3',
      '10000',
      (c: ReturnType<typeof resolveConfig>) => c.exporters.traces.timeoutMs,
    ],
    ['OTEL_SDK_DISABLED', 'yes', 'false', (c: ReturnType<typeof resolveConfig>) => c.disabled],
    [
      'OTEL_TRACES_EXPORTER',
      'telepathy',
      'otlp',
      (c: ReturnType<typeof resolveConfig>) => c.exporters.traces.kinds,
    ],
    [
      'OTEL_EXPORTER_OTLP_ENDPOINT',
      'not a url',
      'http://localhost:4318',
      (c: ReturnType<typeof resolveConfig>) => c.exporters.traces.url,
    ],
    ['OTEL_LOG_LEVEL', 'loud', 'info', (c: ReturnType<typeof resolveConfig>) => c.logLevel],
  ])('warns about %s=%s and falls back to %s', (name, value, fallback, read) => {
    const config = resolveConfig({}, { [name]: value });
    const defaults = resolveConfig({}, {});
    expect(read(config)).toEqual(read(defaults));
    expect(
      warnings.some(
        (w) =>
          w.includes(name) && w.includes(JSON.stringify(value)) && w.includes(`using ${fallback}`),
      ),
    ).toBe(true);
  });

  it('treats empty values as unset', () => {
    const config = resolveConfig({}, { OTEL_SERVICE_NAME: '  ', OTEL_EXPORTER_OTLP_ENDPOINT: '' });
    expect(config.serviceName).toBeUndefined();
    expect(config.exporters.traces.url).toBe('http://localhost:4318/v1/traces');
    expect(warnings).toEqual([]);
  });

  it('discards a malformed OTEL_RESOURCE_ATTRIBUTES whole, with one warning', () => {
    const config = resolveConfig(
      {},
      { OTEL_RESOURCE_ATTRIBUTES: 'team=payments,=oops,region=eu%2Dwest' },
    );
    expect(config.resourceAttributes).toEqual({});
    const reported = warnings.filter((w) => w.includes('OTEL_RESOURCE_ATTRIBUTES'));
    expect(reported).toHaveLength(1);
    expect(reported[0]).toMatch(/"=oops" has no key; the whole value is discarded/);
  });
});

describe('buildResource', () => {
  it('derives service identity from options, env attributes and the app package', () => {
    const resource = buildResource(
      resolveConfig(
        { resourceDetectors: ['none'] },
        { OTEL_RESOURCE_ATTRIBUTES: 'deployment.environment.name=staging,team=x' },
      ),
      { name: 'my-app', version: '2.0.0' },
    );
    expect(resource.attributes['service.name']).toBe('my-app');
    expect(resource.attributes['service.version']).toBe('2.0.0');
    expect(resource.attributes['deployment.environment.name']).toBe('staging');
    expect(resource.attributes['team']).toBe('x');
    expect(resource.attributes['service.instance.id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('labels no deployment environment when nothing names one (never a guessed development)', () => {
    const saved = process.env['NODE_ENV'];
    delete process.env['NODE_ENV'];
    try {
      const resource = buildResource(resolveConfig({ resourceDetectors: ['none'] }, {}), {
        name: 'prod-svc',
      });
      expect(resource.attributes).not.toHaveProperty('deployment.environment.name');
    } finally {
      if (saved !== undefined) process.env['NODE_ENV'] = saved;
    }
  });

  it('prefers OTEL_SERVICE_NAME and warns about cloud detectors that are not bundled', () => {
    const resource = buildResource(
      resolveConfig({ resourceDetectors: ['env', 'aws'] }, { OTEL_SERVICE_NAME: 'svc' }),
      { name: 'pkg-name' },
    );
    expect(resource.attributes['service.name']).toBe('svc');
    expect(
      warnings.some((w) => w.includes('OTEL_NODE_RESOURCE_DETECTORS') && w.includes('aws')),
    ).toBe(true);
  });
});

describe('loadInstrumentations', () => {
  it('enables the lean default set and honours the disable list', () => {
    const { names } = loadInstrumentations(undefined, ['winston']);
    expect(names).toEqual(['http', 'undici', 'runtime-node']);
    expect(warnings).toEqual([]);
  });

  it('loads installed contrib instrumentations on request, warns about unknown or missing ones', () => {
    // instrumentation-pg is installed (a dev dependency brings it); instrumentation-fastify is not.
    const { names, instrumentations } = loadInstrumentations(
      ['http', 'telepathy', 'pg', 'fastify'],
      ['nonsense'],
    );
    expect(names).toEqual(['http', 'pg']);
    expect(instrumentations[1]?.instrumentationName).toBe('@opentelemetry/instrumentation-pg');
    for (const instrumentation of instrumentations) instrumentation.disable();
    expect(
      warnings.some(
        (w) => w.includes('OTEL_NODE_ENABLED_INSTRUMENTATIONS') && w.includes('telepathy'),
      ),
    ).toBe(true);
    expect(warnings.some((w) => w.includes('install @opentelemetry/instrumentation-fastify'))).toBe(
      true,
    );
    expect(
      warnings.some(
        (w) => w.includes('OTEL_NODE_DISABLED_INSTRUMENTATIONS') && w.includes('nonsense'),
      ),
    ).toBe(true);
  });
});

describe('queue bounds', () => {
  it('reads the span and log queue sizes separately', () => {
    const config = resolveConfig(
      {},
      { OTEL_BSP_MAX_QUEUE_SIZE: '100', OTEL_BLRP_MAX_QUEUE_SIZE: '300' },
    );
    expect(config.batch.traces.maxQueueSize).toBe(100);
    expect(config.batch.logs.maxQueueSize).toBe(300);
    expect(
      resolveConfig({ maxQueueSize: 50 }, { OTEL_BLRP_MAX_QUEUE_SIZE: '300' }).batch.logs
        .maxQueueSize,
    ).toBe(50);
  });

  it('defaults to the specification: 512 per export, 5 s (spans) and 1 s (logs), 30 s timeout', () => {
    const { batch } = resolveConfig({}, {});
    expect(batch.traces).toEqual({
      maxQueueSize: 2048,
      maxExportBatchSize: 512,
      scheduledDelayMillis: 5000,
      exportTimeoutMillis: 30000,
    });
    expect(batch.logs).toEqual({ ...batch.traces, scheduledDelayMillis: 1000 });
  });

  it('reads OTEL_BSP_* and OTEL_BLRP_* delay, timeout and batch size; a batch never exceeds its queue', () => {
    const { batch } = resolveConfig(
      {},
      {
        OTEL_BSP_SCHEDULE_DELAY: '200',
        OTEL_BSP_EXPORT_TIMEOUT: '4000',
        OTEL_BSP_MAX_EXPORT_BATCH_SIZE: '64',
        OTEL_BLRP_SCHEDULE_DELAY: '100',
        OTEL_BLRP_EXPORT_TIMEOUT: '3000',
        OTEL_BLRP_MAX_QUEUE_SIZE: '32',
        OTEL_BLRP_MAX_EXPORT_BATCH_SIZE: '256',
      },
    );
    expect(batch.traces).toMatchObject({
      scheduledDelayMillis: 200,
      exportTimeoutMillis: 4000,
      maxExportBatchSize: 64,
    });
    expect(batch.logs).toEqual({
      maxQueueSize: 32,
      maxExportBatchSize: 32,
      scheduledDelayMillis: 100,
      exportTimeoutMillis: 3000,
    });
  });

  it('reads OTEL_METRIC_EXPORT_TIMEOUT (default 30 s), never above the export interval', () => {
    expect(resolveConfig({}, {}).metricExportTimeoutMs).toBe(30_000);
    expect(resolveConfig({}, { OTEL_METRIC_EXPORT_TIMEOUT: '5000' }).metricExportTimeoutMs).toBe(
      5000,
    );
    const short = resolveConfig({}, { OTEL_METRIC_EXPORT_INTERVAL: '2000' });
    expect(short.metricExportTimeoutMs).toBe(2000);
    expect(resolveConfig({ metricExportTimeoutMs: 700 }, {}).metricExportTimeoutMs).toBe(700);
    expect(resolveConfig({}, { OTEL_METRIC_EXPORT_TIMEOUT: '-1' }).metricExportTimeoutMs).toBe(
      30_000,
    );
    expect(warnings.some((w) => w.includes('OTEL_METRIC_EXPORT_TIMEOUT'))).toBe(true);
  });

  it('warns about an invalid value and keeps the default', () => {
    const { batch } = resolveConfig({}, { OTEL_BLRP_SCHEDULE_DELAY: 'soon' });
    expect(batch.logs.scheduledDelayMillis).toBe(1000);
    expect(warnings.some((w) => w.includes('OTEL_BLRP_SCHEDULE_DELAY') && w.includes('soon'))).toBe(
      true,
    );
  });
});
