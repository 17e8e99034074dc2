// `rebound serve`: everything that runs until it is told to stop, started in one place. Today the
// SMTP listener, its group commit and the background processing; the IMAP pollers join here.
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { ConfigError, type SmtpConfig } from './config/smtp.js';
import { GroupCommit } from './pipeline/group-commit.js';
import { ProcessLoop } from './pipeline/process-loop.js';
import { createSmtpListener } from './sources/smtp/listener.js';
import { openStore, type Store, type StoreOptions } from './store/open.js';
import { log as defaultLog } from './log.js';

export interface ServeConfig {
  dbPath: string;
  smtp: SmtpConfig;
  log?: Logger;
  /** the store's clock and policy; synchronous is always FULL here */
  store?: Omit<StoreOptions, 'synchronous'>;
}

export interface Serving {
  smtp: AddressInfo;
  store: Store;
  commits: GroupCommit;
  processing: ProcessLoop;
  /** stop accepting, finish sessions in flight (bounded), close the store; safe to call twice */
  stop(): Promise<void>;
}

export async function startServe(cfg: ServeConfig): Promise<Serving> {
  const log = cfg.log ?? defaultLog;
  const tls = cfg.smtp.tls ? readTls(cfg.smtp.tls) : undefined;
  // FULL: a spool commit is on disk before its 250
  const store = await openStore(cfg.dbPath, { ...cfg.store, synchronous: 'FULL' });
  const processing = new ProcessLoop(store, { log });
  const commits = new GroupCommit(store, {
    windowMs: cfg.smtp.commit.windowMs,
    maxBatch: cfg.smtp.commit.maxBatch,
    onCommit: () => processing.kick(),
  });
  const listener = createSmtpListener({ config: cfg.smtp, spool: (raw, meta) => commits.spool(raw, meta), log, tls, now: cfg.store?.now });
  let smtp: AddressInfo;
  try {
    smtp = await listener.listen();
  } catch (err) {
    await store.close();
    throw err;
  }
  if (!cfg.smtp.domains.length) {
    log.warn('REBOUND_SMTP_DOMAINS is empty: every recipient domain is accepted; for local trials only');
  }
  // what a previous process spooled but did not process
  processing.kick();
  log.info(
    { smtp: `${smtp.address}:${smtp.port}`, domains: cfg.smtp.domains, signedReturnPaths: cfg.smtp.returnPath.keys.length > 0, db: cfg.dbPath, tls: !!tls },
    'rebound serve started',
  );

  let stopped: Promise<void> | undefined;
  const stop = async () => {
    await listener.close();
    commits.flush();
    processing.stop();
    await store.close();
    log.info('rebound serve stopped');
  };
  return { smtp, store, commits, processing, stop: () => (stopped ??= stop()) };
}

function readTls(files: { key: string; cert: string }): { key: Buffer; cert: Buffer } {
  const read = (path: string, setting: string) => {
    try {
      return readFileSync(path);
    } catch (err) {
      throw new ConfigError(setting, `cannot read ${path}: ${(err as Error).message}`);
    }
  };
  return { key: read(files.key, 'REBOUND_SMTP_TLS_KEY'), cert: read(files.cert, 'REBOUND_SMTP_TLS_CERT') };
}
