// Postfix (Debian's postfix package) writes its own DSNs for each scenario of scenarios.ts.
import { postfixMissing, startPostfixRoutes } from '../helpers/postfix.js';
import { sandboxMissing } from '../helpers/mta-sandbox.js';
import { headerOf, mtaScenarios } from './scenarios.js';

mtaScenarios({
  name: 'Postfix',
  missing: postfixMissing() ?? sandboxMissing(),
  start: (routes) => startPostfixRoutes({ ...routes, lifetime: 10, delayWarning: 3 }),
  // "Delayed Mail (still being retried)"
  isWarning: (dsn) => /^Delayed Mail\b/.test(headerOf(dsn, 'Subject')),
  timeout: 50,
});
