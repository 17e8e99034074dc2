// Ipswitch IMail Server (X-Mailer: <SMTP32 v...>): "Undeliverable Mail" with one line per recipient,
// "<reason>: <rcpt>" ("Unknown user: a@b", "User mailbox exceeds allowed size: a@b", "Delivery failed
// 20 attempts: a@b"), or "undeliverable to <rcpt>" followed by "Body of message generated response:"
// and the remote server's reply; "Original message follows." then the copy.
import { textDecoder } from '../text-format.js';
import { allOf, anyOf, headerMatches, subjectMatches, textMatches } from '../detect.js';
import { ORIGINAL_MARKERS } from '../markers.js';

export const imailserver = textDecoder({
  name: 'imailserver',
  detect: allOf(
    anyOf(headerMatches('x-mailer', /^\s*<SMTP32 v[\d.]+>/i), subjectMatches(/^Undeliverable Mail\s*$/i)),
    textMatches(/^(?:Unknown user|Invalid final delivery userid|User mailbox exceeds allowed size|Delivery failed \d+ attempts|Unknown host|Requested action not taken|undeliverable to)\b|^[A-Z][^:\n]{2,80}: *<?[^\s<>@]+@[^\s<>@]+>? *$/m),
  ),
  end: [/^Original message follows\.\s*$/m, ...ORIGINAL_MARKERS],
  // group 1 (in the look-ahead) is the address, `rest` the reason in front of it
  recipient: [
    /^(?!(?:From|To|Cc|Bcc|Reply-To|Sender|Return-Path|Delivered-To|X-[\w-]+)\s*:)(?=[^:\n]{3,80}:\s*<?([^\s<>@]+@[^\s<>@]+?)>?\s*$)(?<rest>[A-Z][^:\n]{2,80}):/i,
    /^undeliverable to <?([^\s<>@]+@[^\s<>@]+?)>?\s*$/i,
  ],
  diagnostic: [/Body of message generated response:\s*([\s\S]+)/i],
  // IMail's own sentences
  reasons: [
    [/^Unknown user|^Invalid final delivery userid/m, 'userunknown'],
    [/^Unknown host/m, 'hostunknown'],
    [/^User mailbox exceeds allowed size/m, 'mailboxfull'],
    [/^Delivery failed \d+ attempts/m, 'expired'],
    [/Requested action not taken: virus detected/i, 'virusdetected'],
  ],
});
