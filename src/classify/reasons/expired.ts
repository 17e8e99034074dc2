// expired: gave up after retrying too long.
import type { ReasonRules } from '../reason-rules.js';

export const expired: ReasonRules = {
  reason: 'expired',
  type: 'soft',
  statuses: [
    '4.4.1',
    '4.7',
  ],
  statusDecides: 'after-all-words',
  phrases: [
    {
      text: [
        'retry time', 'retry timeout', 'timeout exceeded', 'delivery time expired', 'message expired', 'maximum time', 'queue lifetime',
        'too long in the queue', 'in the queue too long', 'was not delivered within', 'could not be delivered within',
        'delivery attempts will continue', 'has been delayed', 'have been delayed', 'giving up on', 'gave up', 'unable to deliver for',
        'remained undelivered', 'not yet been delivered', 'retry period', 'connection timed out', 'timed out', 'server did not respond',
        'message timed out', 'could not find a gateway for', 'failed to deliver to domain', 'not reachable within the allowed queue period',
        'your message could not be delivered for more than', 'unable to deliver message after multiple retries',
        'did not accept our requests to connect', 'has not been collected', 'expired',
        // every host failed past the retry limit: "all hosts have been failing for a long time"
        'have been failing for a long time', 'after a long failure period',
        // gave up after a span or a count of tries: "could not deliver for the last 432000 seconds", "failed 20 attempts"
        /(?:could not|couldn't|unable to|cannot) deliver (?:it )?for (?:the last|more than) \d+/, /\bfailed (?:after )?\d+ (?:delivery )?attempts/,
      ],
    },
  ],
};
