/**
 * True when the digits of `text` (other characters ignored) pass the Luhn checksum.
 *
 * @example
 * ```ts
 * passesLuhn('4111 1111 1111 1111'); // true
 * passesLuhn('4111 1111 1111 1112'); // false
 * ```
 */
export function passesLuhn(text: string): boolean {
  let sum = 0;
  let double = false;
  let digits = 0;
  for (let i = text.length - 1; i >= 0; i--) {
    const code = text.charCodeAt(i);
    if (code < 48 || code > 57) continue;
    let digit = code - 48;
    if (double) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
    double = !double;
    digits++;
  }
  return digits > 0 && sum % 10 === 0;
}
