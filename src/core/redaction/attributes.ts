import type { Attributes, AttributeValue } from '@opentelemetry/api';
import type { CompiledPolicy } from './policy.js';
import { setOwn } from './own.js';
import { boundedRedact } from './bounded.js';
import { UNREADABLE } from './value.js';

/**
 * Attribute keys whose values are URLs, paths or queries: redacted with `url()`.
 *
 * @example
 * ```ts
 * URL_ATTRIBUTE_KEYS.has('url.full'); // true
 * ```
 */
export const URL_ATTRIBUTE_KEYS: ReadonlySet<string> = new Set([
  'url.full',
  'url.query',
  'url.path',
  'http.url',
  'http.target',
]);

const CARD_SIZED_INTEGER = 1e12;

/**
 * Builds `attributes()`. Order (as the OTel collector's redaction processor): allow-list
 * (`allowedAttributeKeys`, fail closed; ignored keys are implicitly allowed) → ignored keys
 * (kept untouched) → sensitive keys (censored) → URL keys (`url()`) → detectors on strings and
 * string arrays (IPs off by default, see `attributeDetectors`). Returns a new object.
 *
 * @example
 * ```ts
 * const redactAttributes = createAttributesRedactor(compilePolicy(), (u) => u);
 * redactAttributes({ 'client.address': '203.0.113.7', 'app.user_token': 'abc' });
 * // { 'client.address': '203.0.113.7', 'app.user_token': '[REDACTED]' }
 * ```
 */
export function createAttributesRedactor(
  policy: CompiledPolicy,
  redactUrl: (url: string) => string,
): (attributes: Attributes) => Attributes {
  const { keys, censor, allowedAttributeKeys, maxStringLength, numberText } = policy;
  const redactText = (text: string): string =>
    boundedRedact(text, maxStringLength, policy.attributeText);

  const redactValue = (key: string, value: AttributeValue | undefined): unknown => {
    if (typeof value === 'string') {
      return URL_ATTRIBUTE_KEYS.has(key) ? redactUrl(value) : redactText(value);
    }
    if (typeof value === 'number') {
      if (numberText === undefined || !Number.isSafeInteger(value)) return value;
      if (Math.abs(value) < CARD_SIZED_INTEGER) return value;
      const text = String(value);
      const redacted = numberText(text);
      return redacted === text ? value : redacted;
    }
    if (Array.isArray(value)) {
      // Only string items change; number arrays stay homogeneous as OTel requires.
      return value.map((item: unknown) => (typeof item === 'string' ? redactText(item) : item));
    }
    return value;
  };

  return (attributes) => {
    const out: Record<string, unknown> = {};
    if (attributes === null || typeof attributes !== 'object') return out as Attributes;
    let names: string[];
    try {
      names = Object.keys(attributes);
    } catch {
      return out as Attributes;
    }
    for (const key of names) {
      const ignored = keys.isIgnored(key);
      if (allowedAttributeKeys !== undefined && !allowedAttributeKeys.has(key) && !ignored) {
        continue;
      }
      let value: AttributeValue | undefined;
      try {
        value = attributes[key];
      } catch {
        setOwn(out, key, UNREADABLE);
        continue;
      }
      if (ignored) {
        setOwn(out, key, value);
      } else if (keys.isSensitive(key)) {
        const censored = value === undefined ? undefined : censor.forKey(value);
        if (censored !== undefined) setOwn(out, key, censored);
      } else {
        setOwn(out, key, redactValue(key, value));
      }
    }
    return out as Attributes;
  };
}
