// mailererror: a local delivery program failed.
import type { ReasonRules } from '../reason-rules.js';

export const mailererror: ReasonRules = {
  reason: 'mailererror',
  type: 'soft',
  phrases: [
    {
      text: [
        'mailer error', 'command output', 'command died', 'exit status', 'procmail', 'maildrop', 'pipe to |', 'local delivery failed',
        'delivery to a program failed', 'program returned', 'unknown mailer', /\bmda\b/, 'exited with', 'killed by signal',
        'mailer program', 'mailer-error', "couldn't create",
      ],
    },
  ],
};
