// What SES-through-SNS needs from the network: the signing certificate named by SigningCertURL
// (fetched once per URL and kept), and a GET of a SubscribeURL to confirm a subscription. Both
// only over HTTPS, only from a host matching the configured pattern (by default SNS's own
// `sns.<region>.amazonaws.com`): a message cannot make Rebound fetch, or trust, anything else.
import { get } from 'node:https';
import { readCaBundle } from '../config/pem.js';
import { rootCertificates } from 'node:tls';

export interface SnsFetchOptions {
  hostPattern: string;
  /** a PEM file of extra CAs to trust (tests, a private SNS) */
  caFile?: string;
  timeoutMs: number;
}

export interface SnsFetcher {
  /** the URL is one Rebound may fetch from; else why not */
  check(url: string): string | null;
  /** the certificate (PEM) at a SigningCertURL; rejects when it cannot be had */
  certificate(url: string): Promise<string>;
  /** GET a SubscribeURL; rejects unless it answers 2xx */
  confirm(url: string): Promise<void>;
}

const MAX_BYTES = 64 * 1024;

export function snsFetcher(opts: SnsFetchOptions): SnsFetcher {
  const host = new RegExp(opts.hostPattern);
  const ca = opts.caFile ? [...rootCertificates, readCaBundle(opts.caFile)] : undefined;
  const certs = new Map<string, Promise<string>>();

  const check = (url: string): string | null => {
    let u: URL;
    try {
      u = new URL(url);
    } catch {
      return `not a URL: ${url}`;
    }
    if (u.protocol !== 'https:') return `not HTTPS: ${url}`;
    if (!host.test(u.hostname)) return `not an SNS host (${u.hostname})`;
    return null;
  };

  const fetchText = (url: string): Promise<{ status: number; text: string }> =>
    new Promise((resolve, reject) => {
      const req = get(url, { ca, timeout: opts.timeoutMs }, (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          size += c.length;
          if (size > MAX_BYTES) req.destroy(new Error(`more than ${MAX_BYTES} bytes`));
          else chunks.push(c);
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      });
      req.on('timeout', () => req.destroy(new Error(`no answer within ${opts.timeoutMs} ms`)));
      req.on('error', reject);
    });

  return {
    check,
    certificate(url) {
      const why = check(url);
      if (why) return Promise.reject(new Error(why));
      let p = certs.get(url);
      if (!p) {
        p = fetchText(url).then(({ status, text }) => {
          if (status !== 200) throw new Error(`HTTP ${status} for ${url}`);
          if (!text.includes('-----BEGIN CERTIFICATE-----')) throw new Error(`not a PEM certificate at ${url}`);
          return text;
        });
        certs.set(url, p);
        // a failure is not kept: the next message tries again
        p.catch(() => certs.delete(url));
      }
      return p;
    },
    async confirm(url) {
      const why = check(url);
      if (why) throw new Error(why);
      const { status } = await fetchText(url);
      if (status < 200 || status >= 300) throw new Error(`HTTP ${status}`);
    },
  };
}
