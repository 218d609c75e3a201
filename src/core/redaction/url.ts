import type { CompiledPolicy } from './policy.js';
import { truncatedHead, truncationMarker } from './bounded.js';

/**
 * Replacement for a sensitive query value and for userinfo parts (OTel semconv spelling).
 *
 * @example
 * ```ts
 * redactor.url('/cb?code=abc'); // `/cb?code=${URL_MASK}`
 * ```
 */
export const URL_MASK = 'REDACTED';

const AUTHORITY_START = /^(?:[A-Za-z][A-Za-z0-9+.-]{0,31}:)?\/\//;
const MATRIX_PARAM = /;([^;/=?#]{1,256})=([^;/?#]*)/g;

/**
 * Builds `url()`. Works on absolute URLs, protocol-relative ones, paths with a query, bare query
 * strings (`token=x&a=1`) and anything else (best effort, never throws):
 * - userinfo → `REDACTED:REDACTED@` (or `REDACTED@` without a password), as OTel semconv
 *   prescribes for `url.full`; with `action: 'remove'` the userinfo is dropped;
 * - query (and `#fragment` written as a query) parameters whose name is sensitive get the value
 *   `REDACTED` (`remove`: the parameter is dropped; `hmac`: `[HMAC:…]`); path matrix parameters
 *   (`;jsessionid=…`) likewise;
 * - detectors run on the path and on the remaining values (decoded first when percent-encoded);
 * - every other byte is kept as it was: nothing is re-encoded unless a detector masked it.
 *
 * @example
 * ```ts
 * const redactUrl = createUrlRedactor(compilePolicy());
 * redactUrl('https://u:p@api.example.com/cb?code=abc&state=xyz');
 * // 'https://REDACTED:REDACTED@api.example.com/cb?code=REDACTED&state=xyz'
 * ```
 */
export function createUrlRedactor(policy: CompiledPolicy): (url: string) => string {
  const { keys, censor, queryParams, text } = policy;

  const isSensitiveParam = (name: string): boolean => {
    if (keys.isIgnored(name)) return false;
    return queryParams.has(name.toLowerCase()) || keys.isSensitive(name);
  };

  const censorParam = (rawValue: string): string | undefined =>
    censor.action === 'hmac' ? censor.forKey(safeDecode(rawValue)) : URL_MASK;

  const redactValue = (raw: string): string => {
    if (!raw.includes('%') && !raw.includes('+')) return text(raw);
    const decoded = safeDecode(raw);
    const redacted = text(decoded);
    return redacted === decoded ? raw : encodeValue(redacted);
  };

  const redactQuery = (query: string): string => {
    const parts = query.split('&');
    const out: string[] = [];
    for (const part of parts) {
      const eq = part.indexOf('=');
      const rawName = eq === -1 ? part : part.slice(0, eq);
      if (eq !== -1 && isSensitiveParam(safeDecode(rawName))) {
        if (censor.action === 'remove') continue;
        out.push(`${rawName}=${censorParam(part.slice(eq + 1))}`);
      } else {
        out.push(eq === -1 ? redactValue(part) : `${rawName}=${redactValue(part.slice(eq + 1))}`);
      }
    }
    return out.join('&');
  };

  const redactPath = (path: string): string => {
    const withMatrix = path.includes(';')
      ? path.replace(MATRIX_PARAM, (whole: string, name: string, value: string) => {
          if (!isSensitiveParam(safeDecode(name))) return whole;
          return censor.action === 'remove' ? '' : `;${name}=${censorParam(value)}`;
        })
      : path;
    return text(withMatrix);
  };

  const redactBase = (base: string): string => {
    const scheme = AUTHORITY_START.exec(base);
    if (scheme === null) return redactPath(base);
    const authorityStart = scheme[0].length;
    const slash = base.indexOf('/', authorityStart);
    const authorityEnd = slash === -1 ? base.length : slash;
    const authority = base.slice(authorityStart, authorityEnd);
    // The last `@` ends the userinfo: unescaped `@` in passwords happens in the wild.
    const at = authority.lastIndexOf('@');
    let host = authority;
    if (at !== -1) {
      const userinfo = authority.slice(0, at);
      const masked = userinfo.includes(':') ? `${URL_MASK}:${URL_MASK}@` : `${URL_MASK}@`;
      host = (censor.action === 'remove' ? '' : masked) + authority.slice(at + 1);
    }
    return scheme[0] + host + redactPath(base.slice(authorityEnd));
  };

  const redactWhole = (input: string): string => {
    const hash = input.indexOf('#');
    const beforeHash = hash === -1 ? input : input.slice(0, hash);
    let out: string;
    const question = beforeHash.indexOf('?');
    if (question !== -1) {
      out = `${redactBase(beforeHash.slice(0, question))}?${redactQuery(beforeHash.slice(question + 1))}`;
    } else if (isBareQuery(beforeHash)) {
      out = redactQuery(beforeHash);
    } else {
      out = redactBase(beforeHash);
    }
    if (hash === -1) return out;
    // OAuth implicit flow puts tokens in the fragment (`#access_token=…`).
    const fragment = input.slice(hash + 1);
    return `${out}#${fragment.includes('=') ? redactQuery(fragment) : text(fragment)}`;
  };

  return (url) => {
    const input = typeof url === 'string' ? url : String(url);
    if (input.length <= policy.maxStringLength) return redactWhole(input);
    // Already truncated by a first pass: keep the marker (and the original length it names).
    const head = truncatedHead(input, policy.maxStringLength);
    if (head !== undefined) return redactWhole(head) + input.slice(head.length);
    // Cut first: a parameter cut mid-value is still recognised by its name.
    return redactWhole(input.slice(0, policy.maxStringLength)) + truncationMarker(input.length);
  };
}

/** `a=1&b=2` or `token=x`: has a `=` before any `/` and no scheme. */
function isBareQuery(text: string): boolean {
  const eq = text.indexOf('=');
  if (eq === -1 || AUTHORITY_START.test(text)) return false;
  const slash = text.indexOf('/');
  return slash === -1 || eq < slash;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}

// Encodes a value a detector changed; the masks' brackets stay readable.
function encodeValue(text: string): string {
  return encodeURIComponent(text).replace(/%5B/g, '[').replace(/%5D/g, ']');
}
