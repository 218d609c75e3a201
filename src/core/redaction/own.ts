/**
 * Sets an own property even for the key `__proto__` (a plain assignment would change the
 * prototype instead of adding a field).
 *
 * @example
 * ```ts
 * const out: Record<string, unknown> = {};
 * setOwn(out, '__proto__', 'x'); // Object.keys(out) → ['__proto__']
 * ```
 */
export function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(target, key, {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  } else {
    target[key] = value;
  }
}
