// A rolldown plugin for scripts/build.mjs: our chunks load CommonJS packages with `require`
// instead of `import`.
//
// Why: an ES `import` of a CommonJS package makes Node read and lex the package's sources a
// second time to find its export names (cjs-module-lexer, following every
// `__exportStar(require('./…'))`). For the OpenTelemetry packages the preload loads that was
// ~12 ms of `node --import sightline/register` (bench:startup, measured against the same files
// required alone); winston and cockatiel add theirs when an app imports `sightline`.
//
// Which packages: every @opentelemetry one (they are CommonJS and require each other, so
// `require` returns the very module the SDK uses; for semantic-conventions, whose ES entry is a
// second build, it also avoids loading that copy), and any other whose `import` and `require`
// resolve to the same CommonJS file. A package with an ES build of its own keeps `import`: hono,
// for one, must be the copy the app's own `import` loads.
import MagicString from 'magic-string';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const requireHere = createRequire(import.meta.url);
const OTEL = /^@opentelemetry\//;
/** `import { a, b as c } from "pkg";` or `import name from "pkg";`, as rolldown renders them. */
const IMPORT = /^import\s*(?:\{([^}]*)\}|([\w$]+))\s*from\s*"([^"]+)";/gm;
const REQUIRE = '__sightlineRequire';

/**
 * Rewrites the named and default imports of CommonJS packages in each rendered chunk into
 * `require` calls (source maps kept). The build fails on a named import the package lacks.
 *
 * @example
 * ```js
 * await build({ input, plugins: [requireCommonJs()], output: { format: 'esm' } });
 * ```
 */
export function requireCommonJs() {
  const decided = new Map();
  const qualifies = (specifier) => {
    if (!decided.has(specifier)) decided.set(specifier, loadsAsCommonJs(specifier));
    return decided.get(specifier);
  };
  return {
    name: 'sightline:require-commonjs',
    renderChunk(code) {
      const rewritten = new MagicString(code);
      let changed = false;
      for (const match of code.matchAll(IMPORT)) {
        const [statement, names, defaultName, specifier] = match;
        if (specifier.startsWith('.') || !qualifies(specifier)) continue;
        let replacement;
        if (defaultName) {
          // The default export of a CommonJS module, seen from ESM, is `module.exports`.
          replacement = `const ${defaultName} = ${REQUIRE}(${JSON.stringify(specifier)});`;
        } else {
          const imported = names
            .split(',')
            .map((name) => name.trim())
            .filter(Boolean)
            .map((name) => name.split(/\s+as\s+/));
          // An ES import of a missing name fails at link time; a destructured one would be
          // undefined at run time. So the build fails instead.
          const exports = requireHere(specifier);
          const missing = imported.filter(([name]) => !(name in exports));
          if (missing.length > 0) {
            this.error(`${specifier} has no export named ${missing.map(([n]) => n).join(', ')}`);
          }
          const bindings = imported.map(([name, alias]) => (alias ? `${name}: ${alias}` : name));
          replacement = `const { ${bindings.join(', ')} } = ${REQUIRE}(${JSON.stringify(specifier)});`;
        }
        rewritten.overwrite(match.index, match.index + statement.length, replacement);
        changed = true;
      }
      if (!changed) return null;
      rewritten.prepend(
        `import { createRequire as __sightlineCreateRequire } from "node:module";\n` +
          `const ${REQUIRE} = __sightlineCreateRequire(import.meta.url);\n`,
      );
      return { code: rewritten.toString(), map: rewritten.generateMap({ hires: true }) };
    },
  };
}

/** Whether `import` and `require` of `specifier` load the same CommonJS file (or it is OTel's). */
function loadsAsCommonJs(specifier) {
  if (OTEL.test(specifier)) return true;
  let required;
  let imported;
  try {
    required = requireHere.resolve(specifier);
    imported = fileURLToPath(import.meta.resolve(specifier));
  } catch {
    return false;
  }
  if (required !== imported) return false;
  if (extname(required) === '.cjs') return true;
  return extname(required) === '.js' && packageType(required) !== 'module';
}

/** The `type` of the package.json nearest to `file`. */
function packageType(file) {
  for (let dir = dirname(file); dir !== dirname(dir); dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) return JSON.parse(readFileSync(manifest, 'utf8')).type;
  }
  return undefined;
}
