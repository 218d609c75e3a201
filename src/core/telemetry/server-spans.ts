/**
 * Who makes SERVER spans for incoming HTTP requests. A framework adapter that makes them itself
 * claims them, and the SDK's HTTP instrumentation then ignores incoming requests, so there is
 * still exactly one span per request and one `http.server.request.duration` point — at a
 * fraction of the cost of augmenting the instrumentation's span (bench:http). The flag lives
 * on `globalThis` so the ESM and CommonJS copies of the package agree.
 */
const CLAIM = Symbol.for('sightline.server_spans_claimed_by');
const LISTENERS = Symbol.for('sightline.server_spans_claim_listeners');
type GlobalWithClaim = typeof globalThis & { [CLAIM]?: string; [LISTENERS]?: Set<() => void> };

function listeners(): Set<() => void> {
  return ((globalThis as GlobalWithClaim)[LISTENERS] ??= new Set());
}

/**
 * Marks incoming-request spans as made by `owner` (e.g. `sightline/hono`).
 *
 * @example
 * ```ts
 * claimServerSpans('sightline/hono');
 * ```
 */
export function claimServerSpans(owner: string): void {
  const first = (globalThis as GlobalWithClaim)[CLAIM] === undefined;
  (globalThis as GlobalWithClaim)[CLAIM] = owner;
  if (!first) return;
  for (const listener of listeners()) {
    try {
      listener();
    } catch {
      // A listener's failure leaves the HTTP instrumentation's ignore hook in charge.
    }
  }
}

/**
 * Runs `listener` when incoming-request spans are first claimed (at once if they already are);
 * the SDK uses it to stop its HTTP instrumentation from touching incoming requests at all.
 *
 * @example
 * ```ts
 * onServerSpansClaimed(() => unpatchIncomingRequests());
 * ```
 */
export function onServerSpansClaimed(listener: () => void): void {
  listeners().add(listener);
  if (serverSpansClaimedBy() !== undefined) listener();
}

/**
 * The owner that claimed incoming-request spans, if any.
 *
 * @example
 * ```ts
 * new HttpInstrumentation({ ignoreIncomingRequestHook: () => serverSpansClaimedBy() !== undefined });
 * ```
 */
export function serverSpansClaimedBy(): string | undefined {
  return (globalThis as GlobalWithClaim)[CLAIM];
}

/**
 * Withdraws a claim (tests, or an adapter switched to augment mode).
 *
 * @example
 * ```ts
 * releaseServerSpans();
 * ```
 */
export function releaseServerSpans(): void {
  delete (globalThis as GlobalWithClaim)[CLAIM];
}
