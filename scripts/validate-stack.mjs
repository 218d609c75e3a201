#!/usr/bin/env node
/**
 * Offline checks of the local observability stack: docker-compose.yml (Compose Specification
 * schema and cross-service references), otel-collector-config.yaml (component names, pipelines,
 * endpoints), the backend configs in stack/, and grafana/ (provisioning and dashboards). Finds
 * what otherwise shows up only after `docker compose up`; needs no Docker and no network.
 *
 *   node scripts/validate-stack.mjs [project-root] [options]     (npm run validate:stack)
 *
 * Exit codes: 0 no errors, 1 errors (or warnings with --warnings-as-errors), 2 setup problem.
 * The checks live in scripts/stack/, their data (schema, component names) in stack/schema/.
 */
import process from 'node:process';

const USAGE = `usage: node scripts/validate-stack.mjs [project-root] [options]
  project-root               folder to check (default: this repository)
  --compose <file>           compose file (repeatable, merged in order)
  --collector-config <file>  collector config (repeatable, merged like otelcol --config)
  --grafana-dir <dir>        Grafana folder (default: grafana)
  --env-file <file>          env file for \${VAR} interpolation (default: <root>/.env)
  --schema <file>            Compose Specification JSON Schema (default: stack/schema/compose-spec.json)
  --components <file>        collector component names (default: stack/schema/otelcol-contrib-components.json)
  --warnings-as-errors       exit 1 when there are warnings
  --json                     print the result as JSON
  --quiet                    print only errors and the summary`;

/** Parses argv; exits 2 with the usage on a bad argument. */
function parseArgs(argv) {
  const opts = { compose: [], collector: [], json: false, quiet: false };
  const positional = [];
  const fail = (msg) => {
    console.error(`error: ${msg}\n${USAGE}`);
    process.exit(2);
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => (i + 1 < argv.length ? argv[++i] : fail(`${a} needs a value`));
    if (a === '--compose') opts.compose.push(value());
    else if (a === '--collector-config') opts.collector.push(value());
    else if (a === '--grafana-dir') opts.grafanaDir = value();
    else if (a === '--env-file') opts.envFile = value();
    else if (a === '--schema') opts.schema = value();
    else if (a === '--components') opts.components = value();
    else if (a === '--warnings-as-errors') opts.warningsAsErrors = true;
    else if (a === '--json') opts.json = true;
    else if (a === '--quiet') opts.quiet = true;
    else if (a === '-h' || a === '--help') {
      console.log(USAGE);
      process.exit(0);
    } else if (a.startsWith('-')) fail(`unknown option ${a}`);
    else positional.push(a);
  }
  if (positional.length > 1) fail('expected at most one project root');
  return { ...opts, root: positional[0] };
}

const opts = parseArgs(process.argv.slice(2));
let run;
try {
  run = await import('./stack/run.mjs');
} catch (e) {
  console.error(`error: cannot load the validator (${e.message}); run "npm install" first`);
  process.exit(2);
}
let result;
try {
  result = run.validateStack({ ...opts, root: opts.root ?? run.REPO_ROOT });
} catch (e) {
  if (!(e instanceof run.SetupError)) throw e;
  console.error(`error: ${e.message}`);
  process.exit(2);
}
if (opts.json) {
  console.log(JSON.stringify({ ok: !result.failed, ...result }, null, 2));
} else {
  const order = { error: 0, warn: 1, info: 2 };
  const sorted = [...result.findings].sort((a, b) => order[a.level] - order[b.level]);
  for (const f of sorted) {
    if (opts.quiet && f.level !== 'error') continue;
    console.log(run.formatFinding(f));
  }
  console.log(result.summary);
}
process.exitCode = result.failed ? 1 : 0;
