import type { Attributes } from '@opentelemetry/api';

/**
 * What happens to a sensitive value: `mask` (named placeholder), `remove` (key dropped, match
 * emptied; in text a credential goes with its label: `password=hunter2` → ``) or `hmac` (keyed
 * HMAC-SHA256, `[HMAC:<16 hex>]`). Every action is idempotent: redacting an output again
 * changes nothing.
 *
 * @example
 * ```ts
 * const action: RedactionAction = 'mask';
 * ```
 */
export type RedactionAction = 'mask' | 'remove' | 'hmac';

/**
 * Value detectors that can be switched on or off by name.
 *
 * @example
 * ```ts
 * createRedactor({ detectors: { phone: false } satisfies Partial<Record<DetectorName, boolean>> });
 * ```
 */
export type DetectorName =
  | 'email'
  | 'phone'
  | 'ipv4'
  | 'ipv6'
  | 'ssn'
  | 'paymentCard'
  | 'jwt'
  | 'awsAccessKeyId'
  | 'githubToken'
  | 'slackToken'
  | 'stripeKey'
  | 'googleApiKey'
  | 'privateKey'
  | 'authorizationCredential'
  | 'credentialAssignment'
  | 'urlCredentials';

/**
 * A redaction policy. Compiled once by `createRedactor`; every field is optional and
 * defaults to the fail-closed house policy.
 *
 * @example
 * ```ts
 * const policy: RedactionPolicy = { keys: ['pin'], ignoredKeys: ['session_count'] };
 * ```
 */
export interface RedactionPolicy {
  /** Extra sensitive key names (case-insensitive, matched at any depth). */
  keys?: readonly string[];
  /** Keys that are never treated as sensitive, even if they match a built-in name. */
  ignoredKeys?: readonly string[];
  /** Turn detectors on (`true`) or off (`false`); unspecified ones keep their default. */
  detectors?: Partial<Record<DetectorName, boolean>>;
  /** Extra URL query parameter names to redact. */
  queryParams?: readonly string[];
  /** What to do with a sensitive value. Default `mask`. */
  action?: RedactionAction;
  /** Key for `action: 'hmac'` (required then). */
  hmacKey?: string | Uint8Array;
  /** Maximum depth walked in nested values. Default 8. */
  maxDepth?: number;
  /** Strings longer than this are truncated with a marker. Default 16 KiB. */
  maxStringLength?: number;
  /**
   * Span-attribute allow-list mode: when set, only these attribute keys are kept (others
   * removed) — fail closed. Default: off (all keys kept, values redacted).
   */
  allowedAttributeKeys?: readonly string[];
  /**
   * Detector overrides for `attributes()` only, applied on top of `detectors`. Default
   * `{ ipv4: false, ipv6: false }`: semantic conventions require addresses in `client.address`,
   * `server.address`, `network.peer.address`. A detector switched off in `detectors` stays off.
   */
  attributeDetectors?: Partial<Record<DetectorName, boolean>>;
  /** Arrays longer than this keep their first items plus a marker. Default 100. */
  maxArrayLength?: number;
  /** Objects with more own keys than this keep their first keys plus a marker. Default 1000. */
  maxObjectKeys?: number;
}

/**
 * A compiled redaction policy. All methods are total: they never throw.
 *
 * @example
 * ```ts
 * const redactor: Redactor = createRedactor();
 * redactor.string('mail jane@example.com'); // 'mail [EMAIL]'
 * ```
 */
export interface Redactor {
  /** Redacts a string value (detectors only). */
  string(value: string): string;
  /**
   * Redacts any value deeply and returns a JSON-safe copy: sensitive keys masked, detectors
   * applied to strings, cycles replaced by `[Circular]`, depth and string length bounded,
   * BigInt/Symbol/functions/Buffers/Maps/Sets/Dates/Errors turned into JSON-safe forms,
   * throwing getters replaced by `[Unreadable]`.
   */
  value(value: unknown): unknown;
  /** Redacts credentials and sensitive query parameters in a URL, path or query string. */
  url(value: string): string;
  /** Redacts header values by header name and content; returns a plain lower-cased record. */
  headers(
    headers: Iterable<[string, string]> | Record<string, string | string[] | undefined>,
  ): Record<string, string>;
  /** Redacts OpenTelemetry span/log attributes (keys and values). */
  attributes(attributes: Attributes): Attributes;
  /** True when `key` names a sensitive field under this policy. */
  isSensitiveKey(key: string): boolean;
}
