// Every migration, in order. A new migration is a new file here and a new entry below (names sort).
import type { Migration } from 'kysely';
import * as initial from './0001-initial.js';
import * as imapState from './0002-imap-state.js';
import * as webhookOutbox from './0003-webhook-outbox.js';
import * as messageOrigin from './0004-message-origin.js';
import * as reasonNamesAndRule from './0006-reason-names-and-rule.js';
import * as providerEvents from './0008-provider-events.js';
import * as dashboard from './0009-dashboard.js';
import * as coordination from './0011-coordination.js';
import * as eventTokens from './0012-event-tokens.js';
import * as suppressionRollup from './0013-suppression-rollup.js';
import * as rollupsAtCommit from './0014-rollups-at-commit.js';
import * as partialMessageIndexes from './0015-partial-message-indexes.js';

export const MIGRATIONS: Record<string, Migration> = {
  '0001-initial': initial,
  '0002-imap-state': imapState,
  '0003-webhook-outbox': webhookOutbox,
  '0004-message-origin': messageOrigin,
  '0006-reason-names-and-rule': reasonNamesAndRule,
  '0008-provider-events': providerEvents,
  '0009-dashboard': dashboard,
  '0011-coordination': coordination,
  '0012-event-tokens': eventTokens,
  '0013-suppression-rollup': suppressionRollup,
  '0014-rollups-at-commit': rollupsAtCommit,
  '0015-partial-message-indexes': partialMessageIndexes,
};
