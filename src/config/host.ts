// The `host` section: this `serve` host among several sharing one store. Its name in the hosts'
// heartbeat table and as the owner of the leases it holds (an IMAP mailbox, the scheduled exports),
// how often it beats, and how long a lease lasts without renewal: a host that dies gives its
// mailboxes and exports up to another within `leaseSeconds`.
import { hostname } from 'node:os';
import { z } from 'zod';
import { keyName, parseSection } from './settings.js';

export const hostSettingsSchema = z
  .strictObject({
    /** this host's name among those sharing the store; default: the machine's host name */
    id: z.string().trim().min(1).max(200).optional(),
    /** seconds between two heartbeats; a host is stale after three missed */
    heartbeatSeconds: z.number().int().min(1).max(3600).default(5),
    /** seconds a lease lasts unless renewed (every third of it) */
    leaseSeconds: z.number().int().min(3).max(3600).default(30),
  })
  .refine((h) => h.leaseSeconds >= 2 * h.heartbeatSeconds, { message: 'leaseSeconds must be at least twice heartbeatSeconds', path: ['leaseSeconds'] });

export type HostSettings = z.output<typeof hostSettingsSchema>;

export function parseHostSettings(input: unknown, nameOf = (p: readonly PropertyKey[]) => keyName('host', p)): HostSettings {
  return parseSection(hostSettingsSchema, input ?? {}, nameOf);
}

/** The configured id, else the machine's host name. */
export function hostIdOf(s: HostSettings): string {
  return s.id ?? hostname();
}
