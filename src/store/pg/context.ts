// What the PostgreSQL adapter decides with, beside its database: the same policy, return-path keys,
// clock and classifier as the SQLite side's pipeline context, and where what it writes is told
// (webhook events queued in the write's transaction, counts after the commit).
import type { Kysely, Transaction } from 'kysely';
import type { Classifier } from '../../classify/classifier.js';
import type { PolicyConfig } from '../../policy/config.js';
import type { ReturnPathKeys } from '../../return-path/keys.js';
import type { WebhookSettings } from '../../config/webhooks.js';
import type { WriteCounts } from '../../events/wire.js';
import type { Database } from '../schema.js';

export interface PgPortContext {
  readonly policy: PolicyConfig;
  readonly returnPaths: ReturnPathKeys | null;
  now(): Date;
  /** the classifier in use (read at each message: a reload of the rule files is seen) */
  classifier(): Classifier;
  /** with urls: webhook events for what this port writes are queued in the outbox */
  readonly webhook?: WebhookSettings;
  /** events were queued (and committed): the drain loop may look now */
  readonly onQueued?: () => void;
  readonly counts?: WriteCounts;
}

/** The pool, or one transaction on it. */
export type Pg = Kysely<Database>;
export type PgTx = Transaction<Database> | Kysely<Database>;
