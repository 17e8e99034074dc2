// OpenSMTPD (Debian's opensmtpd) writes its own DSNs for each scenario of scenarios.ts.
import { opensmtpdMissing, startOpenSmtpd } from '../helpers/opensmtpd.js';
import { headerOf, mtaScenarios } from './scenarios.js';

mtaScenarios({
  name: 'OpenSMTPD',
  missing: opensmtpdMissing(),
  start: (routes) => startOpenSmtpd({ ...routes, lifetime: 10, delayWarning: 3 }),
  // "Delivery status notification: delayed"; OpenSMTPD 6.8 also reports the end of the queue
  // lifetime with that template, where the recipient's line says "Envelope expired"
  isWarning: (dsn) => /: delayed$/i.test(headerOf(dsn, 'Subject')) && !/Envelope expired/.test(dsn),
  cannot: {
    // it checks local users while the client is there ("550 Invalid recipient"): no DSN is written
    'unknown local user': 'OpenSMTPD refuses an unknown local user at RCPT, so it writes no DSN',
  },
  timeout: 50,
});
