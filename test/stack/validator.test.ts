/**
 * The project's offline stack validator (scripts/validate-stack.mjs) really fails: each case
 * copies the stack files to a temp folder, breaks one thing, and expects a failed result with an
 * ERROR finding naming the problem. An unmodified copy passes, so each failure is the edit's doing.
 * The cases run in-process (validateStack decides the CLI's exit code: 1 exactly when `failed`);
 * the CLI itself is run for exit codes 1 and 2 (stack.test.ts runs it for 0 on the repository).
 */
import { rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Document } from 'yaml';
import { formatFinding, validateStack } from '../../scripts/stack/run.mjs';
import { copyStack, editJson, editYaml, runValidator } from './run-validator.js';

const copies: string[] = [];
afterAll(() => {
  for (const dir of copies) rmSync(dir, { recursive: true, force: true });
});

/** A temp copy of the stack with `edit` applied. */
function brokenCopy(edit: (dir: string) => void): string {
  const dir = copyStack();
  copies.push(dir);
  edit(dir);
  return dir;
}

const yamlIn = (file: string, edit: (doc: Document) => void) => (dir: string) =>
  editYaml(path.join(dir, file), edit);

/** Points the first datasource reference with uid `from` in a dashboard at uid `to`. */
function renameDatasourceRef(node: unknown, from: string, to: string): boolean {
  if (Array.isArray(node)) return node.some((child) => renameDatasourceRef(child, from, to));
  if (typeof node !== 'object' || node === null) return false;
  const record = node as Record<string, unknown>;
  const ds = record.datasource as { uid?: unknown } | undefined;
  if (ds && typeof ds === 'object' && ds.uid === from) {
    ds.uid = to;
    return true;
  }
  return Object.values(record).some((child) => renameDatasourceRef(child, from, to));
}

interface BrokenCase {
  name: string;
  /** Breaks the copy in `dir`. */
  edit: (dir: string) => void;
  /** The ERROR line the validator must print. */
  expected: RegExp;
}

const undefinedExporter: BrokenCase = {
  name: 'a pipeline references an undefined exporter',
  edit: yamlIn('otel-collector-config.yaml', (doc) =>
    doc.setIn(['service', 'pipelines', 'logs', 'exporters'], ['otlp_http/loki', 'otlp/zipkin']),
  ),
  expected:
    /ERROR \[collector\] service\.pipelines\.logs\.exporters: "otlp\/zipkin" is not defined/,
};

const cases: BrokenCase[] = [
  undefinedExporter,
  {
    name: 'a collector component type does not exist in otelcol-contrib',
    edit: yamlIn('otel-collector-config.yaml', (doc) => {
      doc.setIn(['processors', 'batchh'], doc.getIn(['processors', 'batch'], true));
      doc.deleteIn(['processors', 'batch']);
    }),
    expected:
      /ERROR \[collector\] processors\.batchh: unknown processor type "batchh".*did you mean batch/,
  },
  {
    name: "the Loki exporter misses Loki's /otlp path",
    edit: yamlIn('otel-collector-config.yaml', (doc) =>
      doc.setIn(['exporters', 'otlp_http/loki', 'endpoint'], 'http://loki:3100'),
    ),
    expected: /ERROR \[collector\] exporters\.otlp_http\/loki\.endpoint: Loki's OTLP endpoint is/,
  },
  {
    name: 'a compose service has an unknown key',
    edit: yamlIn('docker-compose.yml', (doc) =>
      doc.setIn(['services', 'app', 'restart_policy'], 'always'),
    ),
    expected: /ERROR \[compose\] docker-compose\.yml:\/services\/app: schema: .*"restart_policy"/,
  },
  {
    name: 'a service waits for a healthy dependency that has no healthcheck',
    edit: yamlIn('docker-compose.yml', (doc) =>
      doc.deleteIn(['services', 'prometheus', 'healthcheck']),
    ),
    expected:
      /ERROR \[compose\] services\.\S+\.depends_on\.prometheus: .*"prometheus" has no healthcheck/,
  },
  {
    name: 'a dashboard uses a datasource uid that is not provisioned',
    edit: (dir) =>
      editJson(path.join(dir, 'grafana/dashboards/sightline-service-overview.json'), (json) => {
        if (!renameDatasourceRef(json, 'prometheus', 'nowhere')) throw new Error('no reference');
      }),
    expected:
      /ERROR \[grafana\] grafana\/dashboards\/\S+\.json:\S+: uid "nowhere" is not provisioned/,
  },
  {
    name: 'a Grafana macro in provisioning is not $$-escaped',
    edit: yamlIn('grafana/provisioning/datasources/datasources.yaml', (doc) => {
      const names = (doc.toJS() as { datasources: { name: string }[] }).datasources.map(
        (d) => d.name,
      );
      doc.setIn(
        ['datasources', names.indexOf('Loki'), 'jsonData', 'derivedFields', 0, 'url'],
        '${__value.raw}',
      );
    }),
    expected:
      /ERROR \[grafana\] grafana\/provisioning\/\S+\.yaml:\d+: "\$\{__\.\.\." is interpolated/,
  },
  {
    name: "Tempo's OTLP receiver listens on localhost only",
    edit: yamlIn('stack/tempo.yaml', (doc) =>
      doc.setIn(
        ['distributor', 'receivers', 'otlp', 'protocols', 'grpc', 'endpoint'],
        'localhost:4317',
      ),
    ),
    expected:
      /ERROR \[backends\] stack\/tempo\.yaml:distributor\S+\.grpc: listens on localhost:4317/,
  },
  {
    name: 'Loki listens on another port than the collector sends to',
    edit: yamlIn('stack/loki.yaml', (doc) => doc.setIn(['server', 'http_listen_port'], 3101)),
    expected:
      /ERROR \[backends\] exporters\.otlp_http\/loki\.endpoint: sends to loki:3100 but \S+ listens on 3101/,
  },
];

/** Validates a folder in-process; `output` is what the CLI would print. */
function validate(dir: string) {
  const result = validateStack({ root: dir });
  const output = [...result.findings.map(formatFinding), result.summary].join('\n');
  return { ...result, output };
}

describe('stack validator on broken copies', () => {
  it('passes an unmodified copy', () => {
    const result = validate(brokenCopy(() => {}));
    expect(result.output).toMatch(/STACK CHECK SUMMARY: PASS errors=0 /);
    expect(result.failed, result.output).toBe(false);
  });

  it.each(cases)('fails when $name', ({ edit, expected }) => {
    const result = validate(brokenCopy(edit));
    expect(result.output).toMatch(expected);
    expect(result.output).toMatch(/STACK CHECK SUMMARY: FAIL errors=[1-9]/);
    expect(result.failed, result.output).toBe(true);
  });
});

describe('stack validator CLI on temp copies', () => {
  it('exits 1 naming the problem when a copy outside the repository is broken', async () => {
    const run = await runValidator([brokenCopy(undefinedExporter.edit)]);
    expect(run.output).toMatch(undefinedExporter.expected);
    expect(run.output).toMatch(/STACK CHECK SUMMARY: FAIL errors=1 /);
    expect(run.status, run.output).toBe(1);
  });

  it('reports a deprecated component alias as a warning, an error with --warnings-as-errors', async () => {
    const dir = brokenCopy(
      yamlIn('otel-collector-config.yaml', (doc) => {
        doc.setIn(['exporters', 'otlphttp/loki'], doc.getIn(['exporters', 'otlp_http/loki'], true));
        doc.deleteIn(['exporters', 'otlp_http/loki']);
        doc.setIn(['service', 'pipelines', 'logs', 'exporters'], ['otlphttp/loki']);
      }),
    );
    const lenient = validate(dir);
    expect(lenient.output).toMatch(
      /WARN {2}\[collector\] exporters\.otlphttp\/loki: "otlphttp" is a deprecated alias of "otlp_http"/,
    );
    expect(lenient.failed, lenient.output).toBe(false);
    const strict = await runValidator([dir, '--warnings-as-errors']);
    expect(strict.output).toMatch(/STACK CHECK SUMMARY: FAIL errors=0 warnings=1 /);
    expect(strict.status, strict.output).toBe(1);
  });

  it('exits 2 (setup problem, not a finding) when there is no compose file', async () => {
    const run = await runValidator([
      brokenCopy((dir) => rmSync(path.join(dir, 'docker-compose.yml'))),
    ]);
    expect(run.output).toMatch(/error: no compose file found/);
    expect(run.status).toBe(2);
  });
});
