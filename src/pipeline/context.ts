// What the pipeline decides with, beside the store it writes to: the suppression policy, the
// signed return paths' keys and the clock. The store handle is persistence only; every entry point
// (CLI, serve, the spool worker, tests) builds one context, so all decide by the same rules and a
// test can fix the time in one place.
import type { Store } from '../store/open.js';
import { type PolicyConfig, type PolicyConfigInput, parsePolicyConfig } from '../policy/config.js';
import type { ReturnPathKeys } from '../return-path/keys.js';
import type { StorePort } from '../store/port.js';
import { sqlitePort } from '../store/sqlite-port.js';

export type { ReturnPathKeys };

export interface PipelineContext {
  readonly store: Store;
  /** the same store as an asynchronous port: what sources, the API and the loops call */
  readonly port: StorePort;
  readonly policy: PolicyConfig;
  /** null: return paths are neither read nor checked */
  readonly returnPaths: ReturnPathKeys | null;
  now(): Date;
}

/** What a context is made of; plain data but the clock (so it crosses to the spool worker without it). */
export interface ContextOptions {
  /** suppression policy; defaults from src/policy/config.ts */
  policy?: PolicyConfigInput;
  returnPaths?: ReturnPathKeys | null;
  /** the clock; default `() => new Date()` */
  now?: () => Date;
}

/**
 * `portOf`: the store the port writes to, when it is not this SQLite handle (a shared PostgreSQL
 * store: store/pg/context-port.ts); the handle then is the host's local spool.
 */
export function pipelineContext(store: Store, opts: ContextOptions = {}, portOf: (ctx: PipelineContext) => StorePort = sqlitePort): PipelineContext {
  let port: StorePort | undefined;
  const ctx: PipelineContext = {
    store,
    get port() {
      return (port ??= portOf(ctx));
    },
    policy: parsePolicyConfig(opts.policy ?? {}),
    returnPaths: opts.returnPaths ?? null,
    now: opts.now ?? (() => new Date()),
  };
  return ctx;
}
