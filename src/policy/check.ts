// `rebound check` and `rebound show`: may we send to this address, and its whole history.
import type { PipelineContext } from '../pipeline/context.js';
import type { ManualActionRow, SuppressionRow } from '../store/schema.js';
import { activeSuppression, suppressionsOf } from '../store/suppressions.js';
import { manualActionsOf } from '../store/manual-actions.js';
import { bouncesWithSource, domainReasonCounts, type BounceWithSource } from '../store/history.js';
import { loadSoftState } from './apply.js';
import type { SoftState } from './decide.js';
import { parseAddress } from '../address.js';

export interface CheckResult {
  address: string;
  /** the address with its domain in Unicode */
  unicode: string;
  sendable: boolean;
  suppression: SuppressionRow | null;
  soft: SoftState | null;
  /** blocks of the sender seen at this domain inside the soft window (not the address's fault) */
  senderBlocks: Array<{ reason: string; count: number }>;
}

export function checkAddress(ctx: PipelineContext, input: string, at: Date = ctx.now()): CheckResult {
  const store = ctx.store;
  const a = parseAddress(input);
  const suppression = activeSuppression(store, a.address, at.toISOString()) ?? null;
  const since = new Date(at.getTime() - ctx.policy.soft.windowDays * 86_400_000).toISOString();
  return {
    address: a.address,
    unicode: a.unicode,
    sendable: suppression === null,
    suppression,
    soft: loadSoftState(store, a.address),
    senderBlocks: domainReasonCounts(store, a.domain, since, ctx.policy.senderReasons),
  };
}

export interface History extends CheckResult {
  suppressions: SuppressionRow[];
  records: BounceWithSource[];
  manual: ManualActionRow[];
}

export function addressHistory(ctx: PipelineContext, input: string, at: Date = ctx.now()): History {
  const store = ctx.store;
  const check = checkAddress(ctx, input, at);
  return {
    ...check,
    suppressions: suppressionsOf(store, check.address),
    records: bouncesWithSource(store, check.address),
    manual: manualActionsOf(store, check.address),
  };
}
