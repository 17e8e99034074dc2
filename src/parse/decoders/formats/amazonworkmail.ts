// Amazon WorkMail: "An error occurred while trying to deliver the mail to the following
// recipients:" and a "Technical report:" that carries the delivery-status fields as text, with the
// remote server's reply quoted as Amazon SES quotes it.
import { anyOf, headerMatches, textMatches } from '../detect.js';
import { sesDsnRecipients } from './amazonses.js';
import type { DecodeContext, Decoded, Decoder } from '../types.js';

export const amazonworkmail: Decoder = {
  name: 'amazonworkmail',
  detect: anyOf(headerMatches('x-mailer', /^\s*Amazon WorkMail\b/i), textMatches(/^Technical report:\s*$[\s\S]{0,400}^Reporting-MTA: dsn; [\w.-]+\.amazonses\.com/m)),
  decode(ctx: DecodeContext): Decoded | null {
    if (!ctx.dsn) return null;
    return { recipients: sesDsnRecipients(ctx), reportingMta: ctx.dsn.reportingMta, arrivalDate: ctx.dsn.arrivalDate, complete: true };
  },
};
