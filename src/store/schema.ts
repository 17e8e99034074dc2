// The database's shape, as Kysely sees it. Times are ISO-8601 UTC strings (`toISOString()`), so
// they sort and compare as text. The migrations in ./migrations create exactly these tables.
import type { Generated, Insertable, Selectable } from 'kysely';

export type MessageStatus = 'pending' | 'parsed' | 'failed';
export type MessageSource = 'smtp' | 'imap' | 'file' | 'stdin' | 'http' | 'event';
export type MessageOrigin = 'signed' | 'unsigned';
export type SuppressionType = 'hard' | 'soft' | 'complaint' | 'manual';

export interface MessagesTable {
  id: Generated<number>;
  sha256: string;
  size: number;
  source: MessageSource;
  source_ref: string | null;
  envelope_from: string | null;
  /** JSON array of addresses */
  envelope_to: string | null;
  return_path_recipient: string | null;
  /** 'signed': came to a valid signed return path; 'unsigned': to a role address while they are required */
  origin: MessageOrigin | null;
  received_at: string;
  spooled_at: string;
  status: MessageStatus;
  parser_version: string | null;
  processed_at: string | null;
  kind: string | null;
  format: string | null;
  reporting_mta: string | null;
  /** the report's own Message-ID */
  message_id: string | null;
  subject: string | null;
  feedback_type: string | null;
  /** JSON array of the parser's problems */
  problems: string;
  /** what the bytes are: null for a mail message, else the sending service whose event they are (`ses`, `sendgrid`, ...) */
  raw_format: string | null;
  /** `<provider>:<the provider's event id>` for an event: unique, so a retried delivery is a duplicate */
  event_key: string | null;
}

export interface MessageRawTable {
  message_id: number;
  raw: Buffer;
}

export interface BouncesTable {
  id: Generated<number>;
  message_id: number;
  /** normalised address (the key) */
  recipient: string;
  /** the address as the report (or the return path) gave it */
  recipient_reported: string;
  domain: string;
  /** the report's kind: bounce, delay, delivery-report, complaint, auto-reply, not-bounce */
  kind: string;
  action: string | null;
  status: string | null;
  smtp_code: number | null;
  type: string | null;
  reason: string;
  remote_mta: string | null;
  diagnostic: string | null;
  command: string | null;
  /** the rule that decided the reason: `builtin:userunknown#phrase-12`, `rules/local.toml:7`; null before migration 0006 */
  rule: string | null;
  reporting_mta: string | null;
  original_message_id: string | null;
  feedback_type: string | null;
  /** 1 when the recipient came from the VERP return path, not from the report */
  from_return_path: number;
  /** 0 when signed return paths are required and the message does not vouch for this address (origin.ts) */
  vouched: Generated<number>;
  event_at: string;
}

export interface SuppressionsTable {
  id: Generated<number>;
  address: string;
  domain: string;
  type: SuppressionType;
  reason: string;
  suppressed_at: string;
  first_event_at: string;
  last_event_at: string;
  event_count: number;
  bounce_id: number | null;
  expires_at: string | null;
  lifted_at: string | null;
  note: string | null;
}

export interface SoftStateTable {
  address: string;
  /** JSON array of the counted soft-bounce times still inside the window, sorted */
  events: string;
  /** counted soft bounces since the state was last cleared */
  total: number;
  last_reason: string | null;
  last_event_at: string | null;
  cleared_at: string | null;
}

export interface ManualActionsTable {
  id: Generated<number>;
  address: string;
  action: 'suppress' | 'unsuppress';
  text: string | null;
  at: string;
  /** who did it: `cli`, `api`, `ui:<name>` (migration 0009; null before it) */
  actor: Generated<string | null>;
}

export interface ImapStateTable {
  /** `user@host/mailbox` */
  mailbox: string;
  uidvalidity: number;
  /** every message up to this UID has been dealt with (ingested and acted on, or skipped) */
  last_uid: number;
  updated_at: string;
}

export type SnsSubscriptionState = 'pending' | 'confirmed' | 'failed';

export interface SnsSubscriptionsTable {
  topic_arn: string;
  subscribe_url: string;
  sns_message_id: string;
  received_at: string;
  state: SnsSubscriptionState;
  confirmed_at: string | null;
  error: string | null;
}

export type OutboxState = 'pending' | 'delivered' | 'dead';

export interface WebhookOutboxTable {
  id: Generated<number>;
  /** one event sent to several URLs has one event_id */
  event_id: string;
  event_type: string;
  url: string;
  /** the JSON body, exactly as signed and sent */
  body: string;
  created_at: string;
  state: OutboxState;
  attempts: number;
  next_attempt_at: string;
  last_attempt_at: string | null;
  /** HTTP status of the last attempt; null when it got no answer */
  last_status: number | null;
  last_error: string | null;
  /** delivered or given up */
  done_at: string | null;
}

/** The dashboard's roll-ups (migration 0009), kept by triggers on `bounces` */
export interface StatsHourlyTable {
  /** `2024-05-01T08` */
  hour: string;
  /** hard, soft, complaint, other */
  bucket: string;
  n: number;
}

/** Suppressions made per day by type, and lifted per day (`lifted`): migration 0013 */
export interface StatsSuppressionsTable {
  day: string;
  kind: string;
  n: number;
}

export interface StatsDailyTable {
  day: string;
  /** `rcpt` (key: remote MTA, tab, domain) or `why` (reason, tab, reply code, tab, enhanced status) */
  dim: string;
  key: string;
  hard: number;
  soft: number;
  complaint: number;
  other: number;
}

/** A signal raised by the dashboard's rules (src/signals/), cleared when it no longer holds */
export interface AlertsTable {
  id: Generated<number>;
  /** `signal:subject`: one open alert per key */
  key: string;
  signal: string;
  subject: string;
  /** JSON: what the rule saw */
  detail: string;
  raised_at: string;
  /** the first record behind it */
  started_at: string;
  cleared_at: string | null;
}

/** A message of the review queue a person has ruled on */
export interface ReviewMarksTable {
  message_id: number;
  verdict: 'not-bounce';
  note: string | null;
  by: string;
  at: string;
}

export interface Database {
  messages: MessagesTable;
  message_raw: MessageRawTable;
  bounces: BouncesTable;
  suppressions: SuppressionsTable;
  soft_state: SoftStateTable;
  manual_actions: ManualActionsTable;
  imap_state: ImapStateTable;
  webhook_outbox: WebhookOutboxTable;
  sns_subscriptions: SnsSubscriptionsTable;
  stats_hourly: StatsHourlyTable;
  stats_daily: StatsDailyTable;
  stats_suppressions: StatsSuppressionsTable;
  alerts: AlertsTable;
  review_marks: ReviewMarksTable;
}

export type MessageRow = Selectable<MessagesTable>;
export type NewMessage = Insertable<MessagesTable>;
export type BounceRow = Selectable<BouncesTable>;
export type NewBounce = Insertable<BouncesTable>;
export type SuppressionRow = Selectable<SuppressionsTable>;
export type NewSuppression = Insertable<SuppressionsTable>;
export type SoftStateRow = Selectable<SoftStateTable>;
export type ManualActionRow = Selectable<ManualActionsTable>;
export type ImapStateRow = Selectable<ImapStateTable>;
export type OutboxRow = Selectable<WebhookOutboxTable>;
export type NewOutboxRow = Insertable<WebhookOutboxTable>;
export type SnsSubscriptionRow = Selectable<SnsSubscriptionsTable>;
export type AlertRow = Selectable<AlertsTable>;
