// Where a report hides who failed: X-Failed-Recipients, then a subject that names one address, then
// the returned message's `Received: ... for <addr>`, then its To.
import { type HeaderList, headerAll } from './mime.js';
import type { Message } from './message.js';
import { cleanAddress, findAddresses } from './text-tools.js';

export function failedRecipientsHeader(m: Message): string[] {
  return headerAll(m.headers, 'x-failed-recipients').flatMap((v) => findAddresses(v));
}

// headers of the returned message that name its list: a list's post is addressed To the list
// itself, which List-Post and X-BeenThere name, and the list is never the failed recipient. (Not
// From or Return-Path: a message sent to its own author fails for that address like any other.)
const LIST_HEADERS = ['list-post', 'list-owner', 'list-help', 'list-subscribe', 'list-unsubscribe', 'x-beenthere', 'x-mailing-list', 'mailing-list'];
// a list's bounce address names the list: "devel-bounces@d" (Mailman), "devel-return-12-…@d"
// (ezmlm), "owner-devel@d" (Majordomo, LISTSERV), "devel-owner@d", "devel-request@d"
const LIST_BOUNCE_ADDRESS = [/^(.+?)-(?:bounces?|owner|request|admin|return)(?:[-+=][^@]*)?@(.+)$/i, /^owner-(.+?)@(.+)$/i];

/** The addresses of the list a returned post went through, never its failed recipient: what the
 * returned message's list headers name, and the list whose bounce address the report was sent to. */
export function listAddresses(m: Message, original: HeaderList | null): Set<string> {
  const out = new Set(LIST_HEADERS.flatMap((n) => headerAll(original ?? [], n)).flatMap((v) => findAddresses(v)).map((a) => a.toLowerCase()));
  for (const to of headerAll(m.headers, 'to').flatMap((v) => findAddresses(v))) {
    for (const re of LIST_BOUNCE_ADDRESS) {
      const x = re.exec(to);
      if (x) out.add(`${x[1]}@${x[2]}`.toLowerCase());
    }
  }
  return out;
}

// a report's subject that is a failure's name and one address: "Delivery failure: a@b" (Mercury and
// others name the recipient there only); not "Undeliverable: Lunch with a@b" (the returned subject)
const SUBJECT_NAMES_RECIPIENT = /^[^:]{0,60}\b(?:fail\w*|undeliver\w*|not delivered|non[- ]?delivery|returned mail|bounced?)\b[^:]{0,30}:\s*<?([^\s<>@]+@[^\s<>@]+?)>?\s*$/i;

export function recoverAddresses(m: Message, original: HeaderList | null): string[] {
  const failed = failedRecipientsHeader(m);
  if (failed.length) return failed;
  const named = SUBJECT_NAMES_RECIPIENT.exec(m.subject);
  const fromSubject = named ? cleanAddress(named[1]) : null;
  if (fromSubject) return [fromSubject];
  if (!original) return [];
  const own = listAddresses(m, original);
  for (const received of headerAll(original, 'received')) {
    const f = /\bfor\s+<?([^\s<>;@]+@[^\s<>;@]+)>?/i.exec(received);
    const a = f ? cleanAddress(f[1]) : null;
    if (a && !own.has(a.toLowerCase())) return [a];
  }
  // the returned message's To: only when it names one address (with several, which one failed is
  // not known, and naming the others would report live addresses as failed)
  const to = headerAll(original, 'to').flatMap((v) => findAddresses(v));
  return to.length === 1 && !own.has(to[0]!.toLowerCase()) ? to : [];
}
