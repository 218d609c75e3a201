/**
 * Percentiles from an explicit-bucket histogram, the way Prometheus' `histogram_quantile` does
 * it: find the bucket holding the rank and interpolate linearly inside it. OTLP also carries the
 * observed min and max, which bound the first and the overflow bucket.
 */

/**
 * Bucket counts and bounds of one (possibly merged) histogram.
 *
 * @example
 * const h: Buckets = { bounds: [0.1, 0.5], counts: [3, 1, 0], min: 0.01, max: 0.4 };
 */
export interface Buckets {
  /** Upper bounds (inclusive) of every bucket but the last, ascending. */
  bounds: number[];
  /** `bounds.length + 1` counts. */
  counts: number[];
  min?: number;
  max?: number;
}

/**
 * The `q` quantile (0…1), or `undefined` for an empty histogram.
 *
 * @example
 * histogramQuantile(0.5, { bounds: [1, 2], counts: [0, 10, 0] }); // 1.5
 */
export function histogramQuantile(q: number, { bounds, counts, min, max }: Buckets) {
  const total = counts.reduce((a, b) => a + b, 0);
  if (!(total > 0)) return undefined;
  const rank = q * total;
  let seen = 0;
  for (let i = 0; i < counts.length; i++) {
    const count = counts[i] ?? 0;
    if (count > 0 && seen + count >= rank) {
      const upper = i < bounds.length ? (bounds[i] as number) : (max ?? bounds.at(-1) ?? 0);
      const lowerBound = i === 0 ? (min ?? Math.min(0, upper)) : (bounds[i - 1] as number);
      const lower = Math.min(lowerBound, upper);
      const value = lower + (upper - lower) * ((rank - seen) / count);
      return Math.min(max ?? Infinity, Math.max(min ?? -Infinity, value));
    }
    seen += count;
  }
  return max ?? bounds.at(-1);
}

/**
 * `total` plus `next`, as a new histogram. Series with other bounds than the total's are left
 * out (they come from another view of the instrument; mixing them would be wrong).
 *
 * @example
 * const total = [a, b].reduce<Buckets | undefined>(mergeBuckets, undefined);
 */
export function mergeBuckets(total: Buckets | undefined, next: Buckets): Buckets {
  if (!total) return { ...next, bounds: [...next.bounds], counts: [...next.counts] };
  const sameBounds =
    total.bounds.length === next.bounds.length &&
    total.bounds.every((b, i) => b === next.bounds[i]);
  if (!sameBounds) return total;
  const merged: Buckets = {
    bounds: total.bounds,
    counts: total.counts.map((c, i) => c + (next.counts[i] ?? 0)),
  };
  if (total.min !== undefined && next.min !== undefined) merged.min = Math.min(total.min, next.min);
  if (total.max !== undefined && next.max !== undefined) merged.max = Math.max(total.max, next.max);
  return merged;
}
