// RFC 8098 message disposition notifications (read receipts): a message was displayed, deleted,
// ... They say nothing about delivery failing, even when sent with Auto-Submitted.
import { header } from '../mime.js';
import type { DecodeContext } from './types.js';

export function isReadReceipt({ m }: DecodeContext): boolean {
  if (/report-type\s*=\s*"?disposition-notification/i.test(header(m.headers, 'content-type') ?? '')) return true;
  for (const part of m.root.children) if (part.type === 'message/disposition-notification') return true;
  return false;
}
