// The dashboard's settings (section `ui`, variables REBOUND_UI_*). It is served under /ui/ on the
// HTTP API's port when `http.port` is set and at least one sign-in token is configured. Each token
// has a name (kept in the audit trail of what that person did) and a role: `viewer` reads,
// `admin` may also suppress, unsuppress, rule on the review queue and add rules to `rulesFile`.
// The signals' thresholds live here too: they are the operators' judgement, not the code's.
import { z } from 'zod';
import { keyName, parseSection } from './settings.js';
import { MIN_TOKEN_LENGTH } from './http.js';

export const UI_ROLES = ['admin', 'viewer'] as const;
export type UiRole = (typeof UI_ROLES)[number];

const tokenSchema = z.strictObject({
  /** who signs in with it (shown, and kept with each suppress/unsuppress) */
  name: z.string().trim().min(1).max(64).regex(/^[\w.@-]+$/, 'expected letters, digits, . _ @ or -'),
  role: z.enum(UI_ROLES),
  token: z.string().min(MIN_TOKEN_LENGTH, `expected at least ${MIN_TOKEN_LENGTH} characters`),
});

export const signalSettingsSchema = z.strictObject({
  /** how often the rules are evaluated by `rebound serve` (0: never; the Signals page still evaluates on view) */
  intervalSeconds: z.number().int().min(0).max(86_400).default(60),
  /** the records each rule looks at: the last this many minutes */
  windowMinutes: z.number().int().min(5).max(7 * 24 * 60).default(60),
  /** throttling: at least this many 4xx / rate-limit replies from one provider in the window */
  throttlingMin: z.number().int().min(1).default(20),
  /** list quality: the share of 5.1.x among the window's failures reaches this ... */
  listQualityShare: z.number().min(0).max(1).default(0.1),
  /** ... and this many times its share over the week before (a rise, not a steady state) */
  listQualityRise: z.number().min(1).default(2),
  /** list quality, complaints: fewer failures (records) than this in the window prove nothing */
  minRecords: z.number().int().min(1).default(20),
  /** reputation or authentication: at least this many blocks from one provider in the window */
  blockMin: z.number().int().min(1).default(5),
  /** complaints: complaints per message sent; the share of complaints among records when sentPerHour is 0 */
  complaintRate: z.number().min(0).max(1).default(0.003),
  /** messages you send per hour, for the complaint rate; 0: unknown */
  sentPerHour: z.number().int().min(0).default(0),
});

export const uiSettingsSchema = z.strictObject({
  /** who may sign in; none: the dashboard is off */
  tokens: z.array(tokenSchema).default([]),
  /** a session ends this long after sign-in */
  sessionHours: z.number().int().min(1).max(24 * 30).default(12),
  /** failed sign-ins allowed per client address per minute; then 429 until the minute is over */
  signInAttemptsPerMinute: z.number().int().min(1).max(1000).default(5),
  signals: signalSettingsSchema.default(signalSettingsSchema.parse({})),
  /** the rule file an admin adds rules to from the review queue; one of `[classify] rules`; none: no rule writing */
  rulesFile: z.string().trim().min(1).optional(),
});

export type UiSettings = z.output<typeof uiSettingsSchema>;
export type UiToken = z.output<typeof tokenSchema>;
export type SignalSettings = z.output<typeof signalSettingsSchema>;

export function parseUiSettings(input: unknown, nameOf = (p: readonly PropertyKey[]) => keyName('ui', p)): UiSettings {
  return parseSection(uiSettingsSchema, input ?? {}, nameOf);
}

export function uiEnabled(s: UiSettings | undefined): s is UiSettings {
  return !!s && s.tokens.length > 0;
}
