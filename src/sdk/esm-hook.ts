import { getEnum, getList, type Environment } from './env.js';

/** Instrumentations that work in ESM apps without a loader hook (builtins, diagnostics channels, CommonJS packages). */
const HOOK_FREE = new Set(['http', 'undici', 'winston', 'runtime-node']);

/**
 * Whether the preload registers import-in-the-middle's ESM loader hook.
 *
 * @example
 * ```ts
 * const mode: LoaderHookMode = loaderHookMode(process.env);
 * ```
 */
export type LoaderHookMode = 'include-list' | 'off';

/**
 * Decides whether the ESM loader hook is needed. It costs ~140 ms of start-up on Node 20 (the
 * hooks run in their own thread) and the default instrumentations do not need it: HTTP is
 * patched through the shared builtin objects, undici reports through diagnostics channels and
 * CommonJS packages such as winston are seen by require-in-the-middle even when an ESM app
 * imports them. `SIGHTLINE_ESM_HOOK`: `auto` (default: on when any other instrumentation is
 * enabled, since it may patch a pure-ESM package), `always`, or `never`.
 *
 * @example
 * ```ts
 * loaderHookMode({ OTEL_NODE_ENABLED_INSTRUMENTATIONS: 'http,pg' }); // 'include-list'
 * ```
 */
export function loaderHookMode(env: Environment = process.env): LoaderHookMode {
  const setting = getEnum(env, 'SIGHTLINE_ESM_HOOK', ['auto', 'always', 'never'] as const, 'auto');
  if (setting === 'always') return 'include-list';
  if (setting === 'never') return 'off';
  const enabled = getList(env, 'OTEL_NODE_ENABLED_INSTRUMENTATIONS') ?? [];
  return enabled.some((name) => !HOOK_FREE.has(name)) ? 'include-list' : 'off';
}
