// How a mailbox's connection is protected: the TLS options given to imapflow, and the warnings
// for settings that weaken it. A password or token crosses the network in clear only when the
// user allowed it (allowPlaintext, by default on a loopback host only): otherwise a plain
// connection must be upgraded by STARTTLS, and a server that does not offer it is refused before
// any credential is sent.
import { rootCertificates } from 'node:tls';
import type { ImapFlowOptions } from 'imapflow';
import type { Logger } from 'pino';
import type { MailboxConfig } from '../../config/imap.js';
import { isLoopbackHost } from '../../config/loopback.js';
import { readCaBundle } from '../../config/pem.js';

export function tlsOptions(cfg: MailboxConfig): Pick<ImapFlowOptions, 'tls' | 'doSTARTTLS'> {
  return {
    tls: {
      rejectUnauthorized: cfg.tlsRejectUnauthorized,
      // read for each connection: a renewed bundle is used without a restart. `ca` replaces the
      // CAs Node trusts by default, so they are given too: the private CA is trusted besides them
      ...(cfg.tlsCaFile ? { ca: [...rootCertificates, caBundle(cfg.tlsCaFile)] } : {}),
    },
    // undefined: STARTTLS when offered, else plain; true: STARTTLS or no login (secure and
    // doSTARTTLS together are refused by imapflow)
    ...(cfg.secure || cfg.allowPlaintext ? {} : { doSTARTTLS: true }),
  };
}

function caBundle(path: string): string {
  try {
    return readCaBundle(path);
  } catch (err) {
    throw new Error(`tlsCaFile ${path}: ${(err as Error).message}`);
  }
}

/** Say at start what weakens a mailbox's connection. */
export function warnInsecure(cfg: MailboxConfig, log: Logger): void {
  if (!cfg.tlsRejectUnauthorized) {
    log.warn({ mailbox: cfg.name }, "imap TLS certificates are not checked (tlsRejectUnauthorized = false): anyone on the path can read the login; for tests only");
  }
  if (!cfg.secure && cfg.allowPlaintext && !isLoopbackHost(cfg.host)) {
    log.warn({ mailbox: cfg.name }, 'imap login may be sent without TLS when the server offers no STARTTLS (allowPlaintext = true)');
  }
}
