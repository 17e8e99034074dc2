// Where a report hides who failed: X-Failed-Recipients, then the returned message's
// `Received: ... for <addr>`, then its To.
import { type HeaderList, headerAll } from './mime.js';
import type { Message } from './message.js';
import { cleanAddress, findAddresses } from './text-tools.js';

export function failedRecipientsHeader(m: Message): string[] {
  return headerAll(m.headers, 'x-failed-recipients').flatMap((v) => findAddresses(v));
}

export function recoverAddresses(m: Message, original: HeaderList | null): string[] {
  const failed = failedRecipientsHeader(m);
  if (failed.length) return failed;
  if (!original) return [];
  for (const received of headerAll(original, 'received')) {
    const f = /\bfor\s+<?([^\s<>;@]+@[^\s<>;@]+)>?/i.exec(received);
    const a = f ? cleanAddress(f[1]) : null;
    if (a) return [a];
  }
  // the returned message's To: only when it names one address (with several, which one failed is
  // not known, and naming the others would report live addresses as failed)
  const to = headerAll(original, 'to').flatMap((v) => findAddresses(v));
  return to.length === 1 ? to : [];
}
