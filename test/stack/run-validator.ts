/**
 * Helpers for the stack validator tests: run scripts/validate-stack.mjs in a child process, and
 * make an editable copy of the stack files in a temp folder with nothing beside it.
 */
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Document, parseDocument } from 'yaml';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const VALIDATOR = path.join(ROOT, 'scripts/validate-stack.mjs');

/**
 * What the validator reads: the files `docker compose up` uses (docs/runbooks: Grafana serves
 * them, and the alerting rules' runbook_url annotations must name existing pages).
 */
const STACK_FILES = [
  'docker-compose.yml',
  'otel-collector-config.yaml',
  'grafana',
  'stack',
  'docs/runbooks',
];

export interface ValidatorRun {
  status: number | null;
  /** stdout then stderr. */
  output: string;
}

/** Runs the validator with `args` (from the repository root unless `cwd` is given). */
export function runValidator(args: string[], cwd = ROOT): Promise<ValidatorRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [VALIDATOR, ...args], { cwd });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => child.kill(), 60_000);
    child.on('error', reject);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, output: `${stdout}\n${stderr}` });
    });
  });
}

/** A fresh temp folder holding a copy of the stack files; the caller removes it. */
export function copyStack(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sightline-stack-'));
  for (const entry of STACK_FILES) {
    cpSync(path.join(ROOT, entry), path.join(dir, entry), { recursive: true });
  }
  return dir;
}

/** Edits a YAML file in place through the yaml Document API (comments and quoting are kept). */
export function editYaml(file: string, edit: (doc: Document) => void): void {
  const doc = parseDocument(readFileSync(file, 'utf8'));
  edit(doc);
  writeFileSync(file, doc.toString());
}

/** Edits a JSON file in place. */
export function editJson(file: string, edit: (json: unknown) => void): void {
  const json: unknown = JSON.parse(readFileSync(file, 'utf8'));
  edit(json);
  writeFileSync(file, `${JSON.stringify(json, null, 2)}\n`);
}
