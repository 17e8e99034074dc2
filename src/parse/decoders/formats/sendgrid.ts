// SendGrid: "This is an automatically generated message from SendGrid." then
// "user:code:<rcpt> : reason" lines, with a delivery-status part (Action: expired / failed).
import { textDecoder } from '../text-format.js';
import { anyOf, textMatches } from '../detect.js';

export const sendgrid = textDecoder({
  name: 'sendgrid',
  detect: anyOf(textMatches(/^This is an automatically generated message from SendGrid\./m), (ctx) => ctx.dsn?.messageFields.some(([n]) => n.startsWith('x-sendgrid-')) ?? false),
  begin: [/^This is an automatically generated message from SendGrid\./m],
  recipient: [/^\S*?<([^<>\s@]+@[^<>\s@]+)>\s*:?\s*(?<rest>.*)$/],
  blankEnds: true,
});
