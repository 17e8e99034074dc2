// syntaxerror: SMTP syntax or sequence error.
import type { ReasonRules } from '../reason-rules.js';

export const syntaxerror: ReasonRules = {
  reason: 'syntaxerror',
  type: 'soft',
  statuses: [
    '5.5.0',
    '5.1',
    '5.2',
    '5.4',
    '5.5',
    '5.6',
  ],
  statusDecides: 'after-all-words',
  phrases: [
    {
      text: [
        'syntax error', 'command unrecognized', 'command not recognized', 'unrecognized command', 'bad sequence of commands',
        'improper sequence of commands', 'command not implemented', 'parameter not implemented', 'invalid command', 'unknown command',
        'bad command', 'need rcpt', 'need mail', 'out of sequence',
        // an address the mail system could not parse ("malformed address: <a> may not follow b")
        'malformed address', 'malformed recipient address', 'incorrectly constructed',
      ],
    },
  ],
};
