// A rolldown plugin for scripts/build.mjs: our chunks load the OpenTelemetry packages with
// `require` instead of `import`.
//
// Why: the OTel JS packages are CommonJS. An ES `import` of a CommonJS package makes Node read and
// lex its sources a second time to find the export names (cjs-module-lexer, following every
// `__exportStar(require('./…'))`) — for @opentelemetry/api, core, resources and sdk-trace-base
// that is ~12 ms of `node --import sightline/register` (bench:startup, measured against the same
// files required alone). `require` returns the module the OTel SDK packages already loaded for
// each other. For @opentelemetry/semantic-conventions, whose ES entry is a separate build, it also
// avoids loading that second copy. Other packages keep `import` (hono, for one, has an ES build
// that an app's own `import` shares with ours).
import MagicString from 'magic-string';
import { createRequire } from 'node:module';

const requireHere = createRequire(import.meta.url);

const OTEL = /^@opentelemetry\//;
/** `import { a, b as c } from "pkg";` as rolldown renders an external's named import. */
const NAMED_IMPORT = /^import\s*\{([^}]*)\}\s*from\s*"([^"]+)";/gm;
const REQUIRE = '__sightlineRequire';

/**
 * Rewrites the named imports of @opentelemetry packages in each rendered chunk into one
 * destructuring `require` each (source maps kept).
 *
 * @example
 * ```js
 * await build({ input, plugins: [requireOpenTelemetry()], output: { format: 'esm' } });
 * ```
 */
export function requireOpenTelemetry() {
  return {
    name: 'sightline:require-opentelemetry',
    renderChunk(code) {
      const rewritten = new MagicString(code);
      let changed = false;
      for (const match of code.matchAll(NAMED_IMPORT)) {
        const [statement, names, specifier] = match;
        if (!OTEL.test(specifier)) continue;
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
        rewritten.overwrite(
          match.index,
          match.index + statement.length,
          `const { ${bindings.join(', ')} } = ${REQUIRE}(${JSON.stringify(specifier)});`,
        );
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
