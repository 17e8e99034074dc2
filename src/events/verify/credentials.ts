// Services that authenticate their webhooks with a secret the user sets on the webhook (SparkPost,
// Brevo): HTTP Basic credentials, or a token in a header. Either form that is configured is
// accepted; no credentials at all is a 401, wrong ones a 403.
import { verifyBasic } from './basic.js';
import { OK, type Verified, missing, refused, secretEquals } from './equal.js';

export interface WebhookCredentials {
  basic?: { username: string; password: string };
  /** the header carrying the token (lower case) and the token; `authorization` takes `Bearer <token>` */
  token?: { header: string; value: string };
}

type Headers = Record<string, string | string[] | undefined>;

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

export function verifyCredentials(c: WebhookCredentials, headers: Headers): Verified {
  const authorization = first(headers.authorization);
  if (c.token) {
    const given = tokenOf(c.token.header, first(headers[c.token.header]));
    if (given !== undefined) return secretEquals(given, c.token.value) ? OK : refused('the token is not valid');
  }
  if (c.basic && authorization && /^Basic\s/i.test(authorization)) return verifyBasic(authorization, c.basic.username, c.basic.password);
  if (authorization && c.token?.header !== 'authorization') return refused('these credentials are not the configured kind');
  return missing(c.basic && c.token ? 'HTTP Basic credentials or a token are required' : c.basic ? 'HTTP Basic credentials are required' : `a token in ${c.token?.header} is required`);
}

/** The token a header gives: in `Authorization`, only a bearer token counts. */
function tokenOf(header: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (header !== 'authorization') return value.trim();
  const m = /^Bearer[ \t]+(\S+)\s*$/i.exec(value);
  return m ? m[1] : undefined;
}
