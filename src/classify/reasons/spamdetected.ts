// spamdetected: refused as spam.
import type { ReasonRules } from '../reason-rules.js';

export const spamdetected: ReasonRules = {
  reason: 'spamdetected',
  type: 'soft',
  statuses: [
    // "similar abusive messages": a spam verdict
    '7.28',
  ],
  // "an unusual rate of unsolicited mail ... has been temporarily rate limited" (Gmail's 4.7.28):
  // the rate of the sending host, not a verdict on this message
  statusContradictedBy: ['ratelimited'],
  phrases: [
    {
      text: [
        // not the block lists named after spam (Spamhaus, SpamCop, SpamRATS): those list the sender;
        // nor a sender listed or blocked for spamming ("IP blocked for spamming", "listed for spam"):
        // that is the sending host's record (blocked), not a verdict on this message
        /(?<!listed (?:for|due to|because of|as a source of) )spam(?!haus|cop|rats|ming)/,
        /(?<!\b(?:listed|blocked|banned|blacklisted|blocklisted) (?:for|due to|because of) )spamming/, 'junk mail', 'unsolicited', 'bulk mail', 'bulk e-mail', 'score too high', 'spamassassin', 'classified as spam',
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
