// The `store` section: where the SQLite database is. The global `--db` flag wins over it.
import { z } from 'zod';
import { keyName, parseSection } from './settings.js';

export const DEFAULT_DB_PATH = './data/rebound.db';

export const storeSettingsSchema = z.strictObject({
  /** the SQLite file; created with its directory on first use; relative to the working directory */
  path: z.string().min(1).default(DEFAULT_DB_PATH),
});

export type StoreSettings = z.output<typeof storeSettingsSchema>;

export function parseStoreSettings(input: unknown, nameOf = (p: readonly PropertyKey[]) => keyName('store', p)): StoreSettings {
  return parseSection(storeSettingsSchema, input ?? {}, nameOf);
}
