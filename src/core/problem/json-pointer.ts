/**
 * Builds an RFC 6901 JSON Pointer in URI-fragment form (`#/a/b`) from path segments,
 * escaping `~` as `~0` and `/` as `~1` and percent-encoding what a fragment cannot hold.
 *
 * @example
 * ```ts
 * toJsonPointer(['address', 'city']); // '#/address/city'
 * toJsonPointer(['a/b']); // '#/a~1b'
 * ```
 */
export function toJsonPointer(segments: readonly (string | number)[]): string {
  return `#${segments.map((segment) => `/${encodeSegment(String(segment))}`).join('')}`;
}

function encodeSegment(segment: string): string {
  const escaped = segment.replace(/~/g, '~0').replace(/\//g, '~1');
  // RFC 6901 §6: characters outside the URI fragment production are percent-encoded.
  return escaped.replace(/[^A-Za-z0-9\-._~!$&'()*+,;=:@]/g, (char) => encodeURIComponent(char));
}
