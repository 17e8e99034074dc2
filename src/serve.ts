// `rebound serve`: everything that runs until it is told to stop, started in one place: the SMTP
// listener with its spooler (group commit and background processing, on a worker thread), and the
// IMAP pollers of the configured mailboxes (they ingest through a store connection of their own,
// and move a message only once its commit is durable).
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { ConfigError } from './config/error.js';
import type { SmtpConfig } from './config/smtp.js';
import type { Spooler } from './pipeline/spooler.js';
import { openInlineSpooler } from './pipeline/spooler-inline.js';
import { openWorkerSpooler, spoolWorkerAvailable } from './pipeline/spooler-worker.js';
import { createSmtpListener } from './sources/smtp/listener.js';
import { openStore, type Store, type StoreOptions } from './store/open.js';
import type { MailboxConfig } from './config/imap.js';
import { startPollers, type Pollers } from './sources/imap/index.js';
import { log as defaultLog } from './log.js';

export interface ServeConfig {
  dbPath: string;
  smtp: SmtpConfig;
  /** IMAP mailboxes to watch; none: no pollers */
  imap?: readonly MailboxConfig[];
  log?: Logger;
  /** the store's policy (and, inline only, its clock) */
  store?: Omit<StoreOptions, 'synchronous'>;
  /** where the database work runs; default: a worker thread when the compiled worker is there */
  spooler?: 'worker' | 'inline';
  /** the spooler died (the listener answers 451 from then on): the caller should stop */
  onFatal?: (err: Error) => void;
}

export interface Serving<S extends Spooler = Spooler> {
  smtp: AddressInfo;
  spooler: S;
  /** the IMAP pollers, when mailboxes are configured */
  pollers?: Pollers;
  /** stop accepting, finish sessions in flight (bounded), close the store; safe to call twice */
  stop(): Promise<void>;
}

export async function startServe(cfg: ServeConfig): Promise<Serving> {
  const log = cfg.log ?? defaultLog;
  const tls = cfg.smtp.tls ? readTls(cfg.smtp.tls) : undefined;
  const mode = cfg.spooler ?? (spoolWorkerAvailable() && !cfg.store?.now ? 'worker' : 'inline');
  const spoolerOpts = { dbPath: cfg.dbPath, windowMs: cfg.smtp.commit.windowMs, maxBatch: cfg.smtp.commit.maxBatch, store: cfg.store, log };
  const spooler = mode === 'worker' ? await openWorkerSpooler(spoolerOpts) : await openInlineSpooler(spoolerOpts);
  spooler.onFatal((err) => {
    log.fatal({ err: err.message }, 'the spooler died: messages can no longer be stored');
    cfg.onFatal?.(err);
  });
  const listener = createSmtpListener({ config: cfg.smtp, spool: (raw, meta) => spooler.spool(raw, meta), log, tls, now: cfg.store?.now });
  let smtp: AddressInfo;
  try {
    smtp = await listener.listen();
  } catch (err) {
    await spooler.close();
    throw err;
  }
  let imapStore: Store | undefined;
  let pollers: Pollers | undefined;
  if (cfg.imap?.length) {
    // FULL (the default): a message is moved or deleted only once its commit is durable
    imapStore = await openStore(cfg.dbPath, cfg.store);
    pollers = startPollers(imapStore, cfg.imap, { logger: log });
  }
  if (!cfg.smtp.domains.length) {
    log.warn('REBOUND_SMTP_DOMAINS is empty: every recipient domain is accepted; for local trials only');
  }
  log.info(
    {
      smtp: `${smtp.address}:${smtp.port}`,
      domains: cfg.smtp.domains,
      signedReturnPaths: cfg.smtp.returnPath.keys.length > 0,
      db: cfg.dbPath,
      tls: !!tls,
      spooler: spooler.mode,
      imapMailboxes: cfg.imap?.map((m) => m.name) ?? [],
    },
    'rebound serve started',
  );

  let stopped: Promise<void> | undefined;
  const stop = async () => {
    // both finish what they have in hand: the SMTP sessions in flight, the IMAP batch
    await Promise.all([listener.close(), pollers?.stop()]);
    await spooler.close();
    await imapStore?.close();
    log.info('rebound serve stopped');
  };
  return { smtp, spooler, pollers, stop: () => (stopped ??= stop()) };
}

function readTls(files: { key: string; cert: string }): { key: Buffer; cert: Buffer } {
  const read = (path: string, setting: string) => {
    try {
      return readFileSync(path);
    } catch (err) {
      throw new ConfigError(`cannot read ${path}: ${(err as Error).message}`, setting);
    }
  };
  return { key: read(files.key, 'REBOUND_SMTP_TLS_KEY'), cert: read(files.cert, 'REBOUND_SMTP_TLS_CERT') };
}
