// Bad configuration, as a user sees it on stderr: exactly one warning per bad value, from
// Sightline, naming the variable or option actually used and the fallback — never a second
// complaint from the OTel packages, never silence (unless OTEL_LOG_LEVEL=none).
import { diag } from '@opentelemetry/api';
import { afterEach, describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/sdk/config.js';
import { spawnNode, type Child } from '../helpers/child.js';
import { captureDiagWarnings } from '../helpers/diag.js';

const SHORT = 'test/fixtures/short-script.mjs';
const LOGGER = 'test/fixtures/logger-level.mjs';

let child: Child | undefined;

afterEach(() => {
  child?.kill('SIGKILL');
  child = undefined;
});

/** Runs `script` preloaded with `env`, nothing exported; resolves with its stderr lines. */
async function stderrOf(script: string, env: Record<string, string>): Promise<string[]> {
  child = spawnNode(script, ['--import', 'sightline/register'], {
    // A port nothing listens on: the exporters are created (at exit) and fail fast.
    OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:9',
    SIGHTLINE_SHUTDOWN_TIMEOUT_MS: '500',
    ...env,
  });
  expect(await child.exited()).toBe(0);
  return child
    .stderr()
    .split('\n')
    .filter((line) => line !== '');
}

/** The lines mentioning `needle`. */
function mentioning(lines: string[], needle: string): string[] {
  return lines.filter((line) => line.includes(needle));
}

describe('configuration warnings in a preloaded app', () => {
  it.each([
    [
      'OTEL_TRACES_SAMPLER_ARG out of range',
      { OTEL_TRACES_SAMPLER: 'traceidratio', OTEL_TRACES_SAMPLER_ARG: '2' },
      'OTEL_TRACES_SAMPLER_ARG',
      /ignoring OTEL_TRACES_SAMPLER_ARG="2".*; using 1$/,
    ],
    [
      'OTEL_TRACES_SAMPLER_ARG not a number',
      { OTEL_TRACES_SAMPLER: 'parentbased_traceidratio', OTEL_TRACES_SAMPLER_ARG: 'half' },
      'OTEL_TRACES_SAMPLER_ARG',
      /ignoring OTEL_TRACES_SAMPLER_ARG="half".*; using 1$/,
    ],
    [
      'OTEL_TRACES_SAMPLER unknown',
      { OTEL_TRACES_SAMPLER: 'sometimes' },
      'OTEL_TRACES_SAMPLER=',
      /ignoring OTEL_TRACES_SAMPLER="sometimes".*; using parentbased_always_on$/,
    ],
    [
      'OTEL_EXPORTER_OTLP_ENDPOINT not a URL',
      { OTEL_EXPORTER_OTLP_ENDPOINT: 'notaurl' },
      'notaurl',
      /ignoring OTEL_EXPORTER_OTLP_ENDPOINT="notaurl".*; using http:\/\/localhost:4318$/,
    ],
    [
      'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT not a URL',
      { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'notaurl' },
      'notaurl',
      /ignoring OTEL_EXPORTER_OTLP_TRACES_ENDPOINT="notaurl".*; using http:\/\/127\.0\.0\.1:9\/v1\/traces$/,
    ],
    [
      'OTEL_EXPORTER_OTLP_TIMEOUT not a number',
      { OTEL_EXPORTER_OTLP_TIMEOUT: 'soon' },
      'OTEL_EXPORTER_OTLP_TIMEOUT',
      /ignoring OTEL_EXPORTER_OTLP_TIMEOUT="soon".*; using 10000$/,
    ],
    [
      'OTEL_EXPORTER_OTLP_COMPRESSION unknown',
      { OTEL_EXPORTER_OTLP_COMPRESSION: 'zip' },
      'OTEL_EXPORTER_OTLP_COMPRESSION',
      /ignoring OTEL_EXPORTER_OTLP_COMPRESSION="zip".*; using none$/,
    ],
    [
      'OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT not a number',
      { OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT: 'many' },
      'OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT',
      /ignoring OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT="many".*; using 128$/,
    ],
    [
      'OTEL_LOG_LEVEL unknown',
      { OTEL_LOG_LEVEL: 'loud' },
      'OTEL_LOG_LEVEL',
      /ignoring OTEL_LOG_LEVEL="loud".*; using info$/,
    ],
  ])('%s: one warning, from Sightline', async (_, env, needle, expected) => {
    const lines = await stderrOf(SHORT, env);
    const about = mentioning(lines, needle);
    expect(about, lines.join('\n')).toHaveLength(1);
    expect(about[0]).toMatch(/^\[sightline\] warn: ignoring /);
    expect(about[0]).toMatch(expected);
  });

  it('LOG_LEVEL unknown: one warning naming LOG_LEVEL and the fallback', async () => {
    const lines = await stderrOf(LOGGER, { LOG_LEVEL: 'loud' });
    const about = mentioning(lines, 'loud');
    expect(about, lines.join('\n')).toHaveLength(1);
    expect(about[0]).toMatch(/^\[sightline\] warn: ignoring LOG_LEVEL="loud".*; using "info"$/);
  });

  it('createLogger({ level }) unknown: one warning naming the level option', async () => {
    const lines = await stderrOf(LOGGER, { FIXTURE_LOGGER_LEVEL: 'loud' });
    const about = mentioning(lines, 'loud');
    expect(about, lines.join('\n')).toHaveLength(1);
    expect(about[0]).toMatch(
      /^\[sightline\] warn: ignoring createLogger\(\) option level="loud".*; using "info"$/,
    );
  });

  it('never doubles the prefix: no "[sightline] <level>: sightline: " line', async () => {
    const lines = await stderrOf(SHORT, { OTEL_TRACES_SAMPLER: 'sometimes' });
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(line).not.toMatch(/^\[sightline\] \w+: sightline: /);
  });
});

describe('configuration warnings and OTEL_LOG_LEVEL', () => {
  it.each(['error', 'warn', 'info'])(
    'stay visible at OTEL_LOG_LEVEL=%s (sampler and logger level)',
    async (level) => {
      const lines = await stderrOf(LOGGER, {
        OTEL_LOG_LEVEL: level,
        OTEL_TRACES_SAMPLER: 'sometimes',
        LOG_LEVEL: 'loud',
      });
      expect(mentioning(lines, 'OTEL_TRACES_SAMPLER="sometimes"')).toHaveLength(1);
      expect(mentioning(lines, 'LOG_LEVEL="loud"')).toHaveLength(1);
    },
  );

  it('at OTEL_LOG_LEVEL=error, other warnings stay hidden', async () => {
    // The collector is unreachable at exit: a warning, not an error.
    const lines = await stderrOf(SHORT, { OTEL_LOG_LEVEL: 'error' });
    expect(lines).toEqual([]);
  });

  it('are silenced by OTEL_LOG_LEVEL=none only', async () => {
    const lines = await stderrOf(LOGGER, {
      OTEL_LOG_LEVEL: 'none',
      OTEL_TRACES_SAMPLER: 'sometimes',
      LOG_LEVEL: 'loud',
    });
    expect(lines).toEqual([]);
  });
});

describe('start() options', () => {
  afterEach(() => diag.disable());

  it('an invalid endpoint option is blamed on the option, not on OTEL_EXPORTER_OTLP_ENDPOINT', () => {
    const warnings = captureDiagWarnings();
    const config = resolveConfig(
      { endpoint: 'nope' },
      { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' },
    );
    // The option is ignored: what the environment says applies, as if it were not given.
    expect(config.exporters.traces.url).toBe('http://collector:4318/v1/traces');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(
      /ignoring start\(\) option endpoint="nope" \(expected an http\(s\) URL\); using http:\/\/collector:4318$/,
    );
    expect(warnings[0]).not.toContain('OTEL_EXPORTER_OTLP_ENDPOINT');
  });
});
