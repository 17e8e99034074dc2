// ratelimited: sending too fast or opening too many connections (was speeding and toomanyconn).
import type { ReasonRules } from '../reason-rules.js';

export const ratelimited: ReasonRules = {
  reason: 'ratelimited',
  type: 'soft',
  statuses: [
    '4.5.3',
  ],
  phrases: [
    {
      text: [
        'rate limit', 'ratelimit', 'rate-limit', 'rate limited', 'too fast', 'sending rate', 'message rate', 'messages per',
        'too many messages', 'exceeded the rate', 'throttl', 'slow down', 'too many emails', 'too many mails', 'sent too many',
        'has sent too many', 'receiving mail at a rate', 'at a rate that prevents', 'receiving mail too quickly', 'unusual rate of', 'frequency limit',
        // too many connections at once
        'too many connections', 'too many concurrent', 'too many sessions', 'connection limit', 'connections from your',
        'max connections', 'maximum number of connections', 'too many simultaneous', 'concurrent connections', 'too many smtp sessions',
        'too many hosts', 'connection count', 'too many recipients', 'connection rate limit', 'too many errors',
        // the sender's quota of messages: "You've exceeded your sending limit to this user"
        'sending limit', 'limit for sending', 'messaging limit',
        // Outlook.com's RP-001: "We have limits for how many messages can be sent per hour and per day"
        'limits for how many messages', /\bsent per (?:second|minute|hour|day)\b/,
      ],
    },
  ],
};
