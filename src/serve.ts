// `rebound serve`: everything that runs until it is told to stop, started in one place. Today the
// SMTP listener and the spooler (group commit and background processing, on a worker thread);
// the IMAP pollers join here and spool through the same spooler.
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { ConfigError } from './config/error.js';
import type { SmtpConfig } from './config/smtp.js';
import type { Spooler } from './pipeline/spooler.js';
import { openInlineSpooler } from './pipeline/spooler-inline.js';
import { openWorkerSpooler, spoolWorkerAvailable } from './pipeline/spooler-worker.js';
import { createSmtpListener } from './sources/smtp/listener.js';
import type { StoreOptions } from './store/open.js';
import { log as defaultLog } from './log.js';

export interface ServeConfig {
  dbPath: string;
  smtp: SmtpConfig;
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
    },
    'rebound serve started',
  );

  let stopped: Promise<void> | undefined;
  const stop = async () => {
    await listener.close();
    await spooler.close();
    log.info('rebound serve stopped');
  };
  return { smtp, spooler, stop: () => (stopped ??= stop()) };
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
