// The `spool` section: how much a host's spool may hold before the listener says "try again later".
// Messages are acknowledged once spooled and processed after; when processing cannot keep up (or
// cannot run), the backlog grows, and past `maxBytes` a sender is answered 451 4.3.0 (it retries)
// instead of filling the disk.
import { z } from 'zod';
import { keyName, parseSection } from './settings.js';

export const spoolSettingsSchema = z.strictObject({
  /** bytes of raw messages spooled and not yet processed; past it, SMTP answers 451 4.3.0 */
  maxBytes: z.number().int().positive().default(1024 * 1024 * 1024),
});

export type SpoolSettings = z.output<typeof spoolSettingsSchema>;

export function parseSpoolSettings(input: unknown, nameOf = (p: readonly PropertyKey[]) => keyName('spool', p)): SpoolSettings {
  return parseSection(spoolSettingsSchema, input ?? {}, nameOf);
}
