// requireptr: no (valid) reverse DNS for the sending IP.
import type { ReasonRules } from '../reason-rules.js';

export const requireptr: ReasonRules = {
  reason: 'requireptr',
  type: 'soft',
  statuses: [
    '7.25',
  ],
  phrases: [
    {
      text: [
        'reverse dns', 'rdns', 'ptr record', 'no ptr', 'reverse lookup', 'reverse-lookup', 'reverse hostname',
        'cannot find your hostname', 'cannot resolve your hostname', 'unresolvable hostname', 'no reverse', 'does not have a valid reverse',
        'ip name lookup failed', 'reverse dns entry', 'hostname does not resolve', 'cannot find your reverse hostname', 'fcrdns',
        'sender ip must resolve', 'mismatches client ip', 'client host name', /\bptr\b/, 'name lookup failed', 'your ip has no',
        'not resolve to your ip',
      ],
    },
  ],
};
