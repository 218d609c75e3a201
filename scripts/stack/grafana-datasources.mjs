/**
 * Grafana datasource provisioning: required fields, unique uids, one default, every cross-link
 * (traces → logs/metrics, derived fields, exemplars, service map) naming a provisioned uid, and
 * datasource URLs that reach a compose service.
 */
import { LOOPBACK, parseHostPort } from './endpoints.mjs';
import { isObj } from './findings.mjs';

const LINK_KEYS = [
  'tracesToLogsV2',
  'tracesToLogs',
  'tracesToMetrics',
  'tracesToProfiles',
  'serviceMap',
  'lokiSearch',
];

/**
 * @param {{ f: string, data: Record<string, any> }[]} files provisioning files with `datasources`
 * @param {{ compose: import('./compose-model.mjs').ComposeModel, grafanaSvc: string | null }} stack
 * @param {import('./findings.mjs').Findings} findings
 * @returns {{ byUid: Map<string, any>, byName: Map<string, any> }}
 */
export function checkDatasources(files, stack, findings) {
  const byUid = new Map();
  const byName = new Map();
  for (const { f, data } of files) {
    if (data.apiVersion !== 1) findings.warn('grafana', findings.rel(f), 'apiVersion: 1 expected');
    (data.datasources || []).forEach((d, i) => {
      const where = `${findings.rel(f)}:datasources[${i}]`;
      if (!isObj(d)) return findings.error('grafana', where, 'not a mapping');
      if (!d.name) findings.error('grafana', where, 'name is required');
      if (!d.type) findings.error('grafana', where, 'type is required');
      if (!d.uid) findings.warn('grafana', where, 'no uid: dashboards cannot reference it stably');
      else if (byUid.has(d.uid)) findings.error('grafana', where, `duplicate uid "${d.uid}"`);
      else if (!/^[a-zA-Z0-9_-]{1,40}$/.test(d.uid)) {
        findings.warn('grafana', where, `uid "${d.uid}" should be 1-40 chars of [a-zA-Z0-9_-]`);
      }
      if (d.uid) byUid.set(d.uid, { ...d, _file: f });
      if (d.name) byName.set(d.name, { ...d, _file: f });
    });
  }
  const defaults = new Set(
    [...byUid.values(), ...byName.values()].filter((d) => d.isDefault).map((d) => d.name),
  );
  if (defaults.size > 1) {
    findings.error(
      'grafana',
      'datasources',
      `more than one datasource has isDefault: true (${[...defaults].join(', ')})`,
    );
  }
  const all = new Map([...byName.values()].map((d) => [d.name, d]));
  for (const d of byUid.values()) if (!d.name) all.set(d.uid, d);
  for (const d of all.values()) {
    const where = `${findings.rel(d._file)}:${d.name || d.uid}`;
    checkLinks(d, where, byUid, findings);
    checkUrl(d, where, stack, findings);
  }
  return { byUid, byName };
}

/** Cross-links to other datasources and the settings each link needs. */
function checkLinks(d, where, byUid, findings) {
  const jd = d.jsonData || {};
  const refs = [];
  for (const k of LINK_KEYS) {
    if (jd[k]?.datasourceUid) refs.push([`jsonData.${k}`, jd[k].datasourceUid]);
  }
  for (const k of ['derivedFields', 'exemplarTraceIdDestinations']) {
    (jd[k] || []).forEach((x, i) => {
      if (x?.datasourceUid) refs.push([`jsonData.${k}[${i}]`, x.datasourceUid]);
    });
  }
  const known = [...byUid.keys()].join(', ') || 'none';
  for (const [k, uid] of refs) {
    if (!byUid.has(uid)) {
      findings.error(
        'grafana',
        `${where} ${k}.datasourceUid`,
        `datasource uid "${uid}" is not provisioned (known: ${known})`,
      );
    }
  }
  const t2l = jd.tracesToLogsV2;
  if (t2l?.customQuery && !t2l.query) {
    findings.error(
      'grafana',
      `${where} jsonData.tracesToLogsV2`,
      'customQuery: true needs a query',
    );
  }
  if (t2l && !t2l.customQuery && !t2l.filterByTraceID && !t2l.filterBySpanID) {
    findings.warn(
      'grafana',
      `${where} jsonData.tracesToLogsV2`,
      'neither filterByTraceID nor a customQuery: the logs link only filters by tags and time',
    );
  }
  (jd.derivedFields || []).forEach((x, i) => {
    const w = `${where} jsonData.derivedFields[${i}]`;
    if (!x?.name) findings.error('grafana', w, 'name is required');
    if (!x?.matcherRegex) findings.error('grafana', w, 'matcherRegex is required');
    const regex = (x?.matcherType || 'regex') === 'regex';
    if (regex && x?.matcherRegex && !/\((?!\?:)/.test(x.matcherRegex)) {
      findings.warn('grafana', w, 'a regex matcher needs a capture group for the value');
    }
    if (x?.datasourceUid && !/__value\.raw/.test(x?.url || '')) {
      findings.warn('grafana', w, 'internal link query (url) is usually $${__value.raw}');
    }
  });
  (jd.exemplarTraceIdDestinations || []).forEach((x, i) => {
    if (!x?.name) {
      findings.error(
        'grafana',
        `${where} jsonData.exemplarTraceIdDestinations[${i}]`,
        'name (the exemplar label, e.g. trace_id) is required',
      );
    }
  });
}

/** The datasource URL names a compose service (not localhost: that is Grafana itself). */
function checkUrl(d, where, { compose, grafanaSvc }, findings) {
  const jd = d.jsonData || {};
  const hp = d.url ? parseHostPort(compose.I(String(d.url)).value) : null;
  const target = hp?.host ? compose.hostToService.get(hp.host) : undefined;
  if (jd.exemplarTraceIdDestinations?.length && d.type === 'prometheus' && target) {
    if (!compose.commandArgs(compose.services[target]).some((a) => /exemplar-storage/.test(a))) {
      findings.warn(
        'grafana',
        `${where} jsonData.exemplarTraceIdDestinations`,
        `"${target}" is not started with --enable-feature=exemplar-storage; no exemplars will be stored`,
      );
    }
  }
  if (!hp?.host || /\$/.test(hp.host) || !grafanaSvc || !compose.names.length) return;
  const lgtm = compose.kindOf(compose.services[grafanaSvc])?.kind === 'lgtm';
  if (LOOPBACK.has(hp.host) && !lgtm) {
    findings.error(
      'grafana',
      `${where} url`,
      `${hp.host} is the Grafana container itself; use the compose service name`,
    );
  } else if (!target && !LOOPBACK.has(hp.host)) {
    findings.error('grafana', `${where} url`, `host "${hp.host}" is not a compose service`);
  } else if (target && hp.port && !compose.listeningPorts(target).has(hp.port)) {
    const known = [...compose.listeningPorts(target)].join(', ');
    findings.warn(
      'ports',
      `${where} url`,
      `"${target}" is not known to listen on ${hp.port} (known: ${known})`,
    );
  }
}
