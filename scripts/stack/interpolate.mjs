/**
 * Variable interpolation as Docker Compose and the OpenTelemetry Collector do it, so checks see
 * the values the containers will see (defaults applied, `$$` unescaped).
 */
import fs from 'node:fs';

/** @typedef {{ value: string, unresolved: boolean }} Interpolated */

const COMPOSE_VAR = /\$\$|\$\{([^}]+)\}|\$([A-Za-z_][A-Za-z0-9_]*)/g;
const COMPOSE_EXPR = /^([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])(.*))?$/;
const COLLECTOR_VAR = /\$\$|\$\{(?:env:)?([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;

/**
 * Compose interpolation: `$VAR`, `${VAR}`, `${VAR:-default}`, `${VAR-default}`, `${VAR:+alt}`,
 * `${VAR:?err}`; `$$` is a literal `$`. `unresolved` is true when a required variable is unset.
 * @param {unknown} str
 * @param {Record<string, string>} env
 * @returns {Interpolated}
 */
export function interpolate(str, env) {
  if (typeof str !== 'string') return { value: str, unresolved: false };
  let unresolved = false;
  const value = str.replace(COMPOSE_VAR, (all, braced, bare) => {
    if (all === '$$') return '$';
    const m = (braced ?? bare).match(COMPOSE_EXPR);
    if (!m) {
      unresolved = true;
      return all;
    }
    const [, name, op, arg] = m;
    const v = env[name];
    const set = v !== undefined;
    const nonEmpty = set && v !== '';
    const nested = () => interpolate(arg, env).value;
    switch (op) {
      case undefined:
        if (!set) unresolved = true;
        return set ? v : '';
      case ':-':
        return nonEmpty ? v : nested();
      case '-':
        return set ? v : nested();
      case ':+':
        return nonEmpty ? nested() : '';
      case '+':
        return set ? nested() : '';
      case ':?':
      case '?':
        if (!(op === ':?' ? nonEmpty : set)) unresolved = true;
        return v ?? '';
      default:
        return all;
    }
  });
  return { value, unresolved };
}

/**
 * Collector interpolation: `${env:NAME}`, `${env:NAME:-default}`, `${NAME}`; `$$` is a literal `$`.
 * @param {unknown} str
 * @param {Record<string, string>} env
 * @returns {Interpolated}
 */
export function interpolateCollector(str, env) {
  if (typeof str !== 'string') return { value: str, unresolved: false };
  let unresolved = false;
  const value = str.replace(COLLECTOR_VAR, (all, name, def) => {
    if (all === '$$') return '$';
    if (env[name] !== undefined && env[name] !== '') return env[name];
    if (def !== undefined) return def;
    unresolved = true;
    return all;
  });
  return { value, unresolved };
}

/**
 * Reads a `.env` file the way Compose does (`export` prefix, quotes, trailing comments, earlier
 * variables interpolated). A missing file is an empty environment.
 * @param {string | null} file
 * @returns {Record<string, string>}
 */
export function parseEnvFile(file) {
  const env = {};
  if (!file || !fs.existsSync(file)) return env;
  for (const raw of fs.readFileSync(file, 'utf8').split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const m = line.match(/^(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=\s*(.*)$/);
    if (!m) continue;
    let v = m[2];
    if (/^'.*'$/.test(v)) v = v.slice(1, -1);
    else {
      v = /^".*"$/.test(v) ? v.slice(1, -1) : v.replace(/\s+#.*$/, '');
      v = interpolate(v, env).value;
    }
    env[m[1]] = v;
  }
  return env;
}
