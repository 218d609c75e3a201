import { createCensor, type Censor } from './censor.js';
import { BUILT_IN_DETECTORS, DETECTOR_NAMES } from './detectors/index.js';
import { paymentCardDetector } from './detectors/payment-card.js';
import { createKeyMatcher, SENSITIVE_KEY_NAMES, type KeyMatcher } from './keys.js';
import { compileTextRedactor, type TextRedactor } from './text.js';
import { RecentOutputs } from './text-memory.js';
import type { DetectorName, RedactionAction, RedactionPolicy } from './types.js';

/**
 * Query parameters redacted by `url()` besides every sensitive key name: the OTel semconv list
 * (`sig`, `Signature`, `X-Amz-*`, `X-Goog-*`, `AWSAccessKeyId`) plus app tokens. Compared
 * case-insensitively and exactly (`code` does not cover `zip_code`). `state` is kept.
 *
 * @example
 * ```ts
 * SENSITIVE_QUERY_PARAMS.includes('x-amz-signature'); // true
 * ```
 */
export const SENSITIVE_QUERY_PARAMS: readonly string[] = [
  'token',
  'access_token',
  'refresh_token',
  'id_token',
  'code',
  'signature',
  'sig',
  'x-amz-signature',
  'x-amz-credential',
  'x-amz-security-token',
  'x-goog-signature',
  'x-goog-credential',
  'awsaccesskeyid',
  'key',
  'api_key',
  'apikey',
  'password',
  'secret',
  'client_secret',
  'session',
];

/**
 * Defaults of the numeric bounds.
 *
 * @example
 * ```ts
 * createRedactor({ maxDepth: REDACTION_DEFAULTS.maxDepth * 2 });
 * ```
 */
export const REDACTION_DEFAULTS = {
  maxDepth: 8,
  maxStringLength: 16 * 1024,
  maxArrayLength: 100,
  maxObjectKeys: 1000,
} as const;

/** IPs stay in attributes by default: semconv puts them in `client.address` & co. */
const ATTRIBUTE_DETECTOR_DEFAULTS: Partial<Record<DetectorName, boolean>> = {
  ipv4: false,
  ipv6: false,
};

/**
 * The policy after validation and compilation; shared by every redactor method.
 *
 * @example
 * ```ts
 * const compiled: CompiledPolicy = compilePolicy({ action: 'remove' });
 * ```
 */
export interface CompiledPolicy {
  readonly censor: Censor;
  readonly keys: KeyMatcher;
  readonly maxDepth: number;
  readonly maxStringLength: number;
  readonly maxArrayLength: number;
  readonly maxObjectKeys: number;
  /** Detectors for `string()`, `value()`, `headers()` and URL parts. */
  readonly text: TextRedactor;
  /** Detectors for `attributes()` string values. */
  readonly attributeText: TextRedactor;
  /** Card detector for large safe integers, or `undefined` when it is off. */
  readonly numberText: TextRedactor | undefined;
  /** Lower-cased query parameter names redacted by `url()`. */
  readonly queryParams: ReadonlySet<string>;
  readonly allowedAttributeKeys: ReadonlySet<string> | undefined;
}

const KNOWN_FIELDS = new Set<string>([
  'keys',
  'ignoredKeys',
  'detectors',
  'queryParams',
  'action',
  'hmacKey',
  'maxDepth',
  'maxStringLength',
  'allowedAttributeKeys',
  'attributeDetectors',
  'maxArrayLength',
  'maxObjectKeys',
]);
const ACTIONS = new Set<RedactionAction>(['mask', 'remove', 'hmac']);
const MIN_HMAC_KEY_BYTES = 32;

/**
 * Validates a policy and compiles it: key set, detector lists, query-parameter set. Throws a
 * `TypeError` naming the offending field; this is the only place redaction ever throws.
 *
 * @example
 * ```ts
 * const compiled = compilePolicy({ keys: ['pin'], detectors: { phone: false } });
 * compiled.keys.isSensitive('userPin'); // true
 * ```
 */
export function compilePolicy(policy: RedactionPolicy = {}): CompiledPolicy {
  if (policy === null || typeof policy !== 'object') {
    throw new TypeError(`createRedactor: policy must be an object, got ${describe(policy)}`);
  }
  for (const field of Object.keys(policy)) {
    if (!KNOWN_FIELDS.has(field)) {
      throw new TypeError(`createRedactor: policy.${field} is not a known redaction setting`);
    }
  }
  const keys = stringList(policy.keys, 'keys');
  const ignoredKeys = stringList(policy.ignoredKeys, 'ignoredKeys');
  const queryParams = stringList(policy.queryParams, 'queryParams');
  const allowed = policy.allowedAttributeKeys;
  const allowedAttributeKeys =
    allowed === undefined ? undefined : new Set(stringList(allowed, 'allowedAttributeKeys'));
  const action = policy.action ?? 'mask';
  if (!ACTIONS.has(action)) {
    throw new TypeError(
      `createRedactor: policy.action must be 'mask', 'remove' or 'hmac', got ${describe(action)}`,
    );
  }
  const hmacKey = hmacKeyBytes(policy.hmacKey, action);
  const enabled = detectorSwitches(policy.detectors, 'detectors');
  const attributeOverrides = detectorSwitches(policy.attributeDetectors, 'attributeDetectors');
  const censor = createCensor(action, hmacKey);
  const keyMatcher = createKeyMatcher(SENSITIVE_KEY_NAMES, keys, ignoredKeys);
  const ignored = (name: string): boolean => keyMatcher.isIgnored(name);

  const textDetectors = BUILT_IN_DETECTORS.filter((d) => enabled[d.name] !== false);
  const attributeSwitches = { ...ATTRIBUTE_DETECTOR_DEFAULTS, ...attributeOverrides };
  const attributeDetectors = textDetectors.filter((d) => attributeSwitches[d.name] !== false);
  const cardOn = enabled.paymentCard !== false;
  const outputs = new RecentOutputs();

  return {
    censor,
    keys: keyMatcher,
    maxDepth: bound(policy.maxDepth, 'maxDepth', 0, REDACTION_DEFAULTS.maxDepth),
    maxStringLength: bound(
      policy.maxStringLength,
      'maxStringLength',
      1,
      REDACTION_DEFAULTS.maxStringLength,
    ),
    maxArrayLength: bound(
      policy.maxArrayLength,
      'maxArrayLength',
      0,
      REDACTION_DEFAULTS.maxArrayLength,
    ),
    maxObjectKeys: bound(
      policy.maxObjectKeys,
      'maxObjectKeys',
      0,
      REDACTION_DEFAULTS.maxObjectKeys,
    ),
    text: compileTextRedactor(textDetectors, censor, { outputs, records: true }),
    // Its detectors are a subset of `text`'s, so `text`'s outputs are stable here too: a
    // message `recordError` redacted is not scanned again by the span processor.
    attributeText: compileTextRedactor(attributeDetectors, censor, { outputs, records: false }),
    numberText: cardOn ? compileTextRedactor([paymentCardDetector], censor) : undefined,
    queryParams: new Set(
      [...SENSITIVE_QUERY_PARAMS, ...queryParams]
        .filter((name) => !ignored(name))
        .map((name) => name.toLowerCase()),
    ),
    allowedAttributeKeys,
  };
}

function stringList(value: unknown, field: string): readonly string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) {
    throw new TypeError(`createRedactor: policy.${field} must be an array of strings`);
  }
  return value as string[];
}

function detectorSwitches(value: unknown, field: string): Partial<Record<DetectorName, boolean>> {
  if (value === undefined) return {};
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new TypeError(`createRedactor: policy.${field} must be an object of booleans`);
  }
  for (const [name, on] of Object.entries(value)) {
    if (!DETECTOR_NAMES.has(name as DetectorName)) {
      throw new TypeError(
        `createRedactor: policy.${field}.${name} is not a detector (known: ${[...DETECTOR_NAMES].join(', ')})`,
      );
    }
    if (typeof on !== 'boolean') {
      throw new TypeError(`createRedactor: policy.${field}.${name} must be true or false`);
    }
  }
  return value as Partial<Record<DetectorName, boolean>>;
}

function bound(value: unknown, field: string, min: number, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) {
    throw new TypeError(
      `createRedactor: policy.${field} must be an integer >= ${min}, got ${describe(value)}`,
    );
  }
  return value;
}

function hmacKeyBytes(key: unknown, action: RedactionAction): Uint8Array | undefined {
  if (action !== 'hmac') return undefined;
  let bytes: Uint8Array | undefined;
  if (typeof key === 'string') bytes = Buffer.from(key, 'utf8');
  else if (key instanceof Uint8Array) bytes = Uint8Array.from(key);
  if (bytes === undefined || bytes.length < MIN_HMAC_KEY_BYTES) {
    throw new TypeError(
      `createRedactor: policy.hmacKey (a string or Uint8Array of at least ${MIN_HMAC_KEY_BYTES} bytes) is required with action 'hmac'`,
    );
  }
  return bytes;
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === null) return 'null';
  if (typeof value === 'object') return Array.isArray(value) ? 'an array' : 'an object';
  return String(value);
}
