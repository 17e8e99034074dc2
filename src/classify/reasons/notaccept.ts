// notaccept: the domain takes no mail, e.g. a null MX (hard when permanent).
import type { ReasonRules } from '../reason-rules.js';

export const notaccept: ReasonRules = {
  reason: 'notaccept',
  type: 'hard-when-permanent',
  statuses: [
    // RFC 7505: the domain publishes a null MX and accepts no mail
    '1.10',
    '3.2',
    // RFC 7505 again: the recipient's domain has a null MX
    '7.27',
  ],
  phrases: [
    {
      text: [
        'indicated no smtp service', 'record indicated no smtp service',
        'does not accept mail', "doesn't accept mail", 'does not receive mail', "doesn't receive email", 'does not receive email',
        'accepts no mail', 'null mx', 'nullmx', 'mail is not accepted', /not accepting mail(?! from)/, 'no mail accepted',
        'this domain does not accept', 'domain does not accept', 'does not accept email', 'host does not accept mail',
        "couldn't find a mail exchanger", 'could not find a mail exchanger',
      ],
    },
  ],
};
