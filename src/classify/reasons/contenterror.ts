// contenterror: a header or MIME structure is wrong.
import type { ReasonRules } from '../reason-rules.js';

export const contenterror: ReasonRules = {
  reason: 'contenterror',
  type: 'soft',
  statuses: [
    '6.0',
    '6.1',
    '6.2',
    '6.3',
    '6.4',
    '6.5',
    '6.6',
    // SMTPUTF8 failures: the message (or its addresses) cannot be carried as composed
    '6.7',
    '6.8',
    '6.9',
    '6.10',
  ],
  phrases: [
    {
      text: [
        'improper use of 8-bit data', 'illegal character', 'invalid character in header', 'header syntax',
        'message contains invalid header', 'invalid mime', 'mime error', 'malformed mime', 'headers not permitted',
        'too many "received" headers', 'message header contains', 'message contains bare',
      ],
    },
  ],
};
