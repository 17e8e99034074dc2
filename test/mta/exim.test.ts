// Exim 4 (Debian's exim4-daemon-light) writes its own DSNs for each scenario of scenarios.ts.
import { eximMissing, startExim } from '../helpers/exim.js';
import { headerOf, mtaScenarios } from './scenarios.js';

mtaScenarios({
  name: 'Exim',
  missing: eximMissing(),
  start: (routes) => startExim({ ...routes, lifetime: 8, delayWarning: 3 }),
  // "Warning: message 1tXyz-000123-AB delayed 3 seconds"
  isWarning: (dsn) => /^Warning: message \S+ delayed/.test(headerOf(dsn, 'Subject')),
  timeout: 40,
});
