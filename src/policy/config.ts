// The suppression policy's settings and their defaults, in one place: the `policy` section of the
// configuration file feeds `parsePolicyConfig`; anything left out keeps its default.
import { z } from 'zod';
import type { Reason } from '../vocabulary/reasons.js';
import { keyName, parseSection } from '../config/settings.js';
import { reasonSchema } from '../config/reason.js';

// current names or older aliases (`speeding`, `mesgtoobig`, ...), each once
const reasons = z.array(reasonSchema).transform((list) => [...new Set(list)]);

/** Soft reasons that say something about the recipient's mailbox: these may suppress it. */
export const ADDRESS_SOFT_REASONS: readonly Reason[] = [
  'mailboxfull', 'suspend', 'expired', 'systemfull', 'networkerror', 'notaccept',
  'systemerror', 'mailererror', 'suppressed',
];

/** Reasons that are about the sender or the message: never the recipient's fault. */
export const SENDER_REASONS: readonly Reason[] = [
  'blocked', 'spamdetected', 'policyviolation', 'authfailure', 'badreputation', 'requireptr', 'rejected',
  'norelaying', 'contenterror', 'securityerror', 'ratelimited', 'virusdetected', 'filtered',
  'emailtoolarge', 'notcompliantrfc', 'syntaxerror', 'failedstarttls',
];

const SOFT_DEFAULTS = { minDays: 2 };

export const policyConfigSchema = z
  .object({
    hard: z
      .object({
        /** a hard bounce suppresses the address at once */
        suppress: z.boolean().default(true),
      })
      .strict()
      .prefault({}),
    complaint: z
      .object({
        /** ARF Feedback-Type values that suppress at once (others, e.g. not-spam, do not) */
        suppressFeedbackTypes: z.array(z.string().toLowerCase()).default(['abuse', 'fraud', 'virus']),
        /** what a complaint without a Feedback-Type counts as (provider loops that send no ARF part) */
        missingFeedbackType: z.string().toLowerCase().default('abuse'),
      })
      .strict()
      .prefault({}),
    soft: z
      .object({
        /** soft bounces needed inside the window */
        minBounces: z.number().int().min(1).default(3),
        /** on at least this many different (UTC) days */
        minDays: z.number().int().min(1).default(SOFT_DEFAULTS.minDays),
        windowDays: z.number().positive().default(14),
        /** a soft suppression ends this long after the last counted bounce */
        expiryDays: z.number().positive().default(30),
        /** whether `delayed` reports (still being retried) count */
        countDelays: z.boolean().default(false),
        /** the reasons that count */
        reasons: reasons.default([...ADDRESS_SOFT_REASONS]),
      })
      .strict()
      .prefault({}),
    /** counted per destination domain, never against the recipient */
    senderReasons: reasons.default([...SENDER_REASONS]),
    /** a `delivered` report also lifts an active soft suppression (never a hard one) */
    deliveredLiftsSoft: z.boolean().default(true),
  })
  .strict()
  // settings that each make sense but contradict each other: refused, naming both keys; the error
  // is about the one that was changed from its default (the other was left alone)
  .superRefine((p, ctx) => {
    if (p.soft.minDays > p.soft.windowDays) {
      const why = 'soft bounces could never suppress an address';
      ctx.addIssue(
        p.soft.minDays !== SOFT_DEFAULTS.minDays
          ? { code: 'custom', path: ['soft', 'minDays'], message: `more days than policy.soft.windowDays (${p.soft.windowDays}): ${why}` }
          : { code: 'custom', path: ['soft', 'windowDays'], message: `fewer days than policy.soft.minDays (${p.soft.minDays}): ${why}` },
      );
    }
    const both = p.soft.reasons.filter((r) => p.senderReasons.includes(r));
    if (both.length) {
      const why = 'a reason counts against the address or against the sender, not both';
      const sender = p.senderReasons.join() !== SENDER_REASONS.join();
      ctx.addIssue({
        code: 'custom',
        path: sender ? ['senderReasons'] : ['soft', 'reasons'],
        message: `${both.join(', ')} also in policy.${sender ? 'soft.reasons' : 'senderReasons'}: ${why}`,
      });
    }
  });

export type PolicyConfig = z.output<typeof policyConfigSchema>;
export type PolicyConfigInput = z.input<typeof policyConfigSchema>;

export const DEFAULT_POLICY: PolicyConfig = policyConfigSchema.parse({});

/** Validate the `policy` section; throws a ConfigError naming `policy.<key>`. */
export function parsePolicyConfig(input: unknown, nameOf = (p: readonly PropertyKey[]) => keyName('policy', p)): PolicyConfig {
  return parseSection(policyConfigSchema, input ?? {}, nameOf);
}
