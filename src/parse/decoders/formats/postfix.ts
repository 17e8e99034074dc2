// Postfix bounce(8): "<rcpt>: host mx[ip] said: 550 ... (in reply to RCPT TO command)".
import { textDecoder } from '../text-format.js';
import { anyOf, subjectMatches, textMatches } from '../detect.js';
import { readTranscript } from '../transcript.js';
import type { DecodeContext, Decoded, Decoder } from '../types.js';

export const postfix = textDecoder({
  name: 'postfix',
  detect: anyOf(
    textMatches(/^This is the (?:mail system|Postfix program) at host /m),
    (ctx) => ctx.dsn?.messageFields.some(([n]) => n.startsWith('x-postfix-')) ?? false,
  ),
  begin: [/^\s*The (?:mail system|Postfix program)\s*$/m],
  // a local part Postfix had to quote may hold spaces: <"joe bloggs"@example.org>
  recipient: [/^<((?:"[^"\n]{1,64}"|[^>\s@]+)@[^>\s@]+)>(?: \(expanded from <(?<alias>[^>]+)>\))?:\s*(?<rest>.*)$/],
  blankEnds: true,
  // its warning is framed in #s: "# THIS IS A WARNING ONLY.  YOU DO NOT NEED TO RESEND YOUR MESSAGE. #"
  delayed: /^#+ ?THIS IS A WARNING ONLY|^This is a (?:delivery status notification|warning), not an error|delayed for|will be retried until/m,
  reasons: [
    // the recipient's whole text is Postfix's own verdict, no server's reply: its local or virtual
    // delivery agent found no such user ("unknown user", later "unknown user: \"name\"")
    [/^\s*unknown user(?::\s*"[^"\n]*")?\.?\s*$/i, 'userunknown'],
  ],
});

// Postfix's notice to the postmaster ("Postfix SMTP server: errors from ...") quotes the session
// " In:  RCPT TO:<...>" / " Out: 451 4.3.0 ...": the recipients are those of RCPT TO.
export const postfixSmtpd: Decoder = {
  name: 'postfix',
  detect: subjectMatches(/^Postfix SMTP server: errors from /),
  decode({ m }: DecodeContext): Decoded | null {
    const failures = readTranscript(m.text);
    const failure = failures[failures.length - 1];
    if (!failure) return null;
    const addresses = [...m.text.matchAll(/^\s*In:\s+RCPT\s+TO:\s*<([^>]+)>/gim)].map((x) => x[1]);
    const recipients = addresses.map((address) => ({
      address,
      diagnostic: failure.reply,
      command: failure.command,
      action: failure.reply.startsWith('4') ? ('delayed' as const) : ('failed' as const),
    }));
    return { recipients };
  },
};
