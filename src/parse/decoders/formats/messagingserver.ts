// Oracle Communications / Sun Java System / iPlanet Messaging Server: "This report relates to a
// message you sent with the following header fields:", then per recipient "Recipient address:",
// "Reason:", "Diagnostic code: smtp;550 ..." and "Remote system: dns;mx.example.org (...)".
import { textDecoder } from '../text-format.js';
import { textMatches } from '../detect.js';

export const messagingserver = textDecoder({
  name: 'messagingserver',
  detect: textMatches(/This\s+report\s+relates\s+to\s+a\s+message\s+you\s+sent\s+with\s+the\s+following\s+header\s+fields:/),
  begin: [/^Your\s+message\s+(?:cannot\s+be\s+delivered|has\s+been\s+enqueued\s+and\s+undeliverable|has\s+been\s+delayed|has\s+been\s+delivered)[^\n]*$/m],
  end: [/^Delivery attempt history for your mail:/m],
  recipient: [/^\s*Recipient address:\s*<?([^\s<>@]+@[^\s<>@]+?)>?\s*$/],
  skip: [/^\s*Original address:/],
  diagnostic: [/Diagnostic code:\s*(?:[\w-]+;\s*)?([^\n]+)/, /Reason:\s*([^\n]+)/],
  blankEnds: true,
  delayed: /^Your message has been (?:enqueued and undeliverable|delayed)/m,
});
