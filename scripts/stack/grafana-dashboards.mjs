/**
 * Grafana dashboard JSON checks: parses, is loaded by a provider, has a title, a stable unique
 * uid, a schemaVersion, panels with a valid gridPos, and only datasource references that exist.
 */
import fs from 'node:fs';
import path from 'node:path';
import { isObj } from './findings.mjs';

/** Panel types that read Grafana's own state, not a datasource query: no targets needed. */
const NO_TARGETS = ['row', 'text', 'alertlist', 'dashlist', 'annolist', 'news', 'welcome'];

/** Datasource references Grafana resolves itself. */
const BUILTIN_UIDS = new Set([
  '-- Grafana --',
  'grafana',
  '-- Mixed --',
  '-- Dashboard --',
  '-- Expression --',
  '__expr__',
]);

/**
 * @param {string[]} files JSON files under the Grafana folder
 * @param {{ byUid: Map<string, any>, byName: Map<string, any> }} datasources provisioned ones
 * @param {string[]} providerDirs host folders of dashboard providers (empty: not checked)
 * @param {import('./findings.mjs').Findings} findings
 * @returns {number} how many dashboards were checked
 */
export function checkDashboards(files, datasources, providerDirs, findings) {
  const uids = new Map();
  let count = 0;
  for (const f of files) {
    const where = findings.rel(f);
    let d;
    try {
      d = JSON.parse(fs.readFileSync(f, 'utf8'));
    } catch (e) {
      findings.error('grafana', where, `invalid JSON: ${e.message}`);
      continue;
    }
    if (!isObj(d)) {
      findings.warn('grafana', where, 'JSON is not an object; skipped');
      continue;
    }
    const k8s = d.kind === 'Dashboard' && isObj(d.spec);
    if (!k8s && !('panels' in d) && !('schemaVersion' in d)) {
      findings.info('grafana', where, 'JSON is not a dashboard; skipped');
      continue;
    }
    count++;
    const model = k8s ? (/v2/.test(String(d.apiVersion)) ? 'v2' : 'v1') : 'classic';
    const dash = k8s ? d.spec : d;
    if (providerDirs.length && !providerDirs.some((h) => f.startsWith(h + path.sep))) {
      findings.warn(
        'grafana',
        where,
        'not under any dashboard provider path; Grafana will not load it',
      );
    }
    if (!(dash.title ?? d.metadata?.annotations?.['grafana.app/title'])) {
      findings.error('grafana', where, 'title is required');
    }
    const uid = model === 'classic' ? d.uid : d.metadata?.name || dash.uid;
    if (!uid) findings.warn('grafana', where, 'no uid: links to the dashboard are not stable');
    else {
      if (String(uid).length > 40) {
        findings.error('grafana', where, `uid "${uid}" is longer than 40 characters`);
      }
      if (uids.has(uid)) {
        findings.error('grafana', where, `dashboard uid "${uid}" also used by ${uids.get(uid)}`);
      } else uids.set(uid, where);
    }
    if (model !== 'v2') checkPanels(dash, where, findings);
    checkDatasourceRefs(dash, model, where, datasources, findings);
  }
  return count;
}

function checkPanels(dash, where, findings) {
  if (!Number.isInteger(dash.schemaVersion)) {
    findings.error('grafana', where, 'schemaVersion (integer) is required');
  } else if (dash.schemaVersion < 36) {
    findings.warn(
      'grafana',
      where,
      `schemaVersion ${dash.schemaVersion} is old; Grafana migrates it on load`,
    );
  }
  if (!Array.isArray(dash.panels)) findings.error('grafana', where, 'panels must be an array');
  const ids = new Map();
  const walk = (panels, prefix) =>
    (Array.isArray(panels) ? panels : []).forEach((p, i) => {
      const w = `${where}:${prefix}panels[${i}]${p?.title ? ` "${p.title}"` : ''}`;
      if (!isObj(p)) return findings.error('grafana', w, 'panel is not an object');
      if (!p.type) findings.error('grafana', w, 'type is required');
      if (p.id !== undefined) {
        if (ids.has(p.id)) {
          findings.warn('grafana', w, `panel id ${p.id} duplicates ${ids.get(p.id)}`);
        } else ids.set(p.id, w);
      }
      const g = p.gridPos;
      if (!isObj(g) || ![g.x, g.y, g.w, g.h].every(Number.isInteger)) {
        findings.error('grafana', w, 'gridPos {x,y,w,h} (integers) is required');
      } else if (g.w < 1 || g.w > 24 || g.x < 0 || g.x + g.w > 24 || g.h < 1) {
        findings.error('grafana', w, `gridPos out of range (24 columns): ${JSON.stringify(g)}`);
      }
      const needsTargets = !NO_TARGETS.includes(p.type) && !p.libraryPanel;
      if (needsTargets && !(p.targets || []).length) {
        findings.warn('grafana', w, 'panel has no targets');
      }
      walk(p.panels, `${prefix}panels[${i}].`);
    });
  walk(dash.panels, '');
}

/** Every `datasource` anywhere in the dashboard names a provisioned uid/name or a variable. */
function checkDatasourceRefs(dash, model, where, { byUid, byName }, findings) {
  const vars = new Set((dash.templating?.list || []).map((v) => v?.name).filter(Boolean));
  if (model === 'v2') {
    for (const v of dash.variables || []) if (v?.spec?.name) vars.add(v.spec.name);
  }
  const variableOf = (s) =>
    /^\$\{?([A-Za-z0-9_]+)/.exec(s)?.[1] || /^\[\[([A-Za-z0-9_]+)/.exec(s)?.[1];
  const known = [...byUid.keys()].join(', ') || 'none';
  const check = (v, at) => {
    const uid = isObj(v) ? (v.uid ?? null) : null;
    const type = isObj(v) ? (v.type ?? null) : null;
    const name =
      typeof v === 'string' ? v : !uid && model === 'v2' && isObj(v) ? (v.name ?? null) : null;
    const ref = uid ?? name;
    if (!ref || BUILTIN_UIDS.has(ref)) return;
    const variable = variableOf(ref);
    if (variable) {
      if (!vars.has(variable)) {
        findings.warn(
          'grafana',
          at,
          `references variable $${variable}, which is not defined in templating`,
        );
      }
    } else if (uid) {
      const ds = byUid.get(uid);
      if (!ds) findings.error('grafana', at, `uid "${uid}" is not provisioned (known: ${known})`);
      else if (type && ds.type !== type && !['datasource', 'grafana'].includes(type)) {
        findings.warn('grafana', at, `type "${type}" but provisioned "${uid}" is "${ds.type}"`);
      }
    } else if (!byName.has(name) && !byUid.has(name)) {
      findings.error('grafana', at, `"${name}" matches no provisioned datasource name or uid`);
    } else if (typeof v === 'string') {
      findings.info('grafana', at, `legacy string datasource "${name}"; prefer {"type","uid"}`);
    }
  };
  const walk = (node, p) => {
    if (Array.isArray(node)) return node.forEach((x, i) => walk(x, `${p}[${i}]`));
    if (!isObj(node)) return;
    for (const [k, v] of Object.entries(node)) {
      if (k === 'datasource' && v !== null && v !== undefined) check(v, `${where}:${p}.datasource`);
      walk(v, `${p}.${k}`);
    }
  };
  walk(dash, '$');
}
