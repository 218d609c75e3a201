/**
 * Helpers for the alerting tests: the rules of stack/alerts.yaml, the Prometheus queries of the
 * Grafana dashboards, and the label names a PromQL expression uses with each metric.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { metricNamesInPromQL } from './prometheus-names.js';
import { ROOT } from './run-validator.js';

export interface Rule {
  alert?: string;
  record?: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  group: string;
}

/** Every rule of a Prometheus rule file (default: stack/alerts.yaml), with its group name. */
export function readRules(file = path.join(ROOT, 'stack/alerts.yaml')): Rule[] {
  const { groups } = parseYaml(readFileSync(file, 'utf8')) as {
    groups: { name: string; rules: Omit<Rule, 'group'>[] }[];
  };
  return groups.flatMap((g) => g.rules.map((r) => ({ ...r, group: g.name })));
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };
const isObject = (v: Json | undefined): v is JsonObject =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** A dashboard panel as far as these tests read it. */
export type Panel = JsonObject;

/** The dashboards of grafana/dashboards, parsed. */
export function readDashboards(): { file: string; json: JsonObject }[] {
  const dir = path.join(ROOT, 'grafana/dashboards');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => ({ file: f, json: JSON.parse(readFileSync(path.join(dir, f), 'utf8')) }));
}

/** Every panel of a dashboard, rows' nested panels included. */
export function panelsOf(dashboard: JsonObject): Panel[] {
  const out: Panel[] = [];
  const walk = (panels: Json | undefined): void => {
    for (const panel of Array.isArray(panels) ? panels : []) {
      if (!isObject(panel)) continue;
      out.push(panel);
      walk(panel.panels);
    }
  };
  walk(dashboard.panels);
  return out;
}

/** The PromQL of every Prometheus target of a dashboard. */
export function dashboardExprs(dashboard: JsonObject): string[] {
  return panelsOf(dashboard).flatMap((panel) =>
    (Array.isArray(panel.targets) ? panel.targets : [])
      .filter(isObject)
      .filter((t) => {
        const ds = isObject(t.datasource) ? t.datasource : panel.datasource;
        return isObject(ds) && ds.uid === 'prometheus' && typeof t.expr === 'string';
      })
      .map((t) => String(t.expr)),
  );
}

/**
 * Label names used with each metric of an expression: those in the metric's own matchers, plus
 * the expression's `by (...)` grouping labels (attributed to every metric of the expression).
 */
export function labelsByMetric(expr: string): Map<string, Set<string>> {
  const grouping = new Set<string>();
  for (const m of expr.matchAll(/\bby\s*\(([^)]*)\)/g)) {
    for (const label of (m[1] ?? '').split(',')) if (label.trim()) grouping.add(label.trim());
  }
  const out = new Map<string, Set<string>>();
  for (const metric of metricNamesInPromQL(expr)) {
    const labels = new Set(grouping);
    const escaped = metric.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    for (const m of expr.matchAll(
      new RegExp(`(?<![\\w:])${escaped}(?![\\w:])\\s*(\\{[^}]*\\})?`, 'g'),
    )) {
      for (const lm of (m[1] ?? '').matchAll(/([A-Za-z_][A-Za-z0-9_]*)\s*(=~|!~|!=|=)/g)) {
        labels.add(lm[1] ?? '');
      }
    }
    out.set(metric, labels);
  }
  return out;
}
