/**
 * Compose checks: every file against the Compose Specification schema, then the merged project
 * (service references, healthcheck conditions, named volumes, bind sources, host-port clashes,
 * pinned images).
 */
import fs from 'node:fs';
import path from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { ComposeModel } from './compose-model.mjs';
import { isObj, readYaml } from './findings.mjs';

/** Thrown for problems with the validator's own inputs (exit code 2, not a finding). */
export class SetupError extends Error {}

/** Keys whose lists are appended (not replaced) when compose files are merged. */
const SEQ_APPEND = new Set([
  ...['ports', 'expose', 'volumes', 'dns', 'dns_search', 'tmpfs', 'env_file', 'extra_hosts'],
  ...['secrets', 'configs', 'cap_add', 'cap_drop', 'devices', 'external_links', 'security_opt'],
]);
const splitKv = (x, missing) => {
  const s = String(x);
  const i = s.indexOf('=');
  return i < 0 ? [s, missing] : [s.slice(0, i), s.slice(i + 1)];
};
/** Keys merged as maps; list syntax is turned into a map first. */
const KV_MERGE = {
  environment: (x) => splitKv(x, null),
  labels: (x) => splitKv(x, ''),
  depends_on: (x) => [String(x), { condition: 'service_started' }],
};
const toMap = (v, entry) => (Array.isArray(v) ? Object.fromEntries(v.map(entry)) : v);
const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

/** `b` (a later compose file) over `a`, following the Compose merge rules for common keys. */
function mergeService(a, b) {
  const out = { ...a };
  for (const [k, v] of Object.entries(b)) {
    if (KV_MERGE[k] && out[k] !== undefined) {
      out[k] = { ...toMap(out[k], KV_MERGE[k]), ...toMap(v, KV_MERGE[k]) };
    } else if (isObj(out[k]) && isObj(v)) out[k] = { ...out[k], ...v };
    else if (SEQ_APPEND.has(k) && Array.isArray(out[k]) && Array.isArray(v)) {
      out[k] = [...out[k], ...v.filter((x) => !out[k].some((y) => same(x, y)))];
    } else out[k] = v;
  }
  return out;
}

/** Compiled schemas by path: compiling takes most of a run, so do it once per process. */
const compiled = new Map();

/** Compiles the Compose Specification JSON Schema (draft 2020-12). */
function compileSchema(schemaPath) {
  if (!compiled.has(schemaPath)) compiled.set(schemaPath, compile(schemaPath));
  return compiled.get(schemaPath);
}

function compile(schemaPath) {
  let schema;
  try {
    schema = JSON.parse(fs.readFileSync(schemaPath, 'utf8'));
  } catch (e) {
    throw new SetupError(`cannot read schema ${schemaPath}: ${e.message}`);
  }
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  addFormats(ajv);
  return ajv.compile(schema);
}

/** Reports schema errors once per location, skipping the noisy oneOf/anyOf summaries. */
function reportSchemaErrors(errors, where, findings) {
  const seen = new Set();
  for (const e of errors) {
    let m = e.message;
    if (e.params?.additionalProperty) m += `: "${e.params.additionalProperty}"`;
    if (e.params?.allowedValues) m += `: ${JSON.stringify(e.params.allowedValues)}`;
    const key = `${e.instancePath} ${m}`;
    if (seen.has(key) || e.keyword === 'oneOf' || e.keyword === 'anyOf') continue;
    seen.add(key);
    findings.error('compose', `${where}:${e.instancePath || '/'}`, `schema: ${m}`);
  }
}

/**
 * Validates and merges the compose files (in order, like `docker compose -f a -f b`).
 * @param {string[]} files absolute paths
 * @param {string} schemaPath
 * @param {Record<string, string>} env
 * @param {import('./findings.mjs').Findings} findings
 */
export function loadCompose(files, schemaPath, env, findings) {
  const validate = compileSchema(schemaPath);
  const services = {};
  const volumes = {};
  const fileOf = {};
  for (const f of files) {
    const y = readYaml(findings, f, 'compose');
    if (!y) continue;
    const doc = y.data;
    const where = findings.rel(f);
    if (!isObj(doc)) {
      findings.error('compose', where, 'not a YAML mapping');
      continue;
    }
    if (validate(doc)) {
      findings.info('compose', where, `valid against ${path.basename(schemaPath)}`);
    } else reportSchemaErrors(validate.errors, where, findings);
    if ('version' in doc) {
      findings.warn('compose', where, 'top-level "version" is obsolete; remove it');
    }
    for (const [name, svc] of Object.entries(isObj(doc.services) ? doc.services : {})) {
      services[name] = services[name] ? mergeService(services[name], svc || {}) : { ...svc };
      fileOf[name] ??= f;
    }
    if (isObj(doc.volumes)) Object.assign(volumes, doc.volumes);
  }
  return new ComposeModel({ services, volumes, fileOf, env }, findings);
}

/**
 * Checks across services of the merged project.
 * @param {ComposeModel} compose
 * @param {string} root project root (bind sources outside it are not checked)
 * @param {import('./findings.mjs').Findings} findings
 */
export function checkCompose(compose, root, findings) {
  checkHostPorts(compose, findings);
  for (const [name, s] of Object.entries(compose.services)) {
    const where = `services.${name}`;
    if (!isObj(s)) continue;
    if (!s.image && !s.build) {
      findings.error('compose', where, 'service has neither image nor build');
    }
    const image = compose.imageOf(s);
    const tag = image.split('/').pop();
    if (image && !image.includes('@') && (!tag.includes(':') || /:latest$/.test(image))) {
      findings.warn('compose', `${where}.image`, `"${image}" is not pinned to a version tag`);
    }
    const deps = Array.isArray(s.depends_on)
      ? Object.fromEntries(s.depends_on.map((d) => [d, {}]))
      : s.depends_on || {};
    for (const [dep, cfg] of Object.entries(deps)) {
      if (!compose.services[dep]) {
        findings.error('compose', `${where}.depends_on`, `unknown service "${dep}"`);
      } else if (cfg?.condition === 'service_healthy' && !compose.services[dep].healthcheck) {
        const msg = `condition service_healthy but "${dep}" has no healthcheck`;
        findings.error('compose', `${where}.depends_on.${dep}`, msg);
      }
    }
    (s.volumes || []).forEach((v, i) => checkVolume(compose, name, v, `${where}.volumes[${i}]`));
    if (compose.kindOf(s)?.kind === 'collector' && s.healthcheck?.test) {
      const test = JSON.stringify(s.healthcheck.test);
      if (/curl|wget|CMD-SHELL|\bsh\b/.test(test)) {
        const msg =
          'the collector-contrib image is FROM scratch (no shell, curl or wget), so this ' +
          'healthcheck cannot run; probe health_check (13133) from outside instead';
        findings.warn('compose', `${where}.healthcheck`, msg);
      }
    }
  }

  function checkVolume(model, name, v, where) {
    let source;
    let target;
    let type;
    if (typeof v === 'string') {
      const r = model.I(v);
      if (r.unresolved) return;
      const parts = r.value.split(':');
      if (parts.length === 1) [type, target] = ['volume', parts[0]];
      else {
        [source, target] = parts;
        type = /^[./~]/.test(source) || path.isAbsolute(source) ? 'bind' : 'volume';
      }
    } else if (isObj(v)) {
      type = v.type;
      source = v.source && model.I(String(v.source)).value;
      target = v.target;
    }
    if (type === 'bind' && source) {
      const home = process.env.HOME || '~';
      const abs = path.resolve(path.dirname(model.fileOf[name]), source.replace(/^~/, home));
      if (!abs.startsWith(root)) {
        findings.info(
          'compose',
          where,
          `bind source ${source} is outside the project; not checked`,
        );
      } else if (!fs.existsSync(abs)) {
        const msg =
          `bind source ${source} does not exist ` +
          `(Docker would mount an empty directory at ${target})`;
        findings.error('compose', where, msg);
      }
    } else if (type === 'volume' && source && !(source in model.volumes)) {
      const msg = `named volume "${source}" is not declared under top-level volumes`;
      findings.error('compose', where, msg);
    }
  }
}

/** Two services publishing the same host port make `docker compose up` fail. */
function checkHostPorts(compose, findings) {
  const owners = new Map();
  for (const [name, { published }] of Object.entries(compose.servicePorts)) {
    for (const p of published) {
      if (p.published === null || p.published === '') continue;
      const key = `${p.host_ip || '*'}:${p.published}/${p.protocol}`;
      for (const k of new Set([key, `*:${p.published}/${p.protocol}`])) {
        const other = owners.get(k);
        if (other && other !== name) {
          const msg =
            `host port ${p.published}/${p.protocol} is also published by "${other}" ` +
            '(port is already allocated)';
          findings.error('ports', `${name}.ports`, msg);
        }
      }
      owners.set(key, name);
    }
  }
}
