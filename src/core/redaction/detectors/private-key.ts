import { TRIGGERS, type Detector, type ReportMatch } from './types.js';

const HEADER = /-----BEGIN[ A-Z0-9]{0,40}PRIVATE KEY(?: BLOCK)?-----/g;
const FOOTER = /-----END[ A-Z0-9]{0,40}PRIVATE KEY(?: BLOCK)?-----/y;
const FOOTER_MARK = '-----END';

/**
 * PEM private key blocks (`-----BEGIN RSA PRIVATE KEY----- … -----END RSA PRIVATE KEY-----`
 * → `[PRIVATE_KEY]`). A header without a footer (e.g. a truncated log line) masks everything
 * up to the end of the text: fail closed.
 *
 * @example
 * ```ts
 * privateKeyDetector.mayMatch('-----BEGIN PRIVATE KEY-----\nMIIE…'); // true
 * ```
 */
export const privateKeyDetector: Detector = {
  name: 'privateKey',
  triggers: TRIGGERS.DASH,
  mask: '[PRIVATE_KEY]',
  mayMatch: (text) => text.includes('-----BEGIN'),
  scan: scanPrivateKeys,
};

// Header by regex, footer by indexOf + sticky check: every character is visited a bounded
// number of times, and a missing footer ends the scan (no quadratic re-search per header).
function scanPrivateKeys(text: string, report: ReportMatch): void {
  HEADER.lastIndex = 0;
  let header: RegExpExecArray | null;
  while ((header = HEADER.exec(text)) !== null) {
    const start = header.index;
    const end = findFooterEnd(text, HEADER.lastIndex);
    if (end === -1) {
      report(start, text.length);
      break;
    }
    report(start, end);
    HEADER.lastIndex = end;
  }
  HEADER.lastIndex = 0;
}

function findFooterEnd(text: string, from: number): number {
  let at = text.indexOf(FOOTER_MARK, from);
  while (at !== -1) {
    FOOTER.lastIndex = at;
    if (FOOTER.test(text)) return FOOTER.lastIndex;
    at = text.indexOf(FOOTER_MARK, at + 1);
  }
  return -1;
}
