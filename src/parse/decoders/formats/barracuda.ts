// Barracuda Spam (& Virus) Firewall: "Your message to: a@b was blocked by our Spam Firewall. The
// email you sent with the following subject has NOT BEEN DELIVERED". The firewall refuses a message
// it has already received: the refusal comes after DATA.
import { textDecoder } from '../text-format.js';
import { anyOf, subjectMatches, textMatches } from '../detect.js';

export const barracuda = textDecoder({
  name: 'barracuda',
  detect: anyOf(
    subjectMatches(/^\*\*Message you sent blocked by our bulk email filter\*\*/i),
    textMatches(/was blocked by (?:our|the) (?:Barracuda )?Spam (?:& Virus )?Firewall/),
  ),
  recipient: [/^Your message to:\s*<?([^\s<>@]+@[^\s<>@]+?)>?\s*$/],
  command: 'DATA',
});
