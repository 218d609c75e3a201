/**
 * Helpers for the stack test: the Prometheus names an OpenTelemetry metric gets through
 * Prometheus' OTLP receiver, and the metric names a PromQL expression reads.
 *
 * The translation mirrors `translation_strategy: UnderscoreEscapingWithSuffixes` (prometheus/
 * otlptranslator, the Prometheus 3 default, set explicitly in stack/prometheus.yaml):
 * - every character outside `[a-zA-Z0-9]` (dots included) splits the name; tokens are joined with
 *   `_` (so runs of separators collapse);
 * - the UCUM unit becomes a suffix (`s` → `seconds`, `By` → `bytes`, `By/s` →
 *   `bytes_per_second`), unless the name already contains that token; annotations in braces
 *   (`{error}`) are dropped; `1` adds `ratio`, but only to gauges;
 * - monotonic counters end in `total`;
 * - classic histograms are stored as `<name>_bucket`, `<name>_sum` and `<name>_count`.
 */
import type { EmittedMetric } from '../../src/core/telemetry/metric-names.js';

type MetricLike = Pick<EmittedMetric, 'name' | 'unit' | 'type'>;

/** UCUM unit → Prometheus word (otlptranslator's unit map, the common subset). */
const UNIT_WORDS: Readonly<Record<string, string>> = {
  d: 'days',
  h: 'hours',
  min: 'minutes',
  s: 'seconds',
  ms: 'milliseconds',
  us: 'microseconds',
  ns: 'nanoseconds',
  By: 'bytes',
  KiBy: 'kibibytes',
  MiBy: 'mebibytes',
  GiBy: 'gibibytes',
  TiBy: 'tibibytes',
  KBy: 'kilobytes',
  MBy: 'megabytes',
  GBy: 'gigabytes',
  TBy: 'terabytes',
  bit: 'bits',
  m: 'meters',
  V: 'volts',
  A: 'amperes',
  J: 'joules',
  W: 'watts',
  g: 'grams',
  Cel: 'celsius',
  Hz: 'hertz',
  '%': 'percent',
  '1': '',
};
const PER_UNIT_WORDS: Readonly<Record<string, string>> = {
  s: 'second',
  m: 'minute',
  h: 'hour',
  d: 'day',
  w: 'week',
  mo: 'month',
  y: 'year',
};

const tokens = (s: string): string[] => s.split(/[^a-zA-Z0-9]+/).filter(Boolean);

function unitTokens(unit: string): { main: string[]; per: string[] } {
  const cleaned = unit.replace(/\{[^}]*\}/g, '').trim();
  if (!cleaned) return { main: [], per: [] };
  const [mainRaw = '', perRaw = ''] = cleaned.split('/', 2);
  const main = UNIT_WORDS[mainRaw] ?? mainRaw;
  const per = perRaw ? (PER_UNIT_WORDS[perRaw] ?? perRaw) : '';
  return { main: tokens(main), per: tokens(per) };
}

/**
 * The Prometheus metric name of an OpenTelemetry instrument (without the histogram series
 * suffixes): `http.server.request.duration` (s, histogram) → `http_server_request_duration_seconds`,
 * `app.errors` ({error}, counter) → `app_errors_total`.
 */
export function toPrometheusName(metric: MetricLike): string {
  const name = tokens(metric.name);
  const { main, per } = unitTokens(metric.unit);
  const mainWord = main.join('_');
  if (mainWord && !name.includes(mainWord)) name.push(...main);
  const perWord = per.join('_');
  if (perWord && !name.includes(perWord)) name.push('per', ...per);
  if (metric.type === 'counter') return [...name.filter((t) => t !== 'total'), 'total'].join('_');
  if (metric.unit === '1' && metric.type === 'gauge')
    return [...name.filter((t) => t !== 'ratio'), 'ratio'].join('_');
  return name.join('_');
}

/** Every series name Prometheus stores for the instrument (`_bucket`/`_sum`/`_count` for histograms). */
export function prometheusSeriesNames(metric: MetricLike): string[] {
  const base = toPrometheusName(metric);
  return metric.type === 'histogram' ? ['_bucket', '_sum', '_count'].map((s) => base + s) : [base];
}

const PROMQL_KEYWORDS = new Set([
  'by',
  'without',
  'on',
  'ignoring',
  'group_left',
  'group_right',
  'bool',
  'offset',
  'and',
  'or',
  'unless',
  'atan2',
  'inf',
  'nan',
]);

/**
 * Metric names read by a PromQL expression (Grafana variables allowed). Strips strings, label
 * matchers, range/subquery brackets, grouping clauses and variables, then keeps identifiers that
 * are not function calls or keywords. `label_values(selector, label)` (Grafana variable queries)
 * is reduced to its selector. A `__name__` matcher is rejected: the test could not check it.
 */
export function metricNamesInPromQL(expr: string): string[] {
  if (/__name__/.test(expr)) {
    throw new Error(`PromQL uses a __name__ matcher, which the name check cannot verify: ${expr}`);
  }
  let s = expr.replace(
    /\blabel_values\s*\(\s*([A-Za-z_:][A-Za-z0-9_:]*\s*(?:\{[^}]*\})?)\s*,[^)]*\)/g,
    ' $1 ',
  );
  s = s.replace(/"(?:\\.|[^"\\])*"|'(?:\\.|[^'\\])*'|`[^`]*`/g, ' ');
  s = s.replace(/\{[^}]*\}/g, ' ');
  s = s.replace(/\[[^\]]*\]/g, ' ');
  s = s.replace(/\$\{[^}]*\}|\$[A-Za-z_][A-Za-z0-9_]*/g, ' ');
  s = s.replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ');
  s = s.replace(/\boffset\s+-?\d+[a-z]+/g, ' ');
  const names = new Set<string>();
  const re = /(?<![\w.:])([A-Za-z_:][A-Za-z0-9_:]*)(?![\w.])(\s*\()?/g;
  for (const m of s.matchAll(re)) {
    const [, ident = '', call] = m;
    if (call || PROMQL_KEYWORDS.has(ident.toLowerCase())) continue;
    names.add(ident);
  }
  return [...names];
}
