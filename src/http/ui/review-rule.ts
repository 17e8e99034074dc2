// A rule written from the review queue: an admin reads a message Rebound could not classify and
// names the reason for its reply in a `[[phrase]]`. The rule is checked as `rebound rules check`
// would and tried on that message first (a rule that would not decide it is refused: it would only
// add noise to the file); then the configured rule file gets it (appended, comments kept, replaced
// atomically), the server reloads its rules (the SIGHUP path), and the message and the other
// messages of the queue are parsed again with them, so that the page shows the new result.
import { z } from 'zod';
import type { Logger } from 'pino';
import type { PipelineContext } from '../../pipeline/context.js';
import { type PhraseInput, appendPhraseText, readRuleText, writeRuleText } from '../../config/rule-append.js';
import { readRuleFile } from '../../config/rule-files.js';
import { ConfigError } from '../../config/error.js';
import { createClassifier } from '../../classify/classifier.js';
import type { UserRules } from '../../classify/user-rules.js';
import { safeParse } from '../../pipeline/parse-safe.js';
import { recordsOf } from '../../pipeline/records.js';
import type { ReparseResult } from '../../pipeline/reparse.js';
import { reloadRules } from '../../pipeline/reload-rules.js';
import { HttpError } from '../errors.js';

/** The newest messages of the queue a new rule is tried on (a parse each: bounded; `rebound reparse` does the rest) */
export const REPARSED_AT_MOST = 1000;

const opt = (max: number) => z.string().trim().max(max).optional().transform((v) => (v ? v : undefined));
/** The form's fields; what they may hold is the rule file's business (rule-files.ts), checked there */
export const phraseBody = z.strictObject({
  reason: z.string().trim().min(1).max(64),
  text: opt(500),
  pattern: opt(500),
  commands: z.array(z.string().trim().min(1).max(16)).max(8).optional().transform((v) => (v?.length ? v : undefined)),
  status: opt(16),
  provider: opt(255),
  type: opt(16),
});

export interface RuleWriting {
  /** the rule file, as `[classify] rules` names it */
  file: string;
  /** read the rule files again everywhere (serve's SIGHUP path); default: this store's classifier only */
  reload?: () => Promise<boolean>;
}

export interface WrittenRule {
  rule: { id: string; file: string } & PhraseInput;
  /** what the reparse of the queue changed */
  reparse: ReparseResult;
  records: Array<Record<string, unknown>>;
}

export async function writeRuleFromReview(ctx: PipelineContext, w: RuleWriting, messageId: number, input: PhraseInput, by: string, logger: Logger): Promise<WrittenRule> {
  const store = ctx.store;
  const [message, raw] = await Promise.all([ctx.port.message(messageId), ctx.port.rawInput(messageId)]);
  if (!message || !raw) throw new HttpError(404, 'not_found', `no message ${messageId}`);
  const at = ctx.now().toISOString();

  // checked, then tried on the message with every rule file as it would be
  const appended = invalidAs422(() => appendPhraseText(readRuleText(w.file), w.file, input, `from the review queue (message ${messageId}) by ${by} at ${at}`));
  const all = store.rules.map((f): UserRules => (f === w.file ? appended.rules : invalidAs422(() => readRuleFile(f))));
  const candidate = createClassifier({ phrases: all.flatMap((r) => r.phrases), providers: all.flatMap((r) => r.providers) });
  const parsed = safeParse(raw.raw, candidate, raw.format);
  const records = parsed.report ? recordsOf(parsed.report, message.return_path_recipient) : [];
  if (!records.length) throw new HttpError(422, 'rule_does_not_apply', `message ${messageId} names no recipient: a rule gives a reason to a recipient's reply, so no rule can classify it`);
  if (!records.some((r) => r.rule === appended.phrase.id)) {
    const now = [...new Set(records.map((r) => `${r.reason} (rule ${r.rule})`))].join(', ');
    throw new HttpError(422, 'rule_does_not_match', `the rule does not decide message ${messageId}: its records would stay ${now}; check the text or pattern against its diagnostic`);
  }

  writeRuleText(w.file, appended.text);
  let reloaded = true;
  if (w.reload) reloaded = await w.reload();
  else reloadRules(store);
  if (!reloaded) {
    throw new HttpError(500, 'rules_not_reloaded', `the rule was written to ${appended.phrase.id} but the rules were not reloaded: see the server's log`);
  }
  const others = (await ctx.port.reviewQueueIds(REPARSED_AT_MOST)).filter((id) => id !== messageId);
  const result = await ctx.port.reparse([messageId, ...others]);
  logger.info({ by, rule: appended.phrase.id, message: messageId, reparsed: result.messages, changed: result.changed.length }, 'dashboard: a rule written from the review queue');
  return { rule: { id: appended.phrase.id, file: w.file, ...input }, reparse: result, records: await ctx.port.recordsOfMessage(messageId) };
}

function invalidAs422<T>(f: () => T): T {
  try {
    return f();
  } catch (err) {
    if (err instanceof ConfigError) throw new HttpError(422, 'invalid_rule', err.message);
    throw err;
  }
}
