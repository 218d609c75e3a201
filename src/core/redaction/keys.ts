/**
 * Built-in sensitive key names. Matching is by word segments (see `splitKeySegments`), so
 * `token` covers `accessToken`, `x-auth-token`, `refresh_token` but not `tokens_used` or
 * `tokenizer`; compound names (`apikey`, `accesstoken`) also match when written as one word.
 *
 * @example
 * ```ts
 * SENSITIVE_KEY_NAMES.includes('password'); // true
 * ```
 */
export const SENSITIVE_KEY_NAMES: readonly string[] = [
  'password',
  'passwords',
  'passwd',
  'pwd',
  'passphrase',
  'secret',
  'secrets',
  'token',
  'access_token',
  'refresh_token',
  'id_token',
  'auth_token',
  'bearer',
  'api_key',
  'apikey',
  'authorization',
  'proxy_authorization',
  'cookie',
  'cookies',
  'set_cookie',
  'session',
  'session_id',
  'sessionid',
  'jsessionid',
  'phpsessid',
  'credential',
  'credentials',
  'private_key',
  'client_secret',
  'csrf',
  'xsrf',
  'ssn',
  'card_number',
  'cardnumber',
  'pan',
  'cvv',
  'cvc',
];

/**
 * Splits a key into lower-case word segments at non-alphanumeric characters, camelCase humps,
 * acronym ends (`APIKey` → `api`, `key`) and letter/digit changes (`password2` → `password`, `2`).
 *
 * @example
 * ```ts
 * splitKeySegments('X-Auth-Token'); // ['x', 'auth', 'token']
 * splitKeySegments('clientSecretV2'); // ['client', 'secret', 'v', '2']
 * ```
 */
export function splitKeySegments(key: string): string[] {
  const segments: string[] = [];
  let start = -1;
  for (let i = 0; i <= key.length; i++) {
    const kind = i < key.length ? charKind(key.charCodeAt(i)) : SEPARATOR;
    if (kind === SEPARATOR) {
      if (start !== -1) segments.push(key.slice(start, i).toLowerCase());
      start = -1;
      continue;
    }
    if (start === -1) {
      start = i;
      continue;
    }
    if (isBoundary(key, i, kind)) {
      segments.push(key.slice(start, i).toLowerCase());
      start = i;
    }
  }
  return segments;
}

/**
 * Lower-cases a key and drops every non-alphanumeric character: `API_KEY`, `api-key` and
 * `apiKey` all become `apikey`.
 *
 * @example
 * ```ts
 * squashKey('Set-Cookie'); // 'setcookie'
 * ```
 */
export function squashKey(key: string): string {
  return splitKeySegments(key).join('');
}

/**
 * Decides whether a key names a sensitive field; see `createKeyMatcher`.
 *
 * @example
 * ```ts
 * const matcher: KeyMatcher = createKeyMatcher(SENSITIVE_KEY_NAMES, [], []);
 * ```
 */
export interface KeyMatcher {
  isSensitive(key: string): boolean;
  isIgnored(key: string): boolean;
}

const CACHE_LIMIT = 4096;

/**
 * Compiles the key rule once. A key is sensitive when a run of 1–N consecutive segments,
 * joined without separators, equals a sensitive name (N = segments of the longest name), and
 * its squashed form is not in `ignoredKeys` (ignored keys win). Decisions are cached (bounded).
 *
 * @example
 * ```ts
 * const keys = createKeyMatcher(SENSITIVE_KEY_NAMES, ['extra_pin'], ['session_count']);
 * keys.isSensitive('userPassword'); // true
 * keys.isSensitive('session_count'); // false (ignored)
 * ```
 */
export function createKeyMatcher(
  builtIn: readonly string[],
  extra: readonly string[],
  ignored: readonly string[],
): KeyMatcher {
  const names = new Set<string>();
  let longest = 1;
  for (const name of [...builtIn, ...extra]) {
    const segments = splitKeySegments(name);
    if (segments.length === 0) continue;
    names.add(segments.join(''));
    longest = Math.max(longest, segments.length);
  }
  const ignoredSet = new Set(ignored.map(squashKey));
  const cache = new Map<string, boolean>();

  const decide = (key: string): boolean => {
    const segments = splitKeySegments(key);
    if (ignoredSet.size > 0 && ignoredSet.has(segments.join(''))) return false;
    for (let i = 0; i < segments.length; i++) {
      let run = '';
      for (let j = i; j < segments.length && j - i < longest; j++) {
        run += segments[j];
        if (names.has(run)) return true;
      }
    }
    return false;
  };

  return {
    isSensitive(key: string): boolean {
      const cached = cache.get(key);
      if (cached !== undefined) return cached;
      const verdict = decide(key);
      if (cache.size < CACHE_LIMIT) cache.set(key, verdict);
      return verdict;
    },
    isIgnored(key: string): boolean {
      return ignoredSet.size > 0 && ignoredSet.has(squashKey(key));
    },
  };
}

const SEPARATOR = 0;
const LOWER = 1;
const UPPER = 2;
const DIGIT = 3;

function charKind(code: number): number {
  if (code >= 97 && code <= 122) return LOWER;
  if (code >= 65 && code <= 90) return UPPER;
  if (code >= 48 && code <= 57) return DIGIT;
  return SEPARATOR;
}

function isBoundary(key: string, i: number, kind: number): boolean {
  const previous = charKind(key.charCodeAt(i - 1));
  if (kind === DIGIT || previous === DIGIT) return kind !== previous;
  if (kind === UPPER && previous === LOWER) return true;
  // End of an acronym: `APIKey` splits before the `K` (upper followed by lower).
  if (kind === UPPER && previous === UPPER) {
    return i + 1 < key.length && charKind(key.charCodeAt(i + 1)) === LOWER;
  }
  return false;
}
