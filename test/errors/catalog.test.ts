import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { listErrorDefinitions } from '../../src/core/errors/index.js';
// Loading the public entry registers every error the SDK ships, as the catalog script does.
import '../../src/index.js';
import { problemTypeUri } from '../../src/core/problem/index.js';

const catalog = readFileSync(new URL('../../docs/errors.md', import.meta.url), 'utf8');
const builtIns = listErrorDefinitions().filter((definition) => definition.builtIn);
const shipped = listErrorDefinitions();

describe('error catalog (docs/errors.md — regenerate with `npm run build && npm run catalog`)', () => {
  it('registers every built-in category with a runbook', () => {
    expect(builtIns.map((d) => d.code).sort()).toEqual(
      [
        'AUTHENTICATION_REQUIRED',
        'BUSINESS_RULE_VIOLATION',
        'CONFLICT',
        'DATABASE_CONNECTION_ERROR',
        'EXTERNAL_SERVICE_ERROR',
        'INFRASTRUCTURE_ERROR',
        'INTERNAL_ERROR',
        'INVALID_TOKEN',
        'OBJECT_STORAGE_ERROR',
        'PERMISSION_DENIED',
        'RATE_LIMIT_EXCEEDED',
        'RESOURCE_NOT_FOUND',
        'TOKEN_EXPIRED',
        'VALIDATION_ERROR',
      ].sort(),
    );
    for (const definition of builtIns) {
      expect(definition.runbook?.causes.length, definition.code).toBeGreaterThan(0);
      expect(definition.runbook?.actions.length, definition.code).toBeGreaterThan(0);
    }
  });

  it.each(shipped.map((d) => [d.code, d] as const))(
    'documents %s with its status, severity and problem type',
    (code, definition) => {
      const row = catalog.split('\n').find((line) => line.startsWith(`| [\`${code}\`]`));
      expect(row, `docs/errors.md has no row for ${code}`).toBeDefined();
      expect(row).toContain(`| ${definition.status} | ${definition.severity} |`);
      expect(catalog).toContain(`## \`${code}\` — ${definition.title}`);
      expect(catalog).toContain(problemTypeUri(code));
      if (definition.status < 500) expect(catalog).toContain(definition.userMessage);
    },
  );
});
