/**
 * The project's own runbooks, `docs/runbooks/<code-in-kebab-case>.md` (what `npm run catalog`
 * writes), served read-only as plain text at `/runbooks/<name>` so the Errors page can link an
 * error code to what to do about it. Only names made of `a-z`, `0-9` and `-` are looked up, in
 * that one folder: a request path never becomes a file path.
 */
import { readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { kebabCase } from '../../core/problem/problem-type.js';

/**
 * Where runbooks are looked for, relative to the working directory: the project root when
 * `npx sightline-dev` runs there.
 *
 * @example
 * startReceiver({ viewer: { runbooksDir: DEFAULT_RUNBOOKS_DIR } });
 */
export const DEFAULT_RUNBOOKS_DIR = 'docs/runbooks';

const NAME = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const MAX_BYTES = 512 * 1024;

/**
 * Reads the project's runbooks folder.
 *
 * @example
 * const runbooks = new Runbooks('docs/runbooks');
 * await runbooks.linkFor('RESOURCE_NOT_FOUND'); // { path: 'docs/runbooks/resource-not-found.md', url: '/runbooks/resource-not-found' }
 */
export class Runbooks {
  readonly dir: string;

  constructor(
    dir: string = DEFAULT_RUNBOOKS_DIR,
    private readonly _shown: string = dir,
  ) {
    this.dir = resolve(dir);
  }

  /** The runbook of an error code when the project has one. */
  async linkFor(code: string): Promise<{ path: string; url: string } | undefined> {
    const name = kebabCase(code);
    if (!NAME.test(name)) return undefined;
    const file = join(this.dir, `${name}.md`);
    const found = await stat(file).then(
      (s) => s.isFile(),
      () => false,
    );
    return found ? { path: `${this._shown}/${name}.md`, url: `/runbooks/${name}` } : undefined;
  }

  /** The text of runbook `name`, or `undefined` for an unknown or unacceptable name. */
  async read(name: string): Promise<Buffer | undefined> {
    if (!NAME.test(name)) return undefined;
    try {
      const file = join(this.dir, `${name}.md`);
      if ((await stat(file)).size > MAX_BYTES) return undefined;
      return await readFile(file);
    } catch {
      return undefined;
    }
  }
}
