/**
 * Checks of the collector's `service` section: enabled extensions exist, every pipeline names
 * defined components, connectors are used on both sides, processor order, unused components.
 */
import { isObj } from './findings.mjs';

const SIGNALS = ['traces', 'metrics', 'logs', 'profiles'];
const PIPELINE_KEYS = ['receivers', 'processors', 'exporters'];
const SAMPLERS = ['filter', 'tail_sampling', 'probabilistic_sampler'];

/**
 * @param {import('./collector.mjs').CollectorContext} ctx
 * @param {Record<string, Set<string>>} defined kind → component ids (from checkComponents)
 */
export function checkService(ctx, defined) {
  const { findings, resolve } = ctx;
  const svc = ctx.config.service;
  if (!isObj(svc)) {
    findings.error('collector', 'service', 'missing service section');
    return;
  }
  for (const k of Object.keys(svc)) {
    if (!['extensions', 'pipelines', 'telemetry'].includes(k)) {
      findings.error(
        'collector',
        `service.${k}`,
        'unknown key (allowed: extensions, pipelines, telemetry)',
      );
    }
  }
  const enabled = svc.extensions || [];
  for (const e of enabled) {
    if (!defined.extensions.has(e)) {
      findings.error(
        'collector',
        'service.extensions',
        `extension "${e}" is not defined under extensions`,
      );
    }
  }
  for (const e of defined.extensions) {
    if (!enabled.includes(e)) {
      findings.warn(
        'collector',
        `extensions.${e}`,
        'defined but not enabled in service.extensions',
      );
    }
  }
  for (const reader of svc.telemetry?.metrics?.readers || []) {
    const prom = reader?.pull?.exporter?.prometheus;
    if (!prom?.port) continue;
    const host = prom.host ? resolve(String(prom.host)) : 'localhost';
    const what = 'service.telemetry prometheus reader';
    ctx.listeners.push({ port: Number(resolve(String(prom.port))), host, what });
  }
  checkPipelines(ctx, svc.pipelines, defined);
}

function checkPipelines(ctx, pipelines, defined) {
  const { findings } = ctx;
  if (!isObj(pipelines) || !Object.keys(pipelines).length) {
    findings.error('collector', 'service.pipelines', 'no pipelines defined');
    return;
  }
  const used = { receivers: new Set(), processors: new Set(), exporters: new Set() };
  const connectorAs = { receivers: new Map(), exporters: new Map() };
  for (const [pid, p] of Object.entries(pipelines)) {
    const where = `service.pipelines.${pid}`;
    const signal = pid.split('/')[0];
    if (!SIGNALS.includes(signal)) {
      findings.error('collector', where, `unknown signal "${signal}" (${SIGNALS.join(', ')})`);
    }
    if (!isObj(p)) {
      findings.error('collector', where, 'must be a mapping');
      continue;
    }
    for (const k of Object.keys(p)) {
      if (!PIPELINE_KEYS.includes(k)) findings.error('collector', `${where}.${k}`, 'unknown key');
    }
    if (!(p.receivers || []).length) {
      findings.error('collector', where, 'needs at least one receiver');
    }
    if (!(p.exporters || []).length) {
      findings.error('collector', where, 'needs at least one exporter');
    }
    for (const side of PIPELINE_KEYS) {
      const ids = p[side] || [];
      for (const id of ids) {
        if (defined[side].has(id)) used[side].add(id);
        else if (side !== 'processors' && defined.connectors.has(id)) {
          connectorAs[side].set(id, [...(connectorAs[side].get(id) || []), pid]);
        } else {
          const allowed = side === 'processors' ? side : `${side} or connectors`;
          findings.error(
            'collector',
            `${where}.${side}`,
            `"${id}" is not defined under ${allowed}`,
          );
        }
      }
      for (const dup of new Set(ids.filter((x, i) => ids.indexOf(x) !== i))) {
        findings.error('collector', `${where}.${side}`, `"${dup}" listed twice`);
      }
    }
    checkProcessorOrder(findings, where, p.processors || []);
  }
  for (const c of defined.connectors) {
    const asExporter = connectorAs.exporters.get(c);
    const asReceiver = connectorAs.receivers.get(c);
    const where = `connectors.${c}`;
    if (!asExporter && !asReceiver) {
      findings.warn('collector', where, 'defined but not used in any pipeline');
    } else if (!asExporter) {
      const msg = `used as a receiver in ${asReceiver.join(', ')} but not as an exporter in any pipeline`;
      findings.error('collector', where, msg);
    } else if (!asReceiver) {
      const msg = `used as an exporter in ${asExporter.join(', ')} but not as a receiver in any pipeline`;
      findings.error('collector', where, msg);
    }
  }
  for (const kind of PIPELINE_KEYS) {
    for (const id of defined[kind]) {
      if (!used[kind].has(id)) {
        findings.warn('collector', `${kind}.${id}`, 'defined but not used in any pipeline');
      }
    }
  }
}

/** memory_limiter first; batch after anything that drops data. */
function checkProcessorOrder(findings, where, processors) {
  const types = processors.map((x) => String(x).split('/')[0]);
  const memoryLimiter = types.indexOf('memory_limiter');
  if (memoryLimiter > 0) {
    findings.warn(
      'collector',
      `${where}.processors`,
      'memory_limiter should be the first processor',
    );
  }
  const batch = types.lastIndexOf('batch');
  if (batch >= 0 && types.slice(batch + 1).some((x) => SAMPLERS.includes(x))) {
    findings.warn(
      'collector',
      `${where}.processors`,
      'batch should come after sampling/filtering processors',
    );
  }
  if (memoryLimiter < 0 && types.length) {
    findings.info('collector', `${where}.processors`, 'no memory_limiter in this pipeline');
  }
}
