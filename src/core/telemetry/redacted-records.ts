import { createContextKey, ROOT_CONTEXT, type Context } from '@opentelemetry/api';

/**
 * Marks the context a log record is emitted with as "already redacted by Sightline", so the
 * SDK's log processor (which redacts every other record, e.g. from an app's own winston logger)
 * does not redact it a second time. The key is a `Symbol.for` under the hood, so the ESM and
 * CommonJS copies of the package agree.
 */
const REDACTED = createContextKey('sightline.log_record_redacted');

// Records of one request share its context: derive the marked context once per context.
const marked = new WeakMap<Context, Context>();

/**
 * Returns `ctx` marked as carrying a record Sightline already redacted. Total: something that
 * is not a context (hostile record input) yields a marked empty context.
 *
 * @example
 * ```ts
 * info[Symbol.for('opentelemetry.js.contrib.winston.context')] = markRedacted(context.active());
 * ```
 */
export function markRedacted(ctx: Context): Context {
  let out = marked.get(ctx);
  if (out === undefined) {
    try {
      out = ctx.setValue(REDACTED, true);
      marked.set(ctx, out);
    } catch {
      out = ROOT_CONTEXT.setValue(REDACTED, true);
    }
  }
  return out;
}

/**
 * Whether a record emitted with `ctx` was already redacted by Sightline.
 *
 * @example
 * ```ts
 * if (!isMarkedRedacted(context)) redact(record);
 * ```
 */
export function isMarkedRedacted(ctx: Context | undefined): boolean {
  return ctx?.getValue(REDACTED) === true;
}
