/**
 * Prometheus rule files (`rule_files` of the Prometheus config): each entry matches a file
 * mounted into the Prometheus container (a pattern that matches nothing loads no rules, with no
 * error), the file parses, and its groups and rules have the shape Prometheus loads. Alerts also
 * follow the project's conventions: labels.severity, annotations summary/description/runbook_url,
 * and a repository-relative runbook_url names a file that exists. PromQL itself is only checked
 * for balanced brackets and quotes; `promtool check rules` is the authoritative parser.
 */
import fs from 'node:fs';
import path from 'node:path';
import { isObj, readYaml } from './findings.mjs';

const GROUP_KEYS = ['name', 'interval', 'rules', 'limit', 'query_offset', 'labels'];
const RULE_KEYS = ['alert', 'record', 'expr', 'for', 'keep_firing_for', 'labels', 'annotations'];
const DURATION = /^(\d+(ms|s|m|h|d|w|y))+$/;
const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const REQUIRED_ANNOTATIONS = ['summary', 'description', 'runbook_url'];

/**
 * @param {object} ctx the Prometheus backend being checked (see backends.mjs)
 * @param {import('./compose-model.mjs').ComposeModel} ctx.compose
 * @param {import('./findings.mjs').Findings} ctx.findings
 * @param {string} ctx.svc the Prometheus compose service
 * @param {string} ctx.where the config file, relative
 * @param {string} ctx.configPath the config file's path inside the container
 * @param {Record<string, any>} ctx.config the parsed config
 * @returns {string[]} the rule files checked (host paths)
 */
export function checkRuleFiles(ctx) {
  const { config, findings, where } = ctx;
  const entries = config.rule_files ?? [];
  if (!Array.isArray(entries)) {
    findings.error('rules', `${where}:rule_files`, 'must be a list of file paths or globs');
    return [];
  }
  const checked = [];
  entries.forEach((entry, i) => {
    const at = `${where}:rule_files[${i}]`;
    for (const file of resolveEntry(ctx, String(entry), at)) {
      if (!checked.includes(file)) checked.push(file);
    }
  });
  for (const file of checked) checkRuleFile(file, findings);
  return checked;
}

/** Host files a rule_files entry loads; reports entries that load nothing. */
function resolveEntry({ compose, findings, svc, configPath }, entry, at) {
  const inContainer = path.posix.isAbsolute(entry)
    ? entry
    : path.posix.join(path.posix.dirname(configPath), entry);
  const dir = path.posix.dirname(inContainer);
  const base = path.posix.basename(inContainer);
  const glob = /[*?[]/.test(base);
  const hostDir = compose.containerToHost(svc, glob ? dir : inContainer);
  if (!hostDir) {
    const msg =
      `${inContainer} is not bind-mounted into "${svc}": Prometheus loads no rules from it ` +
      '(a rule_files entry that matches nothing is not an error to Prometheus)';
    findings.error('rules', at, msg);
    return [];
  }
  if (!glob) {
    if (!fs.existsSync(hostDir)) {
      findings.error(
        'rules',
        at,
        `${findings.rel(hostDir)} (mounted at ${inContainer}) does not exist`,
      );
      return [];
    }
    return [hostDir];
  }
  const pattern = new RegExp(
    `^${base
      .replace(/[.+^${}()|\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
  );
  const files = fs.existsSync(hostDir)
    ? fs
        .readdirSync(hostDir)
        .filter((f) => pattern.test(f))
        .map((f) => path.join(hostDir, f))
    : [];
  if (!files.length) findings.error('rules', at, `${inContainer} matches no file`);
  return files;
}

/** One rule file: groups, rules, and the alert conventions. */
function checkRuleFile(file, findings) {
  const where = findings.rel(file);
  const y = readYaml(findings, file, 'rules');
  if (!y) return;
  if (!isObj(y.data) || !Array.isArray(y.data.groups)) {
    findings.error('rules', where, 'a rule file is a mapping with a "groups" list');
    return;
  }
  for (const k of Object.keys(y.data)) {
    if (k !== 'groups') findings.error('rules', `${where}:${k}`, 'unknown top-level key');
  }
  const names = new Set();
  let rules = 0;
  y.data.groups.forEach((group, gi) => {
    const at = `${where}:groups[${gi}]${group?.name ? ` "${group.name}"` : ''}`;
    if (!isObj(group)) return findings.error('rules', at, 'group must be a mapping');
    for (const k of Object.keys(group)) {
      if (!GROUP_KEYS.includes(k)) findings.error('rules', `${at}.${k}`, 'unknown group key');
    }
    if (typeof group.name !== 'string' || !group.name) {
      findings.error('rules', at, 'group name is required');
    } else if (names.has(group.name)) {
      findings.error('rules', at, `group name "${group.name}" is used twice in this file`);
    } else names.add(group.name);
    if (group.interval !== undefined && !DURATION.test(String(group.interval))) {
      findings.error('rules', `${at}.interval`, `"${group.interval}" is not a duration`);
    }
    if (!Array.isArray(group.rules)) return findings.error('rules', at, 'rules must be a list');
    group.rules.forEach((rule, ri) => {
      rules++;
      checkRule(rule, `${at}.rules[${ri}]`, findings);
    });
  });
  findings.info('rules', where, `${y.data.groups.length} groups, ${rules} rules`);
}

function checkRule(rule, at, findings) {
  if (!isObj(rule)) return findings.error('rules', at, 'rule must be a mapping');
  const where = `${at}${rule.alert ? ` ${rule.alert}` : rule.record ? ` ${rule.record}` : ''}`;
  for (const k of Object.keys(rule)) {
    if (!RULE_KEYS.includes(k)) findings.error('rules', `${where}.${k}`, 'unknown rule key');
  }
  const isAlert = 'alert' in rule;
  if (isAlert === 'record' in rule) {
    return findings.error('rules', where, 'a rule has exactly one of "alert" or "record"');
  }
  if (typeof rule.expr !== 'string' || !rule.expr.trim()) {
    findings.error('rules', where, 'expr (a PromQL string) is required');
  } else {
    const problem = unbalanced(rule.expr);
    if (problem) findings.error('rules', `${where}.expr`, problem);
  }
  for (const k of ['for', 'keep_firing_for']) {
    if (rule[k] !== undefined && !DURATION.test(String(rule[k]))) {
      findings.error('rules', `${where}.${k}`, `"${rule[k]}" is not a duration`);
    }
  }
  for (const k of ['labels', 'annotations']) {
    if (rule[k] === undefined) continue;
    if (!isObj(rule[k])) findings.error('rules', `${where}.${k}`, 'must be a mapping');
    else {
      for (const [name, value] of Object.entries(rule[k])) {
        if (typeof value !== 'string') {
          findings.error('rules', `${where}.${k}.${name}`, 'values must be strings (quote them)');
        } else if (unbalancedTemplate(value)) {
          findings.error('rules', `${where}.${k}.${name}`, 'unbalanced {{ }} template');
        }
      }
    }
  }
  if (!isAlert) {
    if (!METRIC_NAME.test(String(rule.record))) {
      findings.error('rules', where, `"${rule.record}" is not a valid metric name`);
    }
    for (const k of ['for', 'keep_firing_for', 'annotations']) {
      if (k in rule) findings.error('rules', `${where}.${k}`, 'only alerting rules take this key');
    }
    return;
  }
  if (typeof rule.alert !== 'string' || !rule.alert) {
    findings.error('rules', where, 'alert name is required');
  }
  if (!rule.labels?.severity)
    findings.error('rules', `${where}.labels`, 'severity label is required');
  for (const a of REQUIRED_ANNOTATIONS) {
    if (!rule.annotations?.[a]) findings.error('rules', `${where}.annotations`, `${a} is required`);
  }
  checkRunbook(rule.annotations?.runbook_url, `${where}.annotations.runbook_url`, findings);
}

/** A runbook_url without a scheme is a path in the repository: the page must exist. */
function checkRunbook(url, at, findings) {
  if (typeof url !== 'string' || !url || /^[a-z][a-z0-9+.-]*:/i.test(url) || url.includes('{{')) {
    return;
  }
  const file = path.resolve(findings.root, url.split('#')[0]);
  if (!fs.existsSync(file)) {
    const msg = `${url} does not exist in the project (generate runbooks with npm run catalog)`;
    findings.error('rules', at, msg);
  }
}

/** Unbalanced (), [], {} or an unterminated string literal, outside string literals. */
function unbalanced(expr) {
  const closing = { ')': '(', ']': '[', '}': '{' };
  const stack = [];
  for (let i = 0; i < expr.length; i++) {
    const c = expr[i];
    if (c === '"' || c === "'" || c === '`') {
      const end = findClose(expr, i, c);
      if (end < 0) return `unterminated string starting at offset ${i}`;
      i = end;
    } else if (c === '#') {
      const nl = expr.indexOf('\n', i);
      i = nl < 0 ? expr.length : nl;
    } else if ('([{'.includes(c)) stack.push(c);
    else if (c in closing) {
      if (stack.pop() !== closing[c]) return `unbalanced "${c}" at offset ${i}`;
    }
  }
  return stack.length ? `unclosed "${stack.at(-1)}"` : null;
}

function findClose(s, start, quote) {
  for (let i = start + 1; i < s.length; i++) {
    if (s[i] === '\\' && quote !== '`') i++;
    else if (s[i] === quote) return i;
  }
  return -1;
}

const unbalancedTemplate = (s) =>
  (s.match(/\{\{/g) || []).length !== (s.match(/\}\}/g) || []).length;
