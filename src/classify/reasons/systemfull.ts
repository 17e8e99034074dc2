// systemfull: the receiving system's disk is full.
import type { ReasonRules } from '../reason-rules.js';

export const systemfull: ReasonRules = {
  reason: 'systemfull',
  type: 'soft',
  statuses: [
    '3.1',
    '4.4.5',
  ],
  phrases: [
    {
      text: [
        'system is full', 'disk full', 'insufficient system storage', 'insufficient system resources', 'not enough space on the disk',
        'mail system full', 'out of disk', 'no space on device', 'not enough disk space', 'server is full', 'disk is full',
        'file system full', 'mail queue full', 'insufficient disk space', 'no space left',
      ],
    },
  ],
};
