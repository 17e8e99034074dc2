// Which environment variable sets which key. The rule: REBOUND_<SECTION>_<KEY>, the key's
// camelCase as SNAKE_CASE and nested keys joined (`smtp.commit.windowMs` is
// REBOUND_SMTP_COMMIT_WINDOW_MS), generated from each section's schema so that a new key has its
// variable at once. The names earlier releases documented stay (EXPLICIT, one name per key). The
// REBOUND_IMAP_* variables describe one mailbox: the first of the `imap` list. Keys inside a list
// of tables (`export.files`) have no variable; returnPath.keys has two of its own
// (REBOUND_VERP_KEYS, REBOUND_VERP_SECRET, read in smtp.ts).
import { SECTIONS, SECTION_NAMES, type SectionName } from './sections.js';
import { schemaKeys } from './schema-keys.js';
import type { EnvVar } from './settings.js';

const EXPLICIT: Readonly<Record<string, string>> = {
  'store.path': 'REBOUND_DB_PATH',
  'smtp.maxMessagesPerSession': 'REBOUND_SMTP_MAX_MESSAGES',
  'smtp.commit.maxBatch': 'REBOUND_SMTP_COMMIT_MAX',
  'returnPath.prefix': 'REBOUND_VERP_PREFIX',
  'returnPath.ttlDays': 'REBOUND_VERP_TTL_DAYS',
  'returnPath.unsignedLocalParts': 'REBOUND_VERP_UNSIGNED_LOCAL_PARTS',
};

/** Variables read besides the generated ones (and the test suite's switch, which set nothing here). */
export const OTHER_VARIABLES = ['REBOUND_CONFIG', 'REBOUND_VERP_KEYS', 'REBOUND_VERP_SECRET', 'REBOUND_REQUIRE_INTEGRATION'] as const;

/** `maxMessagesPerSession` → `MAX_MESSAGES_PER_SESSION` */
export function snakeCase(key: string): string {
  return key.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();
}

/** The variables of one section; their paths are within the section (for imap: within a mailbox). */
export function envVarsOf(section: SectionName): EnvVar[] {
  const vars: EnvVar[] = [];
  for (const k of schemaKeys(SECTIONS[section])) {
    if (k.kind === 'tables' || (k.inList && section !== 'imap')) continue;
    const name = EXPLICIT[[section, ...k.path].join('.')] ?? `REBOUND_${snakeCase(section)}_${k.path.map(snakeCase).join('_')}`;
    vars.push({ name, path: k.path, kind: k.kind });
  }
  return vars;
}

/** Every variable name that sets something. */
export function allVariableNames(): Set<string> {
  return new Set([...SECTION_NAMES.flatMap((s) => envVarsOf(s).map((v) => v.name)), ...OTHER_VARIABLES]);
}
