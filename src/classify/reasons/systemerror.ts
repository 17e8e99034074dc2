// systemerror: the receiving system failed.
import type { ReasonRules } from '../reason-rules.js';

export const systemerror: ReasonRules = {
  reason: 'systemerror',
  type: 'soft',
  statuses: [
    '1.9',
    '3.3',
    '3.5',
    '4.3',
  ],
  statusDecides: 'after-all-words',
  phrases: [
    {
      text: [
        'upstream error',
        'system error', 'internal error', 'server error', 'local error', 'temporary local problem', 'server configuration',
        'misconfigured', 'configuration error', 'mail system error', 'system failure', 'system problem', 'internal server error',
        'local configuration error', 'unable to process', 'could not process', 'resources temporarily unavailable',
        'out of memory', 'processing error', 'unexpected error', 'temporarily unavailable', 'could not load', 'service not available',
        'system not accepting network messages', 'mail system problem', 'aborted', 'too many clients', 'insufficient permission',
        'queue file write error', 'service currently unavailable',
      ],
    },
  ],
};
