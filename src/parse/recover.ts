// Where a report hides who failed: X-Failed-Recipients, then the returned message's
// `Received: ... for <addr>`, then its To.
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

export function recoverAddresses(m: Message, original: HeaderList | null): string[] {
  const failed = failedRecipientsHeader(m);
  if (failed.length) return failed;
  if (!original) return [];
  const own = new Set(LIST_HEADERS.flatMap((n) => headerAll(original, n)).flatMap((v) => findAddresses(v)).map((a) => a.toLowerCase()));
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
