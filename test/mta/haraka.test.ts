// Haraka (the npm package) writes its own DSNs for the scenarios of scenarios.ts it can meet.
import { harakaMissing, startHaraka } from '../helpers/haraka.js';
import { mtaScenarios } from './scenarios.js';

mtaScenarios({
  name: 'Haraka',
  missing: harakaMissing(),
  start: (routes) => startHaraka({ ...routes, retries: 2 }),
  isWarning: () => false,
  cannot: {
    'unknown local user': 'Haraka is a relay with no local mailboxes: an unknown user is refused at RCPT, no DSN',
    'delayed warning': 'Haraka sends no delay warnings, only a bounce when it gives up',
  },
  timeout: 50,
});
