export * from './parser-api.js';
export { normalizeAddress, readAddress, parseAddress, AddressError, addressKey, domainKey, type Address } from './address.js';
export { openStore, migrate, DEFAULT_DB_PATH, type Store, type StoreOptions, type SyncMode } from './store/open.js';
export type { Database, MessageSource, MessageStatus, SuppressionType, SuppressionRow, BounceRow, MessageRow } from './store/schema.js';
export {
  ingest,
  spoolRaw,
  processPending,
  type IngestMeta,
  type IngestResult,
  type SpoolResult,
  type ProcessResult,
} from './pipeline/ingest.js';
export { reparse, type ReparseResult } from './pipeline/reparse.js';
export { DEFAULT_POLICY, parsePolicyConfig, policyConfigSchema, type PolicyConfig, type PolicyConfigInput } from './policy/config.js';
export { suppressAddress, unsuppressAddress } from './policy/manual.js';
export { checkAddress, addressHistory, type CheckResult, type History } from './policy/check.js';
export { exportSuppressions, type ExportOptions } from './export/export.js';
export { FORMATS, formatSuppressions, type ExportFormat } from './export/formats.js';
export { computeStats, type Stats } from './stats/stats.js';
export { readInputs, type InputItem } from './sources/files/read-inputs.js';
export {
  makeReturnPath,
  readReturnPath,
  type MakeReturnPathOptions,
  type ReadReturnPathOptions,
  type ReturnPathResult,
  type ReturnPathFailure,
} from './return-path/return-path.js';
export { ConfigError } from './config/error.js';
export { loadConfig, type Config, type LoadedConfig, type LoadOptions, type ConfigSource } from './config/load.js';
export { parseSmtpConfig, smtpConfigSchema, type SmtpConfig, type SmtpConfigInput } from './config/smtp.js';
export { startServe, type ServeConfig, type Serving } from './serve.js';
export { startPollers, pollOnce, type Pollers, type PollerOptions, type MailboxStatus, type DrainResult } from './sources/imap/index.js';
export { parseImapConfig, type MailboxConfig, type MailboxConfigInput } from './config/imap.js';
export { startHttp, type HttpServer, type HttpOptions } from './http/server.js';
export { startWebhooks, type Webhooks } from './webhooks/drain.js';
export { attachOutbox, type WebhookEvent } from './webhooks/events.js';
export { verifySignature, signatureHeader } from './webhooks/sign.js';
export { startScheduledExports, type ScheduledExports, type ExportRun } from './export/scheduled.js';
export { createMetrics, type Metrics, type WrittenSummary } from './metrics.js';
export { wireStoreObservers, summarizeWritten, type StoreWiring, type WriteCounts } from './events/wire.js';
export { pipelineContext, type PipelineContext, type ContextOptions } from './pipeline/context.js';
export { observeStore, type StoreObserver, type MessageWritten, type ManualApplied } from './events/store-events.js';
export { httpSettingsSchema, parseHttpSettings, httpEnabled, type HttpSettings } from './config/http.js';
export { webhookSettingsSchema, parseWebhookSettings, webhooksEnabled, type WebhookSettings } from './config/webhooks.js';
export { exportSettingsSchema, parseExportSettings, exportsEnabled, type ExportSettings } from './config/export.js';
