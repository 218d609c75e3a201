/**
 * What the stack validator reports: one finding per problem, with a level, an area (compose,
 * collector, ports, grafana, backends) and a location, plus the YAML reader every check uses.
 */
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';

/** @typedef {'error' | 'warn' | 'info'} Level */
/** @typedef {{ level: Level, area: string, where: string, msg: string }} Finding */

/** A plain object (not null, not an array). */
export const isObj = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Collects findings; paths in messages are relative to the project root. */
export class Findings {
  /** @param {string} root project root */
  constructor(root) {
    this.root = root;
    /** @type {Finding[]} */
    this.list = [];
  }

  /** @param {Level} level @param {string} area @param {string} where @param {string} msg */
  add(level, area, where, msg) {
    this.list.push({ level, area, where, msg });
  }

  error(area, where, msg) {
    this.add('error', area, where, msg);
  }

  warn(area, where, msg) {
    this.add('warn', area, where, msg);
  }

  info(area, where, msg) {
    this.add('info', area, where, msg);
  }

  /** @param {Level} level */
  count(level) {
    return this.list.filter((f) => f.level === level).length;
  }

  /** `file` relative to the project root, for messages. */
  rel(file) {
    return path.relative(this.root, file) || '.';
  }
}

/** One finding as the CLI prints it: `ERROR [area] where: message`. */
export const formatFinding = (f) =>
  `${f.level.toUpperCase().padEnd(5)} [${f.area}] ${f.where}: ${f.msg}`;

/**
 * Parses a YAML file (anchors and merge keys allowed, duplicate keys refused). Reports read and
 * syntax errors and returns null; otherwise the first document and the raw text.
 * @param {Findings} findings
 * @param {string} file
 * @param {string} area
 * @returns {{ data: unknown, text: string } | null}
 */
export function readYaml(findings, file, area) {
  const where = findings.rel(file);
  let text;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    findings.error(area, where, `cannot read: ${e.message}`);
    return null;
  }
  const docs = YAML.parseAllDocuments(text, { merge: true, uniqueKeys: true });
  const out = [];
  for (const doc of docs) {
    if (doc.errors.length) {
      for (const e of doc.errors) {
        findings.error(area, where, `YAML error: ${firstLine(e.message)}`);
      }
      return null;
    }
    for (const w of doc.warnings) {
      findings.warn(area, where, `YAML warning: ${firstLine(w.message)}`);
    }
    out.push(doc.toJS({ maxAliasCount: 1000 }));
  }
  if (out.length > 1) {
    findings.warn(area, where, `file has ${out.length} YAML documents; only the first is used`);
  }
  return { data: out[0] ?? null, text };
}

const firstLine = (s) => s.split('\n')[0];
