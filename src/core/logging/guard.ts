import { diag } from '@opentelemetry/api';
import type winston from 'winston';
import {
  describeThrown,
  isErrorLike,
  LEVEL,
  ORIGINAL_ERROR,
  safeGet,
  safeShallowCopy,
  type Info,
} from './safe.js';

type Method = (this: unknown, ...args: unknown[]) => unknown;

/**
 * Makes a winston logger total: winston reads metadata eagerly (`Object.assign`, `meta.message`,
 * `info.level = …` on the caller's object), so a throwing getter, a hostile proxy or a frozen
 * object would throw into the caller before any format runs. Each level method and `log` get
 * a guard that, when winston throws before the record reached `write`, rebuilds the record from
 * guarded reads and writes that instead, so the line is never dropped. `child()` is replaced by
 * an equivalent that snapshots the bound fields and keeps an Error's identity.
 *
 * @example
 * ```ts
 * const logger = winston.createLogger({ format, transports });
 * installGuards(logger);
 * logger.info('x', { get boom() { throw new Error('no'); } }); // writes, boom: '[Unreadable]'
 * ```
 */
export function installGuards(root: winston.Logger): void {
  const target = root as unknown as Record<string, Method>;
  const state = { reachedWrite: false };

  const rawWrite = target['write'] as Method;
  target['write'] = function write(this: unknown, ...args: unknown[]) {
    state.reachedWrite = true;
    return rawWrite.apply(this, args);
  };

  const guard = (
    self: unknown,
    call: () => unknown,
    level: string | undefined,
    args: unknown[],
  ) => {
    state.reachedWrite = false;
    try {
      return call();
    } catch (error) {
      const logger = (self ?? root) as winston.Logger;
      // Past `write`, the record is already on its way: re-writing it would duplicate it.
      if (!state.reachedWrite) writeFallback(logger, level, args);
      diag.debug(`sightline logging: winston threw on a log call (${describeThrown(error)}).`);
      return logger;
    }
  };

  for (const level of Object.keys(root.levels)) {
    const original = target[level];
    if (typeof original !== 'function') continue;
    target[level] = function guardedLevel(this: unknown, ...args: unknown[]) {
      return guard(this, () => original.apply(this, args), level, args);
    };
  }
  const rawLog = target['log'] as Method;
  target['log'] = function log(this: unknown, ...args: unknown[]) {
    return guard(this, () => rawLog.apply(this, args), undefined, args);
  };

  target['child'] = function child(this: unknown, fields?: unknown) {
    const parent = (this ?? root) as winston.Logger;
    const bound = safeShallowCopy(fields);
    return Object.create(parent, {
      write: {
        value: function write(info: Info) {
          return parent.write(mergeChild(bound, info));
        },
      },
    }) as winston.Logger;
  };
}

// winston's child merge (`{...bound, ...info}`), made total and keeping Errors recognisable.
function mergeChild(bound: Record<string, unknown>, info: Info): Info {
  let clone: Info;
  try {
    clone = Object.assign({}, bound, info);
  } catch {
    clone = Object.assign({}, bound, safeShallowCopy(info));
    for (const symbol of Object.getOwnPropertySymbols(info)) clone[symbol] = safeGet(info, symbol);
  }
  if (isErrorLike(info)) {
    clone['message'] = safeGet(info, 'message');
    clone[ORIGINAL_ERROR] = info;
  }
  return clone;
}

// Rebuilds a log call from guarded reads: (level method) msg, ...meta | (log) level, msg, ...meta
// | (log) info.
function writeFallback(
  logger: winston.Logger,
  levelHint: string | undefined,
  args: unknown[],
): void {
  try {
    let level = levelHint;
    let rest = args;
    if (level === undefined) {
      const first = args[0];
      if (args.length === 1 && first !== null && typeof first === 'object') {
        level = asLevel(safeGet(first, 'level'));
      } else {
        level = asLevel(first);
        rest = args.slice(1);
      }
    }
    const [message, ...metas] = rest;
    const info: Info = { ...safeShallowCopy(safeGet(logger, 'defaultMeta')) };
    for (const meta of metas) {
      if (isErrorLike(meta)) info['error'] ??= meta;
      else Object.assign(info, safeShallowCopy(meta));
    }
    if (isErrorLike(message)) {
      info[ORIGINAL_ERROR] = message;
      info['message'] = safeGet(message, 'message');
    } else if (message !== null && typeof message === 'object') {
      Object.assign(info, safeShallowCopy(message));
    } else {
      info['message'] = message;
    }
    info['level'] = level;
    info[LEVEL] = level;
    logger.write(info);
  } catch (error) {
    diag.error(`sightline logging: a log record was lost (${describeThrown(error)}).`);
  }
}

function asLevel(value: unknown): string {
  return typeof value === 'string' ? value : 'info';
}
