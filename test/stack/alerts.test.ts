/**
 * The alerting rules (stack/alerts.yaml) and the runbooks they link to (docs/runbooks/):
 * - every metric an expression reads is what the stack's Prometheus stores: the
 *   UnderscoreEscapingWithSuffixes translation of a metric in src/core/telemetry/metric-names.ts,
 *   a metric recorded in the same file, or one of the collector's own metrics listed below;
 * - the labels an alert uses with an SDK metric are labels the dashboard uses with it too (or
 *   resource attributes stack/prometheus.yaml promotes to every series);
 * - every alert has severity, summary, description and a runbook_url naming an existing page,
 *   and every error code has a runbook page, reachable from the alerts and the dashboard;
 * - promtool checks and unit-tests the rules when it is installed (.ci/run installs it).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import '../../src/index.js';
import { listErrorDefinitions } from '../../src/core/errors/index.js';
import { kebabCase } from '../../src/core/problem/index.js';
import { EMITTED_METRICS } from '../../src/core/telemetry/metric-names.js';
import { metricNamesInPromQL, prometheusSeriesNames } from './prometheus-names.js';
import {
  dashboardExprs,
  labelsByMetric,
  panelsOf,
  readDashboards,
  readRules,
} from './rule-files.js';
import { ROOT } from './run-validator.js';

/**
 * The collector's own metrics the rules read. Not SDK metrics: the collector's Prometheus
 * exporter (otel-collector:8888) names its counters with a _total suffix, and the OTLP-pushed
 * ones of the scale profile get the same names through the translation. Source: opentelemetry.io
 * "Internal telemetry" (docs/collector/internal-telemetry.md: basic-level exporter metrics and
 * the "_total suffix" section).
 */
const COLLECTOR_METRICS = new Set(
  ['send_failed', 'enqueue_failed'].flatMap((what) =>
    ['spans', 'metric_points', 'log_records'].map((s) => `otelcol_exporter_${what}_${s}_total`),
  ),
);

const rules = readRules();
const alerts = rules.filter((r) => r.alert);
const recorded = new Set(rules.flatMap((r) => (r.record ? [r.record] : [])));
const sdkSeries = new Map(
  EMITTED_METRICS.flatMap((m) => prometheusSeriesNames(m).map((s) => [s, m.name] as const)),
);
const overview = readDashboards().find((d) => d.file === 'sightline-service-overview.json');
if (!overview) throw new Error('grafana/dashboards/sightline-service-overview.json is missing');

describe('stack/alerts.yaml metric names', () => {
  it('has the alerts the issue asks for', () => {
    expect(alerts.map((a) => a.alert).sort()).toEqual([
      'SightlineCriticalError',
      'SightlineDependencyCircuitOpen',
      'SightlineDependencyErrorRatioHigh',
      'SightlineErrorBudgetBurnFast',
      'SightlineErrorBudgetBurnSlow',
      'SightlineEventLoopDelayHigh',
      'SightlineHeapPressure',
      'SightlineHighSeverityErrorsRising',
      'SightlineLatencyBudgetBurnFast',
      'SightlineLatencyBudgetBurnSlow',
      'SightlineTelemetryExportFailing',
    ]);
  });

  it.each(rules.map((r) => [r.alert ?? r.record, r] as const))(
    '%s reads only stored metric names',
    (_name, rule) => {
      const names = metricNamesInPromQL(rule.expr);
      if (!rule.expr.startsWith('vector(')) expect(names.length).toBeGreaterThan(0);
      const unknown = names.filter(
        (n) => !sdkSeries.has(n) && !recorded.has(n) && !COLLECTOR_METRICS.has(n),
      );
      expect(unknown, `not a translated EMITTED_METRICS name nor a recorded one`).toEqual([]);
    },
  );

  it('reads every SDK metric the issue names, as the dashboard does', () => {
    const used = new Set(rules.flatMap((r) => metricNamesInPromQL(r.expr)));
    const dashboard = new Set(dashboardExprs(overview.json).flatMap((e) => metricNamesInPromQL(e)));
    for (const series of [
      'http_server_request_duration_seconds_count',
      'http_server_request_duration_seconds_bucket',
      'app_errors_total',
      'app_breaker_state',
      'app_dependency_duration_seconds_count',
      'nodejs_eventloop_delay_p99_seconds',
      'v8js_memory_heap_used_bytes',
      'v8js_memory_heap_space_size_bytes',
      'v8js_gc_duration_seconds_sum',
    ]) {
      expect(used, series).toContain(series);
      expect(dashboard, `the dashboard does not query ${series}`).toContain(series);
    }
  });

  it('uses each SDK metric only with labels the dashboard uses with it (or promoted resource labels)', () => {
    const prometheus = parseYaml(
      readFileSync(path.join(ROOT, 'stack/prometheus.yaml'), 'utf8'),
    ) as {
      otlp: { translation_strategy: string; promote_resource_attributes: string[] };
    };
    expect(prometheus.otlp.translation_strategy).toBe('UnderscoreEscapingWithSuffixes');
    const everywhere = new Set([
      'job',
      'instance',
      ...prometheus.otlp.promote_resource_attributes.map((a) => a.replace(/\./g, '_')),
    ]);
    expect(everywhere).toContain('service_name');
    const seen = new Map<string, Set<string>>();
    for (const expr of dashboardExprs(overview.json)) {
      for (const [metric, labels] of labelsByMetric(expr)) {
        seen.set(metric, new Set([...(seen.get(metric) ?? []), ...labels]));
      }
    }
    const mismatches: string[] = [];
    for (const rule of rules) {
      for (const [metric, labels] of labelsByMetric(rule.expr)) {
        if (!sdkSeries.has(metric)) continue;
        for (const label of labels) {
          if (!everywhere.has(label) && !seen.get(metric)?.has(label)) {
            mismatches.push(`${rule.alert ?? rule.record}: ${metric} by/with ${label}`);
          }
        }
      }
    }
    expect(mismatches).toEqual([]);
  });
});

describe('alerts: labels, annotations and runbooks', () => {
  it.each(alerts.map((a) => [a.alert, a] as const))('%s', (name, alert) => {
    expect(['page', 'ticket']).toContain(alert.labels?.severity);
    for (const key of ['summary', 'description', 'runbook_url']) {
      expect(alert.annotations?.[key], key).toBeTruthy();
    }
    expect(alert.annotations?.runbook_url).toBe(`docs/runbooks/alerts/${name}.md`);
    const page = path.join(ROOT, alert.annotations?.runbook_url ?? '');
    expect(existsSync(page), `${page} (npm run build && npm run catalog)`).toBe(true);
    // The generated page is current: it shows the rule as it is now.
    const text = readFileSync(page, 'utf8');
    expect(text).toContain(alert.expr.trim().split('\n')[0]);
    expect(text).toContain(alert.annotations?.summary);
    expect(text).toContain('## Triage');
  });

  it('links the error alerts to the runbook of the code (Prometheus template = kebabCase)', () => {
    // {{ $labels.error_type | toLower | reReplaceAll "[^a-z0-9]+" "-" }}, as Go's text/template
    // and regexp would evaluate it.
    const templated = alerts.filter((a) => a.annotations?.error_runbook_url);
    expect(templated.map((a) => a.alert).sort()).toEqual([
      'SightlineCriticalError',
      'SightlineHighSeverityErrorsRising',
    ]);
    for (const alert of templated) {
      const template = alert.annotations?.error_runbook_url ?? '';
      const m =
        /^(.*)\{\{ \$labels\.error_type \| toLower \| reReplaceAll "([^"]+)" "([^"]*)" \}\}(.*)$/.exec(
          template,
        );
      expect(m, template).not.toBeNull();
      const [, before = '', pattern = '', replacement = '', after = ''] = m ?? [];
      for (const { code } of listErrorDefinitions()) {
        const url = `${before}${code.toLowerCase().replace(new RegExp(pattern, 'g'), replacement)}${after}`;
        expect(url).toBe(`docs/runbooks/${kebabCase(code)}.md`);
        expect(existsSync(path.join(ROOT, url)), url).toBe(true);
      }
    }
  });

  it('has a current runbook page for every error code, and an index', () => {
    const definitions = listErrorDefinitions();
    expect(definitions.length).toBeGreaterThan(15);
    const index = readFileSync(path.join(ROOT, 'docs/runbooks/README.md'), 'utf8');
    for (const d of definitions) {
      const file = path.join(ROOT, 'docs/runbooks', `${kebabCase(d.code)}.md`);
      expect(existsSync(file), `${file} (npm run build && npm run catalog)`).toBe(true);
      const text = readFileSync(file, 'utf8');
      expect(text).toContain(`\`${d.code}\``);
      if (d.runbook) expect(text).toContain(d.runbook.meaning);
      expect(index).toContain(`(${kebabCase(d.code)}.md)`);
    }
    for (const a of alerts) expect(index).toContain(`(alerts/${a.alert}.md)`);
  });
});

describe('dashboard links from an error code to its runbook', () => {
  const table = panelsOf(overview.json).find((p) =>
    JSON.stringify(p.fieldConfig ?? {}).includes('${__data.fields.runbook}'),
  );

  it('builds the runbook file name of every error code the way Grafana will', () => {
    expect(table, 'a panel linking ${__data.fields.runbook}').toBeDefined();
    const targets = table?.targets as { expr: string }[];
    const expr = targets[0]?.expr ?? '';
    // The label_replace chain, innermost first: copy error_type, then turn _ into -.
    const steps = [...expr.matchAll(/"runbook",\s*"([^"]*)",\s*"([^"]*)",\s*"([^"]*)"\)/g)].map(
      ([, replacement = '', source = '', regex = '']) => ({ replacement, source, regex }),
    );
    expect(steps.length).toBeGreaterThanOrEqual(2);
    // ...then the table's formatString transformation lowers the case.
    expect(table?.transformations).toContainEqual({
      id: 'formatString',
      options: { stringField: 'runbook', outputFormat: 'Lower Case' },
    });
    for (const { code } of listErrorDefinitions()) {
      const labels: Record<string, string> = { error_type: code };
      for (const step of steps) {
        // Prometheus anchors the regex and expands $1, $2 in the replacement.
        const match = new RegExp(`^(?:${step.regex})$`).exec(labels[step.source] ?? '');
        if (match)
          labels.runbook = step.replacement.replace(/\$(\d+)/g, (_, i) => match[Number(i)] ?? '');
      }
      const name = (labels.runbook ?? '').toLowerCase();
      expect(name).toBe(kebabCase(code));
      expect(existsSync(path.join(ROOT, 'docs/runbooks', `${name}.md`))).toBe(true);
    }
  });

  it('points ${runbook_base} at the runbooks Grafana serves in the local stack', () => {
    const links = JSON.stringify(table?.fieldConfig);
    expect(links).toContain('${runbook_base}/${__data.fields.runbook}.md');
    expect(links).toContain('span.error.type');
    expect(links).toContain('localhost:16686/search');
    const variables = (overview.json.templating as { list: { name: string; query: string }[] })
      .list;
    const base = variables.find((v) => v.name === 'runbook_base')?.query;
    expect(base).toBe('/public/runbooks');
    const compose = readFileSync(path.join(ROOT, 'docker-compose.yml'), 'utf8');
    expect(compose).toContain('./docs/runbooks:/usr/share/grafana/public/runbooks:ro');
  });

  it('has an alert list panel', () => {
    expect(panelsOf(overview.json).map((p) => p.type)).toContain('alertlist');
  });
});

describe('promtool', () => {
  const promtool = spawnSync('promtool', ['--version'], { encoding: 'utf8' });
  const installed = promtool.status === 0;

  it.for([
    ['check rules', 'stack/alerts.yaml', /SUCCESS: \d+ rules found/],
    ['test rules', 'stack/alerts.test.yaml', /SUCCESS/],
  ] as const)('promtool %s %s', ([command, file, expected], context) => {
    if (!installed) {
      context.skip(
        'promtool is not installed (Debian: apt-get install prometheus); .ci/run installs it and runs promtool check/test rules',
      );
    }
    const run = spawnSync('promtool', [...command.split(' '), file], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(`${run.stdout}${run.stderr}`).toMatch(expected);
    expect(run.status, `${run.stdout}${run.stderr}`).toBe(0);
  });
});
