// The sections of the configuration file, in the order `config print` writes them, each with the
// zod schema that validates it (the schemas live beside their parts; this is only the list).
import type { z } from 'zod';
import { storeSettingsSchema } from './store.js';
import { policyConfigSchema } from '../policy/config.js';
import { classifySettingsSchema } from './classify.js';
import { smtpConfigSchema } from './smtp.js';
import { returnPathSettingsSchema } from './return-path.js';
import { spoolSettingsSchema } from './spool.js';
import { hostSettingsSchema } from './host.js';
import { imapConfigSchema } from './imap.js';
import { httpSettingsSchema } from './http.js';
import { webhookSettingsSchema } from './webhooks.js';
import { eventsSettingsSchema } from './events.js';
import { forwardSettingsSchema } from './forward.js';
import { exportSettingsSchema } from './export.js';
import { logSettingsSchema } from './log.js';
import { uiSettingsSchema } from './ui.js';

export const SECTIONS = {
  store: storeSettingsSchema,
  policy: policyConfigSchema,
  classify: classifySettingsSchema,
  smtp: smtpConfigSchema,
  returnPath: returnPathSettingsSchema,
  spool: spoolSettingsSchema,
  host: hostSettingsSchema,
  /** a list of mailboxes: `[[imap]]` tables */
  imap: imapConfigSchema,
  http: httpSettingsSchema,
  webhook: webhookSettingsSchema,
  events: eventsSettingsSchema,
  forward: forwardSettingsSchema,
  export: exportSettingsSchema,
  ui: uiSettingsSchema,
  log: logSettingsSchema,
} as const satisfies Record<string, z.ZodType>;

export type SectionName = keyof typeof SECTIONS;
export const SECTION_NAMES = Object.keys(SECTIONS) as SectionName[];

/** The validated settings of every section. */
export type Config = { [K in SectionName]: z.output<(typeof SECTIONS)[K]> };
