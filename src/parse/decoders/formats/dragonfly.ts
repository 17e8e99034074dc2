// DragonFly Mail Agent (dma), the small MTA of DragonFly BSD and others:
//   "This is the DragonFly Mail Agent v0.13 at host." / "There was an error delivering your mail to <rcpt>."
//   then dma's own sentence or "mx [ip] did not like our RCPT TO:" and the server's reply,
//   and "Message headers follow." or "Original message follows.".
import { textDecoder } from '../text-format.js';
import { anyOf, headerMatches, textMatches } from '../detect.js';

export const dragonfly = textDecoder({
  name: 'dragonfly',
  detect: anyOf(textMatches(/^This is the DragonFly Mail Agent\b/m), headerMatches('received', /\(DragonFly Mail Agent\b/)),
  begin: [/^This is the DragonFly Mail Agent\b/m],
  end: [/^(?:Message headers|Original message) follows?\.[ \t]*$/m],
  // the sentence, or its start when the text was wrapped before the address (named by the next
  // line that has one)
  recipient: [/^There was an error delivering your mail to <([^<>\s@]+@[^<>\s@]+)>\.?\s*$/, /^There was an error delivering\b(?<pending>)/],
  rename: [/<([^<>\s@]+@[^<>\s@]+)>/],
  diagnostic: [/did not like our [^:\n]*:\s*([\s\S]+)/],
  // dma's own sentences (dma.c, dns.c), when no server replied
  reasons: [
    [/Could not deliver for the last \d+ seconds\. Giving up/i, 'expired'],
    [/DNS lookup failure: host \S+ not found/i, 'hostunknown'],
    [/unable to connect to any MX|can not (?:connect|resolve)/i, 'networkerror'],
  ],
});
