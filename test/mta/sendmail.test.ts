// Sendmail (Debian's sendmail-bin) writes its own DSNs for the scenarios of scenarios.ts.
import { sendmailMissing, startSendmail } from '../helpers/sendmail.js';
import { headerOf, mtaScenarios } from './scenarios.js';

mtaScenarios({
  name: 'Sendmail',
  missing: sendmailMissing(),
  start: (routes) => startSendmail({ ...routes, lifetime: 10, delayWarning: 3 }),
  // "Warning: could not send message for past 3 seconds"
  isWarning: (dsn) => /^Warning: could not send message/.test(headerOf(dsn, 'Subject')),
  cannot: {
    // it looks local users up while the client is there ("550 5.1.1 ... User unknown"): no DSN
    'unknown local user': 'Sendmail refuses an unknown local user at RCPT, so it writes no DSN',
  },
  timeout: 50,
});
