// norelaying: relaying denied.
import type { ReasonRules } from '../reason-rules.js';

export const norelaying: ReasonRules = {
  reason: 'norelaying',
  type: 'soft',
  statuses: [
    // "5.4.1 no answer from host" is used by Exchange for relaying refusals
    '5.4.1',
  ],
  statusContradictedBy: ['userunknown'],
  phrases: [
    {
      text: [
        'relay access denied', 'relaying denied', 'relay denied', 'relay not permitted', 'relaying not permitted',
        'unable to relay', 'not permitted to relay', 'we do not relay', 'relay not allowed', 'relaying not allowed', 'relay prohibited',
        'no relaying', 'not local host', 'not a gateway', 'cannot relay', "can't relay", 'relay rejected', 'relaying is prohibited',
        'not configured to relay', 'not configured to accept mail for', 'email address is not verified', 'relaying mail to',
        'mail server does not accept relayed', 'is not permitted to relay through', 'insecure mail relay',
        // qmail-smtpd for a domain it does not serve ("... domain or user isn't in ..." is userunknown's)
        "that domain isn't in my list of allowed rcpthosts",
      ],
    },
  ],
};
