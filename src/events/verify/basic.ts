// HTTP Basic credentials (Postmark's webhooks carry them in the URL: https://user:pass@host/...).
import { OK, type Verified, missing, refused, secretEquals } from './equal.js';

export function verifyBasic(header: string | undefined, username: string, password: string): Verified {
  const m = header ? /^Basic[ \t]+([A-Za-z0-9+/=]+)\s*$/i.exec(header) : null;
  if (!m) return missing('HTTP Basic credentials are required');
  const text = Buffer.from(m[1]!, 'base64').toString('utf8');
  const colon = text.indexOf(':');
  const user = colon < 0 ? text : text.slice(0, colon);
  const pass = colon < 0 ? '' : text.slice(colon + 1);
  // both compared, always: the time does not tell which was wrong
  const good = [secretEquals(user, username), secretEquals(pass, password)].every(Boolean);
  return good ? OK : refused('the credentials are not valid');
}
