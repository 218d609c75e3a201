import { createRequire } from 'node:module';
import type * as Cockatiel from 'cockatiel';

let loaded: typeof Cockatiel | undefined;

/**
 * cockatiel, loaded when the first dependency is created: an app that imports `sightline` but
 * never calls `dependency()` does not load its 28 modules (~9 ms of start-up, measured).
 *
 * @example
 * ```ts
 * const { circuitBreaker, handleAll, ConsecutiveBreaker } = cockatiel();
 * ```
 */
export function cockatiel(): typeof Cockatiel {
  return (loaded ??= createRequire(import.meta.url)('cockatiel') as typeof Cockatiel);
}

/**
 * cockatiel if something loaded it already, else undefined (then no cockatiel object exists to
 * recognise).
 *
 * @example
 * ```ts
 * const isTimeout = cockatielIfLoaded()?.TaskCancelledError;
 * ```
 */
export function cockatielIfLoaded(): typeof Cockatiel | undefined {
  return loaded;
}
