// The `store` section: where the SQLite database is (the global `--db` flag wins over it), and,
// for several MX hosts sharing one store, the PostgreSQL database they write to (`url`). With a
// url, the SQLite file is each host's local spool: a message is acknowledged once committed there,
// then written into PostgreSQL (pipeline/forward-to-store.ts). Without one, SQLite is the store.
import { z } from 'zod';
import { keyName, parseSection } from './settings.js';
import { DEFAULT_DB_PATH } from './db-path.js';

export { DEFAULT_DB_PATH };

export const storeSettingsSchema = z.strictObject({
  /** the SQLite file; created with its directory on first use; relative to the working directory */
  path: z.string().min(1).default(DEFAULT_DB_PATH),
  /** the shared PostgreSQL store: postgres://user:password@host:port/database (REBOUND_STORE_URL) */
  url: z
    .string()
    .regex(/^postgres(ql)?:\/\//i, 'must be a PostgreSQL URL (postgres://user@host:port/database)')
    .optional(),
});

export type StoreSettings = z.output<typeof storeSettingsSchema>;

export function parseStoreSettings(input: unknown, nameOf = (p: readonly PropertyKey[]) => keyName('store', p)): StoreSettings {
  return parseSection(storeSettingsSchema, input ?? {}, nameOf);
}
