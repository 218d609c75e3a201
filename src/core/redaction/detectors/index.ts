import type { DetectorName } from '../types.js';
import { authorizationCredentialDetector } from './authorization-credential.js';
import { awsAccessKeyIdDetector } from './aws-access-key-id.js';
import { credentialAssignmentDetector } from './credential-assignment.js';
import { emailDetector } from './email.js';
import { githubTokenDetector } from './github-token.js';
import { googleApiKeyDetector } from './google-api-key.js';
import { ipv4Detector } from './ipv4.js';
import { ipv6Detector } from './ipv6.js';
import { jwtDetector } from './jwt.js';
import { paymentCardDetector } from './payment-card.js';
import { phoneDetector } from './phone.js';
import { privateKeyDetector } from './private-key.js';
import { slackTokenDetector } from './slack-token.js';
import { ssnDetector } from './ssn.js';
import { stripeKeyDetector } from './stripe-key.js';
import type { Detector } from './types.js';
import { urlCredentialsDetector } from './url-credentials.js';

/**
 * Every built-in detector, in priority order: when matches of two detectors overlap, the union
 * is masked with the mask of the earlier one (secrets before PII, specific before generic).
 *
 * @example
 * ```ts
 * const names = BUILT_IN_DETECTORS.map((d) => d.name); // ['privateKey', 'jwt', …]
 * ```
 */
export const BUILT_IN_DETECTORS: readonly Detector[] = [
  privateKeyDetector,
  jwtDetector,
  githubTokenDetector,
  slackTokenDetector,
  stripeKeyDetector,
  googleApiKeyDetector,
  awsAccessKeyIdDetector,
  urlCredentialsDetector,
  authorizationCredentialDetector,
  credentialAssignmentDetector,
  emailDetector,
  paymentCardDetector,
  ssnDetector,
  ipv6Detector,
  ipv4Detector,
  phoneDetector,
];

/**
 * The detector names a policy may switch on or off.
 *
 * @example
 * ```ts
 * DETECTOR_NAMES.has('email'); // true
 * ```
 */
export const DETECTOR_NAMES: ReadonlySet<DetectorName> = new Set(
  BUILT_IN_DETECTORS.map((detector) => detector.name),
);

export {
  authorizationCredentialDetector,
  awsAccessKeyIdDetector,
  credentialAssignmentDetector,
  emailDetector,
  githubTokenDetector,
  googleApiKeyDetector,
  ipv4Detector,
  ipv6Detector,
  jwtDetector,
  paymentCardDetector,
  phoneDetector,
  privateKeyDetector,
  slackTokenDetector,
  ssnDetector,
  stripeKeyDetector,
  urlCredentialsDetector,
};
export { passesLuhn } from './luhn.js';
export type { Detector, ReportMatch } from './types.js';
