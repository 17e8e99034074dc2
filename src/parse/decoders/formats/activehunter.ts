// Active!Hunter (a content-filter gateway) writes Sendmail-like reports: ">>> a@b <a@b>" under
// "The following addresses had permanent fatal errors", then the inner server's reply under
// "Transcript of session follows".
import { textDecoder } from '../text-format.js';
import { anyOf, hasHeader, headerMatches } from '../detect.js';

export const activehunter = textDecoder({
  name: 'activehunter',
  detect: anyOf(hasHeader('x-ahmailid'), headerMatches('content-type', /Active!Hunter/i)),
  begin: [/^\s*-{3,} The following addresses had permanent fatal errors -{3,}/m],
  recipient: [/^>>> <?([^\s<>@]+@[^\s<>@]+?)>?(?:\s+<[^>]*>)?\s*$/],
  skip: [/^\s*-{3,} Transcript of session follows -{3,}/],
});
