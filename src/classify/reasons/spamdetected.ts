// spamdetected: refused as spam.
import type { ReasonRules } from '../reason-rules.js';

export const spamdetected: ReasonRules = {
  reason: 'spamdetected',
  type: 'soft',
  statuses: [
    // "similar abusive messages": a spam verdict
    '7.28',
  ],
  phrases: [
    {
      text: [
        // not the block lists named after spam (Spamhaus, SpamCop, SpamRATS): those list the sender
        /spam(?!haus|cop|rats)/, 'junk mail', 'unsolicited', 'bulk mail', 'bulk e-mail', 'score too high', 'spamassassin', 'classified as spam',
        'considered spam', 'identified as spam', 'detected as spam', 'likely spam', 'probable spam', 'high probability of being spam',
        'message content rejected', 'phishing', /\buce\b/, 'bayesian', 'x-spam', 'our system has detected that this message is',
        'suspicious', 'appears to be unsolicited', 'mail appears to be', 'content looks like', 'message looks like',
        'has been scored as', 'scored as', 'rejected by spam', 'blocked by spam', 'content scanner', 'contains unsafe', 'dangerous content',
        // a link in the message is on a URI block list (URIBL, SURBL, Spamhaus DBL): the content is judged
        'blacklisted url', 'blocklisted url', 'url in message', 'blacklisted link', 'uribl', 'surbl',
      ],
    },
  ],
};
