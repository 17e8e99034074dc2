// networkerror: DNS or network failure, mail loop.
import type { ReasonRules } from '../reason-rules.js';

export const networkerror: ReasonRules = {
  reason: 'networkerror',
  type: 'soft',
  statuses: [
    '5.4.0',
    '4.2',
    '4.4.4',
    '5.4.5',
    '4.6',
  ],
  statusDecides: 'after-all-words',
  phrases: [
    {
      text: [
        'could not connect and send', 'dns records for the destination computer could not be found', 'hop count exceeded',
        'host is unreachable', 'host name lookup failure', 'host not found, try again', 'mail forwarding loop', 'malformed name server reply',
        'malformed or unexpected name server reply', 'maximum forwarding loop count exceeded', 'message looping', 'routing loop',
        'no route to host', 'too many hops', 'unable to resolve route', 'network is unreachable', 'dns query failed', 'dns error',
        'lost connection', 'connection reset', 'temporary dns', 'dns lookup', 'name server', 'servfail', 'loops back to myself',
        /mail for \S+ loops back/, 'loop detected', 'looping', 'could not contact dns servers', 'network error',
        // "DNS resolving error", "DNS resolution failed"
        /\bdns (?:resolv|resolution)/,
      ],
    },
  ],
};
