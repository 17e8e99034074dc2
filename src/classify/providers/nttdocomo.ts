// NTT docomo (docomo.ne.jp). A recipient that exists but refuses the sender by its reception
// settings (designated or refused domains and addresses) is answered "550 Unknown user" only
// after the message is sent, at the end of DATA; at RCPT the words mean what they say.
import type { ProviderRules } from '../provider-rules.js';

export const nttdocomo: ProviderRules = {
  name: 'nttdocomo',
  hosts: /(?:^|\.)(?:docomo\.ne\.jp|mopera\.net|docomo\.blackberry\.com)$/,
  rules: [[/unknown user/, 'rejected', { commands: ['DATA'] }]],
};
