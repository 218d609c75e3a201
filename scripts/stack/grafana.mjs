/**
 * Grafana checks: provisioning YAML (parses, `$$` escaping of Grafana macros, datasources, files
 * mounted where Grafana reads them, dashboard provider paths) and the dashboards.
 */
import fs from 'node:fs';
import path from 'node:path';
import { checkDashboards } from './grafana-dashboards.mjs';
import { checkDatasources } from './grafana-datasources.mjs';
import { isObj, readYaml } from './findings.mjs';

/** Files under `dir`, skipping dot-files and node_modules. */
function walkFiles(dir, out = []) {
  if (!fs.existsSync(dir)) return out;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    if (e.name === 'node_modules' || e.name.startsWith('.')) continue;
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walkFiles(p, out);
    else out.push(p);
  }
  return out;
}

/**
 * Provisioning files expand $VAR and ${VAR}; Grafana's own ${__...} macros must be written
 * $${__...}. An odd number of `$` before `{__` means the macro would be eaten at provisioning.
 */
function checkEscaping(text, where, findings) {
  text.split(/\r?\n/).forEach((line, i) => {
    if (/^\s*#/.test(line)) return;
    for (const m of line.matchAll(/\$+\{__/g)) {
      if ((m[0].length - 3) % 2 === 1) {
        const msg =
          `"${m[0]}..." is interpolated as an environment variable at provisioning time; ` +
          'write $${__...} (double the $)';
        findings.error('grafana', `${where}:${i + 1}`, msg);
      }
    }
  });
}

/**
 * @param {string} dir the Grafana folder (absolute)
 * @param {import('./compose-model.mjs').ComposeModel} compose
 * @param {import('./findings.mjs').Findings} findings
 * @returns {{ datasources: number, dashboards: number }}
 */
export function checkGrafana(dir, compose, findings) {
  if (!fs.existsSync(dir)) {
    findings.warn('grafana', findings.rel(dir), 'Grafana folder not found');
    return { datasources: 0, dashboards: 0 };
  }
  const grafanaSvc = compose.byKind('grafana')[0] || compose.byKind('lgtm')[0] || null;
  const plainGrafana =
    grafanaSvc && compose.kindOf(compose.services[grafanaSvc])?.kind === 'grafana';
  const files = walkFiles(dir);
  const dsFiles = [];
  const providers = [];
  for (const f of files.filter((x) => /\.ya?ml$/i.test(x))) {
    const y = readYaml(findings, f, 'grafana');
    if (!y || !isObj(y.data)) continue;
    checkEscaping(y.text, findings.rel(f), findings);
    if ('datasources' in y.data) dsFiles.push({ f, data: y.data });
    if ('providers' in y.data) for (const p of y.data.providers || []) providers.push({ f, p });
  }
  const datasources = checkDatasources(dsFiles, { compose, grafanaSvc }, findings);
  let providerDirs = [];
  if (plainGrafana) {
    const env = compose.serviceEnv(compose.services[grafanaSvc]);
    const provRoot = env.GF_PATHS_PROVISIONING || '/etc/grafana/provisioning';
    const mounted = (f, sub) => {
      const at = compose.hostToContainer(grafanaSvc, f);
      if (!at || !at.startsWith(`${provRoot}/${sub}/`)) {
        const msg =
          `not mounted under ${provRoot}/${sub}/ in "${grafanaSvc}" ` +
          `(mounted at ${at || 'nowhere'})`;
        findings.warn('grafana', findings.rel(f), msg);
      }
    };
    for (const { f } of dsFiles) mounted(f, 'datasources');
    for (const { f } of providers) mounted(f, 'dashboards');
    providerDirs = checkProviders(providers, grafanaSvc, compose, findings);
  } else checkProviders(providers, null, compose, findings);
  const json = files.filter((x) => /\.json$/i.test(x));
  const dashboards = checkDashboards(json, datasources, providerDirs, findings);
  if (dashboards === 0) findings.info('grafana', findings.rel(dir), 'no dashboards found');
  return { datasources: datasources.byUid.size, dashboards };
}

/** File providers have a path, and (with a Grafana service) it is a mounted, existing folder. */
function checkProviders(providers, grafanaSvc, compose, findings) {
  const dirs = [];
  for (const { f, p } of providers) {
    const where = `${findings.rel(f)}:${p?.name || 'provider'}`;
    if (!p?.name) findings.error('grafana', where, 'provider name is required');
    if ((p?.type || 'file') !== 'file') continue;
    const containerPath = p?.options?.path;
    if (!containerPath) {
      findings.error('grafana', where, 'options.path is required');
      continue;
    }
    if (!grafanaSvc) continue;
    const host = compose.containerToHost(grafanaSvc, containerPath);
    if (!host) {
      const msg = `options.path ${containerPath} is not inside any bind mount of "${grafanaSvc}"`;
      findings.error('grafana', where, msg);
    } else if (!fs.existsSync(host)) {
      const msg = `options.path ${containerPath} maps to ${findings.rel(host)}, which does not exist`;
      findings.error('grafana', where, msg);
    } else dirs.push(host);
  }
  return dirs;
}
