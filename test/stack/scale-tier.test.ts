/**
 * The scale-out collector tier (compose profile `scale`: stack/collector-agent.yaml in front of
 * two stack/collector-gateway.yaml gateways) and the validator's checks of it and of the
 * Prometheus rule files: the tier is loaded and passes, it samples like the single collector,
 * and each broken copy fails naming the problem. No Docker: the validator runs in-process.
 */
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Document } from 'yaml';
import { parse as parseYaml } from 'yaml';
import { formatFinding, validateStack } from '../../scripts/stack/run.mjs';
import { ROOT, copyStack, editYaml } from './run-validator.js';

type Config = Record<string, Record<string, unknown>> & {
  service: {
    pipelines: Record<string, { receivers: string[]; processors?: string[]; exporters: string[] }>;
  };
};
const load = (file: string) =>
  parseYaml(readFileSync(path.join(ROOT, file), 'utf8'), { merge: true }) as Config;
const single = load('otel-collector-config.yaml');
const agent = load('stack/collector-agent.yaml');
const gateway = load('stack/collector-gateway.yaml');
const compose = load('docker-compose.yml') as unknown as {
  services: Record<string, { profiles?: string[]; volumes?: string[]; image?: string }>;
};

const copies: string[] = [];
afterAll(() => {
  for (const dir of copies) rmSync(dir, { recursive: true, force: true });
});

function validate(edit: (dir: string) => void = () => {}) {
  const dir = copyStack();
  copies.push(dir);
  edit(dir);
  const result = validateStack({ root: dir });
  return { ...result, output: [...result.findings.map(formatFinding), result.summary].join('\n') };
}

const yamlIn = (file: string, edit: (doc: Document) => void) => (dir: string) =>
  editYaml(path.join(dir, file), edit);

describe('compose profile "scale"', () => {
  const scaled = Object.entries(compose.services).filter(([, s]) => s.profiles?.includes('scale'));
  const mounting = (file: string) =>
    scaled.filter(([, s]) => s.volumes?.some((v) => v.startsWith(`./${file}:`))).map(([n]) => n);

  it('runs one agent and two gateways from the tier configs, plus a demo app sending to the agent', () => {
    expect(mounting('stack/collector-agent.yaml')).toEqual(['otel-agent']);
    expect(mounting('stack/collector-gateway.yaml')).toEqual(['otel-gateway-1', 'otel-gateway-2']);
    expect(scaled.map(([n]) => n)).toContain('app-scale');
    for (const name of ['otel-collector', 'app', 'prometheus', 'grafana']) {
      expect(compose.services[name]?.profiles, name).toBeUndefined();
    }
  });

  it('routes by trace ID to exactly those gateways', () => {
    const lb = agent.exporters?.load_balancing as {
      routing_key: string;
      resolver: { static: { hostnames: string[] } };
    };
    expect(lb.routing_key).toBe('traceID');
    expect(lb.resolver.static.hostnames).toEqual(
      mounting('stack/collector-gateway.yaml').map((n) => `${n}:4317`),
    );
    expect(agent.service.pipelines.traces?.exporters).toContain('load_balancing');
    expect(agent.service.pipelines.metrics?.exporters).not.toContain('load_balancing');
  });

  it('samples, redacts and meters exactly like the single collector', () => {
    expect(gateway.processors?.tail_sampling).toEqual(single.processors?.tail_sampling);
    expect(gateway.service.pipelines.traces?.processors).toEqual([
      'memory_limiter',
      'tail_sampling',
      'batch',
    ]);
    expect(agent.processors?.['transform/redact']).toEqual(single.processors?.['transform/redact']);
    expect(agent.connectors?.span_metrics).toEqual(single.connectors?.span_metrics);
    // Sampling only happens on the gateways, after the agent computed span metrics from all spans.
    for (const p of Object.values(agent.service.pipelines)) {
      expect(p.processors ?? []).not.toContain('tail_sampling');
    }
    expect(gateway.exporters).toHaveProperty(['otlp_grpc/jaeger']);
    expect(gateway.exporters).toHaveProperty(['otlp_grpc/tempo']);
    expect(gateway.exporters).toHaveProperty(['otlp_http/loki']);
  });

  it('uses component types of the pinned otelcol-contrib release', () => {
    const catalog = JSON.parse(
      readFileSync(path.join(ROOT, 'stack/schema/otelcol-contrib-components.json'), 'utf8'),
    ) as { exporters: string[]; processors: string[] };
    expect(catalog.exporters).toContain('load_balancing');
    expect(catalog.processors).toContain('tail_sampling');
  });
});

describe('stack validator: the tier and the rule files', () => {
  it('loads both tier configs and the rule file, and passes', () => {
    const result = validate();
    expect(result.output).toMatch(
      /STACK CHECK SUMMARY: PASS errors=0 warnings=0 .*tier=stack\/collector-agent\.yaml\+stack\/collector-gateway\.yaml .*rules=stack\/alerts\.yaml /,
    );
  });

  it.each([
    {
      name: 'the resolver names a host that is not a compose service',
      edit: yamlIn('stack/collector-agent.yaml', (doc) =>
        doc.setIn(
          ['exporters', 'load_balancing', 'resolver', 'static', 'hostnames', 1],
          'otel-gateway-3:4317',
        ),
      ),
      expected:
        /ERROR \[collector\] stack\/collector-agent\.yaml:exporters\.load_balancing\.resolver\.static\.hostnames\[1\]: host "otel-gateway-3" is not a compose service/,
    },
    {
      name: 'the gateways do not receive OTLP gRPC on the resolver port',
      edit: yamlIn('stack/collector-agent.yaml', (doc) =>
        doc.setIn(
          ['exporters', 'load_balancing', 'resolver', 'static', 'hostnames', 0],
          'otel-gateway-1:4318',
        ),
      ),
      expected:
        /ERROR \[collector\] \S+hostnames\[0\]: "otel-gateway-1" has no OTLP gRPC receiver on 4318/,
    },
    {
      name: 'trace-ID routing is used for metrics',
      edit: yamlIn('stack/collector-agent.yaml', (doc) =>
        doc.setIn(['service', 'pipelines', 'metrics', 'exporters'], ['load_balancing']),
      ),
      expected:
        /ERROR \[collector\] stack\/collector-agent\.yaml:service\.pipelines\.metrics\.exporters: routing_key traceID cannot route metrics/,
    },
    {
      name: 'a gateway pipeline names an undefined processor',
      edit: yamlIn('stack/collector-gateway.yaml', (doc) =>
        doc.setIn(
          ['service', 'pipelines', 'traces', 'processors'],
          ['memory_limiter', 'tail_sampler', 'batch'],
        ),
      ),
      expected:
        /ERROR \[collector\] stack\/collector-gateway\.yaml:service\.pipelines\.traces\.processors: "tail_sampler" is not defined/,
    },
    {
      name: "the gateways' own metrics go to a wrong Prometheus path",
      edit: yamlIn('stack/collector-gateway.yaml', (doc) =>
        doc.setIn(
          [
            'service',
            'telemetry',
            'metrics',
            'readers',
            0,
            'periodic',
            'exporter',
            'otlp',
            'endpoint',
          ],
          'http://prometheus:9090/api/v1/otlp',
        ),
      ),
      expected:
        /ERROR \[collector\] stack\/collector-gateway\.yaml:\S+otlp\.endpoint: Prometheus' OTLP metrics URL/,
    },
    {
      name: 'a rule file in rule_files is not mounted into Prometheus',
      edit: yamlIn('stack/prometheus.yaml', (doc) => doc.setIn(['rule_files', 0], 'rules/*.yaml')),
      expected:
        /ERROR \[rules\] stack\/prometheus\.yaml:rule_files\[0\]: \/etc\/prometheus\/rules\/\*\.yaml is not bind-mounted/,
    },
    {
      name: "an alert's runbook_url names a page that does not exist",
      edit: yamlIn('stack/alerts.yaml', (doc) =>
        doc.setIn(
          ['groups', 3, 'rules', 0, 'annotations', 'runbook_url'],
          'docs/runbooks/alerts/Nope.md',
        ),
      ),
      expected:
        /ERROR \[rules\] stack\/alerts\.yaml:\S+ \S+ SightlineCriticalError\.annotations\.runbook_url: docs\/runbooks\/alerts\/Nope\.md does not exist/,
    },
    {
      name: 'an alert has no severity label',
      edit: yamlIn('stack/alerts.yaml', (doc) =>
        doc.deleteIn(['groups', 3, 'rules', 0, 'labels', 'severity']),
      ),
      expected:
        /ERROR \[rules\] stack\/alerts\.yaml:\S+ \S+ SightlineCriticalError\.labels: severity label is required/,
    },
    {
      name: 'an alert expression has unbalanced brackets',
      edit: yamlIn('stack/alerts.yaml', (doc) =>
        doc.setIn(
          ['groups', 4, 'rules', 0, 'expr'],
          'max by (x) (max_over_time(app_breaker_state[2m]) == 2',
        ),
      ),
      expected:
        /ERROR \[rules\] stack\/alerts\.yaml:\S+ \S+ SightlineDependencyCircuitOpen\.expr: unclosed "\("/,
    },
  ])('fails when $name', ({ edit, expected }) => {
    const result = validate(edit);
    expect(result.output).toMatch(expected);
    expect(result.failed, result.output).toBe(true);
  });
});
