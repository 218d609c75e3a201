/**
 * Merges a category's own facts (undefined ones skipped) with caller `details`; returns
 * `undefined` when nothing is left, so errors without facts carry no empty `details`.
 *
 * @example
 * ```ts
 * mergeDetails({ rule: 'max_items' }, options.details); // { rule: 'max_items', ... }
 * ```
 */
export function mergeDetails(
  facts: Record<string, unknown>,
  details?: Record<string, unknown>,
): Record<string, unknown> | undefined {
  const merged: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(facts)) {
    if (value !== undefined) merged[key] = value;
  }
  Object.assign(merged, details);
  return Object.keys(merged).length > 0 ? merged : undefined;
}
