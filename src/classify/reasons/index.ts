// Every reason that rules decide, one module each. The order between them is in order.ts.
import type { ReasonRules } from '../reason-rules.js';
import { authfailure } from './authfailure.js';
import { badreputation } from './badreputation.js';
import { blocked } from './blocked.js';
import { contenterror } from './contenterror.js';
import { emailtoolarge } from './emailtoolarge.js';
import { expired } from './expired.js';
import { failedstarttls } from './failedstarttls.js';
import { filtered } from './filtered.js';
import { hasmoved } from './hasmoved.js';
import { hostunknown } from './hostunknown.js';
import { mailboxfull } from './mailboxfull.js';
import { mailererror } from './mailererror.js';
import { networkerror } from './networkerror.js';
import { norelaying } from './norelaying.js';
import { notaccept } from './notaccept.js';
import { notcompliantrfc } from './notcompliantrfc.js';
import { policyviolation } from './policyviolation.js';
import { ratelimited } from './ratelimited.js';
import { rejected } from './rejected.js';
import { requireptr } from './requireptr.js';
import { securityerror } from './securityerror.js';
import { spamdetected } from './spamdetected.js';
import { suppressed } from './suppressed.js';
import { suspend } from './suspend.js';
import { syntaxerror } from './syntaxerror.js';
import { systemerror } from './systemerror.js';
import { systemfull } from './systemfull.js';
import { userunknown } from './userunknown.js';
import { virusdetected } from './virusdetected.js';

export const REASON_RULES: readonly ReasonRules[] = [
  authfailure, badreputation, blocked, contenterror, emailtoolarge, expired,
  failedstarttls, filtered, hasmoved, hostunknown, mailboxfull, mailererror,
  networkerror, norelaying, notaccept, notcompliantrfc, policyviolation, ratelimited,
  rejected, requireptr, securityerror, spamdetected, suppressed, suspend,
  syntaxerror, systemerror, systemfull, userunknown, virusdetected,
];
