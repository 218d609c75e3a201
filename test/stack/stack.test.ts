/**
 * The local observability stack (docker-compose.yml, otel-collector-config.yaml, grafana/):
 * - the project's offline validator (scripts/validate-stack.mjs) passes (validator.test.ts shows
 *   it fails on broken copies);
 * - every metric a dashboard queries is the Prometheus translation of a metric the SDK emits
 *   (src/core/telemetry/metric-names.ts), and that list matches the semantic conventions and
 *   what instrumentation-runtime-node really exports;
 * - the collector's redaction statements mask the secrets they claim to, and tail sampling
 *   sits where the config says it does.
 * No Docker here: nothing is started except the validator and an in-process MeterProvider.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import * as semconv from '@opentelemetry/semantic-conventions';
import * as semconvIncubating from '@opentelemetry/semantic-conventions/incubating';
import { RuntimeNodeInstrumentation } from '@opentelemetry/instrumentation-runtime-node';
import { DataPointType, MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import * as metricNames from '../../src/core/telemetry/metric-names.js';
import { EMITTED_METRICS, type EmittedMetric } from '../../src/core/telemetry/metric-names.js';
import {
  metricNamesInPromQL,
  prometheusSeriesNames,
  toPrometheusName,
} from './prometheus-names.js';
import { ROOT, runValidator } from './run-validator.js';

const DASHBOARD_DIR = path.join(ROOT, 'grafana/dashboards');
const PROMETHEUS_UID = 'prometheus';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };
const isObject = (v: Json | undefined): v is JsonObject =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function readDashboards(): { file: string; json: JsonObject }[] {
  return readdirSync(DASHBOARD_DIR)
    .filter((f) => f.endsWith('.json'))
    .map((f) => ({ file: f, json: JSON.parse(readFileSync(path.join(DASHBOARD_DIR, f), 'utf8')) }));
}

/** Every PromQL string in a dashboard: Prometheus panel targets and Prometheus variables. */
function promQueries(dashboard: JsonObject): { where: string; expr: string }[] {
  const out: { where: string; expr: string }[] = [];
  const uidOf = (ds: Json | undefined): string | undefined =>
    isObject(ds) && typeof ds.uid === 'string' ? ds.uid : undefined;
  const walkPanels = (panels: Json | undefined, inherited?: string): void => {
    if (!Array.isArray(panels)) return;
    for (const panel of panels) {
      if (!isObject(panel)) continue;
      const panelUid = uidOf(panel.datasource) ?? inherited;
      const targets = Array.isArray(panel.targets) ? panel.targets : [];
      for (const target of targets) {
        if (!isObject(target) || typeof target.expr !== 'string') continue;
        if ((uidOf(target.datasource) ?? panelUid) !== PROMETHEUS_UID) continue;
        out.push({ where: `panel "${String(panel.title)}"`, expr: target.expr });
      }
      walkPanels(panel.panels, panelUid);
    }
  };
  walkPanels(dashboard.panels);
  const templating = isObject(dashboard.templating) ? dashboard.templating.list : undefined;
  for (const variable of Array.isArray(templating) ? templating : []) {
    if (!isObject(variable) || uidOf(variable.datasource) !== PROMETHEUS_UID) continue;
    const query = isObject(variable.query) ? variable.query.query : variable.query;
    if (typeof query === 'string')
      out.push({ where: `variable $${String(variable.name)}`, expr: query });
  }
  return out;
}

describe('offline stack validator', () => {
  it('passes with no errors (exit 0, STACK CHECK SUMMARY: PASS)', async () => {
    const run = await runValidator([]);
    expect(run.output).toMatch(/STACK CHECK SUMMARY: PASS errors=0 /);
    expect(run.status, run.output).toBe(0);
  });
});

describe('metric-names.ts (the SDK instrument names)', () => {
  it('is frozen, without duplicates, and lists every METRIC_* constant exactly once', () => {
    expect(Object.isFrozen(EMITTED_METRICS)).toBe(true);
    for (const m of EMITTED_METRICS) expect(Object.isFrozen(m)).toBe(true);
    const names = EMITTED_METRICS.map((m) => m.name);
    expect(new Set(names).size).toBe(names.length);
    const constants = Object.entries(metricNames)
      .filter(([key]) => key.startsWith('METRIC_'))
      .map(([, value]) => value);
    expect([...constants].sort()).toEqual([...names].sort());
  });

  it('uses the semantic-convention names for every non-app metric', () => {
    const conventions: Record<string, unknown> = { ...semconvIncubating, ...semconv };
    const checked = Object.entries(metricNames).filter(
      ([key]) => key.startsWith('METRIC_') && !key.startsWith('METRIC_APP_'),
    );
    expect(checked.length).toBeGreaterThan(10);
    for (const [key, value] of checked) expect(conventions[key], key).toBe(value);
  });

  it('matches the names, units and types instrumentation-runtime-node really exports', async () => {
    class CollectingReader extends MetricReader {
      protected override async onForceFlush(): Promise<void> {}
      protected override async onShutdown(): Promise<void> {}
    }
    const reader = new CollectingReader();
    const provider = new MeterProvider({ readers: [reader] });
    const instrumentation = new RuntimeNodeInstrumentation({ monitoringPrecision: 10 });
    instrumentation.setMeterProvider(provider);
    instrumentation.enable();
    try {
      // The event-loop delay gauges report only after 5 histogram samples; let the loop tick.
      await new Promise((resolve) => setTimeout(resolve, 300));
      const { resourceMetrics } = await reader.collect();
      const exported = resourceMetrics.scopeMetrics.flatMap((s) => s.metrics);
      expect(exported.length).toBeGreaterThan(5);
      const byName = new Map(EMITTED_METRICS.map((m) => [m.name, m]));
      for (const metric of exported) {
        const { name, unit } = metric.descriptor;
        const declared = byName.get(name);
        expect(declared, `${name} is exported but missing from EMITTED_METRICS`).toBeDefined();
        let type: EmittedMetric['type'];
        if (metric.dataPointType === DataPointType.HISTOGRAM) type = 'histogram';
        else if (metric.dataPointType === DataPointType.GAUGE) type = 'gauge';
        else if (metric.dataPointType === DataPointType.SUM) {
          type = metric.isMonotonic ? 'counter' : 'updowncounter';
        } else throw new Error(`${name}: unexpected exponential histogram`);
        expect({ name, unit, type }).toEqual({ name, unit: declared?.unit, type: declared?.type });
      }
      const names = exported.map((m) => m.descriptor.name);
      expect(names).toContain(metricNames.METRIC_NODEJS_EVENTLOOP_DELAY_P99);
      expect(names).toContain(metricNames.METRIC_V8JS_MEMORY_HEAP_USED);
    } finally {
      instrumentation.disable();
      await provider.shutdown();
    }
  });
});

describe('toPrometheusName (UnderscoreEscapingWithSuffixes)', () => {
  it.each([
    [
      { name: 'http.server.request.duration', unit: 's', type: 'histogram' },
      'http_server_request_duration_seconds',
    ],
    [{ name: 'app.errors', unit: '{error}', type: 'counter' }, 'app_errors_total'],
    [
      { name: 'app.idempotency.requests', unit: '{request}', type: 'counter' },
      'app_idempotency_requests_total',
    ],
    [{ name: 'app.breaker.state', unit: '{state}', type: 'gauge' }, 'app_breaker_state'],
    [{ name: 'process.cpu.time', unit: 's', type: 'counter' }, 'process_cpu_time_seconds_total'],
    [
      { name: 'process.memory.usage', unit: 'By', type: 'updowncounter' },
      'process_memory_usage_bytes',
    ],
    [
      { name: 'nodejs.eventloop.utilization', unit: '1', type: 'gauge' },
      'nodejs_eventloop_utilization_ratio',
    ],
    [
      { name: 'v8js.memory.heap.space.available_size', unit: 'By', type: 'gauge' },
      'v8js_memory_heap_space_available_size_bytes',
    ],
    [
      { name: 'traces.span.metrics.calls', unit: '', type: 'counter' },
      'traces_span_metrics_calls_total',
    ],
    [
      { name: 'http.server.active_requests', unit: '{request}', type: 'updowncounter' },
      'http_server_active_requests',
    ],
    [{ name: 'net.io', unit: 'By/s', type: 'gauge' }, 'net_io_bytes_per_second'],
    [{ name: 'jobs.total', unit: '1', type: 'counter' }, 'jobs_total'],
    [{ name: 'req.duration.seconds', unit: 's', type: 'histogram' }, 'req_duration_seconds'],
  ] as const)('%o → %s', (metric, expected) => {
    expect(toPrometheusName(metric)).toBe(expected);
  });

  it('gives histograms their _bucket/_sum/_count series', () => {
    expect(
      prometheusSeriesNames({ name: 'app.dependency.duration', unit: 's', type: 'histogram' }),
    ).toEqual([
      'app_dependency_duration_seconds_bucket',
      'app_dependency_duration_seconds_sum',
      'app_dependency_duration_seconds_count',
    ]);
  });
});

describe('metricNamesInPromQL', () => {
  it.each([
    [
      'sum by (http_route) (rate(a_b_count{service_name=~"$service", x="y,z"}[$__rate_interval]))',
      ['a_b_count'],
    ],
    [
      'histogram_quantile(0.95, sum by (le) (rate(h_bucket{a="1"}[5m]))) / on() group_left c_total',
      ['h_bucket', 'c_total'],
    ],
    ['(sum(rate(x_total[1m])) or vector(0)) / sum without (le) (y)', ['x_total', 'y']],
    [
      'topk(20, sum by (a, b) (increase(app_errors_total{r=~"${route}"}[$__range])))',
      ['app_errors_total'],
    ],
    ['label_values(m_count{service_name=~"$service", k="v"}, http_route)', ['m_count']],
    ['max by (i) (g{a="b"} offset 5m) > bool 1e3', ['g']],
  ])('%s', (expr, expected) => {
    expect(metricNamesInPromQL(expr).sort()).toEqual([...expected].sort());
  });

  it('refuses __name__ matchers, which it cannot check', () => {
    expect(() => metricNamesInPromQL('rate({__name__=~"a|b"}[5m])')).toThrow(/__name__/);
  });
});

describe('dashboards query only metrics the SDK emits', () => {
  const allowed = new Map<string, string>();
  for (const metric of EMITTED_METRICS) {
    for (const series of prometheusSeriesNames(metric)) allowed.set(series, metric.name);
  }
  const dashboards = readDashboards();

  it('finds the service overview dashboard', () => {
    expect(dashboards.map((d) => d.file)).toContain('sightline-service-overview.json');
  });

  it.each(dashboards.map((d) => [d.file, d.json] as const))(
    '%s: every PromQL metric name is a translated EMITTED_METRICS name',
    (_file, dashboard) => {
      const queries = promQueries(dashboard);
      expect(queries.length).toBeGreaterThan(0);
      const unknown: string[] = [];
      const used = new Set<string>();
      for (const { where, expr } of queries) {
        const names = metricNamesInPromQL(expr);
        expect(names.length, `${where}: no metric name found in ${expr}`).toBeGreaterThan(0);
        for (const name of names) {
          used.add(name);
          if (!allowed.has(name)) unknown.push(`${where}: ${name}`);
        }
      }
      expect(
        unknown,
        `not the Prometheus name of any emitted metric:\n${unknown.join('\n')}`,
      ).toEqual([]);
      if (_file === 'sightline-service-overview.json') {
        // The RED and error panels the issue asks for are really there.
        const otelNames = new Set([...used].map((n) => allowed.get(n)));
        for (const required of [
          metricNames.METRIC_HTTP_SERVER_REQUEST_DURATION,
          metricNames.METRIC_APP_ERRORS,
          metricNames.METRIC_APP_IDEMPOTENCY_REQUESTS,
          metricNames.METRIC_APP_BREAKER_STATE,
          metricNames.METRIC_NODEJS_EVENTLOOP_DELAY_P99,
          metricNames.METRIC_V8JS_MEMORY_HEAP_USED,
        ]) {
          expect(otelNames, required).toContain(required);
        }
      }
    },
  );
});

describe('collector config', () => {
  const config = parseYaml(readFileSync(path.join(ROOT, 'otel-collector-config.yaml'), 'utf8')) as {
    processors: Record<
      string,
      { trace_statements?: { statements: string[] }[]; log_statements?: { statements: string[] }[] }
    >;
    service: {
      pipelines: Record<
        string,
        { receivers: string[]; processors?: string[]; exporters: string[] }
      >;
    };
  };
  const pipelines = config.service.pipelines;

  it('tail-samples only traces, after span metrics and redaction, before batch', () => {
    for (const [id, p] of Object.entries(pipelines)) {
      const procs = p.processors ?? [];
      if (!id.startsWith('traces')) expect(procs, id).not.toContain('tail_sampling');
      if (procs.includes('batch')) expect(procs.at(-1), id).toBe('batch');
      if (procs.includes('memory_limiter')) expect(procs[0], id).toBe('memory_limiter');
    }
    const ingest = pipelines.traces;
    const sampling = pipelines['traces/sampling'];
    expect(ingest?.processors).toEqual(['memory_limiter', 'transform/redact']);
    expect(ingest?.exporters).toEqual(expect.arrayContaining(['span_metrics', 'forward/sampling']));
    expect(sampling?.receivers).toEqual(['forward/sampling']);
    expect(sampling?.processors).toEqual(['tail_sampling', 'batch']);
    expect(pipelines.metrics?.receivers).toContain('span_metrics');
  });

  /**
   * Runs the transform/redact statements the way the collector would: "$$" → "$" (collector),
   * OTTL string unescaping, Go's (?i) as the JS "i" flag, ${1} group references.
   */
  function redactors(context: 'trace_statements' | 'log_statements') {
    const unquote = (s: string): string => s.replace(/\\(.)/g, '$1');
    const out: { pattern: RegExp; replacement: string }[] = [];
    const deletes: RegExp[] = [];
    const groups = config.processors['transform/redact']?.[context] ?? [];
    for (const statement of groups
      .flatMap((g) => g.statements)
      .map((s) => s.replaceAll('$$', '$'))) {
      const args = [...statement.matchAll(/"((?:\\.|[^"\\])*)"/g)].map((m) => unquote(m[1] ?? ''));
      const toRegExp = (src: string): RegExp =>
        src.startsWith('(?i)') ? new RegExp(src.slice(4), 'gi') : new RegExp(src, 'g');
      if (statement.startsWith('delete_matching_keys')) deletes.push(toRegExp(args[0] ?? ''));
      else if (statement.startsWith('replace_all_patterns')) {
        out.push({ pattern: toRegExp(args[1] ?? ''), replacement: args[2] ?? '' });
      } else if (statement.startsWith('replace_pattern')) {
        out.push({ pattern: toRegExp(args[0] ?? ''), replacement: args[1] ?? '' });
      }
    }
    const redact = (value: string): string =>
      out.reduce(
        (v, { pattern, replacement }) =>
          v.replace(pattern, (...m: string[]) =>
            replacement.replace(/\$\{(\d+)\}/g, (_, i: string) => m[Number(i)] ?? ''),
          ),
        value,
      );
    return { redact, deletes, count: out.length };
  }

  it.each(['trace_statements', 'log_statements'] as const)(
    '%s mask bearer tokens, JWTs, emails and key=value secrets',
    (context) => {
      const { redact, count } = redactors(context);
      expect(count).toBeGreaterThanOrEqual(3);
      const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl';
      const masked = redact(
        `Authorization: Bearer abc.DEF-123 from jane.doe@example.com jwt ${jwt}`,
      );
      expect(masked).not.toMatch(/abc\.DEF-123|jane\.doe@example\.com|eyJhbGci/);
      expect(masked).toContain('Bearer [REDACTED]');
      expect(masked).toContain('[REDACTED_EMAIL]');
      expect(redact('GET /orders?id=42 ok')).toBe('GET /orders?id=42 ok');
    },
  );

  it('masks ?api_key= style query values in span attributes', () => {
    const { redact } = redactors('trace_statements');
    expect(redact('/pay?api_key=s3cr3t&amount=5')).toBe('/pay?api_key=[REDACTED]&amount=5');
  });

  it('deletes credential headers but keeps ordinary attributes', () => {
    const { deletes } = redactors('trace_statements');
    const deleted = (key: string): boolean =>
      deletes.some((re) => new RegExp(re.source, re.flags.replace('g', '')).test(key));
    expect(deleted('http.request.header.authorization')).toBe(true);
    expect(deleted('http.request.header.cookie')).toBe(true);
    expect(deleted('http.response.header.set-cookie')).toBe(true);
    expect(deleted('http.request.header.content-type')).toBe(false);
    expect(deleted('http.request.method')).toBe(false);
  });
});
