// Postfix bounce(8): "<rcpt>: host mx[ip] said: 550 ... (in reply to RCPT TO command)".
import { textDecoder } from '../text-format.js';
import { anyOf, textMatches } from '../detect.js';

export const postfix = textDecoder({
  name: 'postfix',
  detect: anyOf(
    textMatches(/^This is the (?:mail system|Postfix program) at host /m),
    (ctx) => ctx.dsn?.messageFields.some(([n]) => n.startsWith('x-postfix-')) ?? false,
  ),
  begin: [/^\s*The (?:mail system|Postfix program)\s*$/m],
  recipient: [/^<([^>\s]+@[^>\s]+)>(?: \(expanded from <[^>]+>\))?:\s*(?<rest>.*)$/],
  blankEnds: true,
  delayed: /^#{4,} THIS IS A WARNING ONLY|^This is a (?:delivery status notification|warning), not an error|delayed for/m,
});
