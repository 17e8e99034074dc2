// A reason as a person writes it (policy settings, rule files, API filters): its current name or an
// older alias (`speeding`, `mesgtoobig`, ... see src/vocabulary/reasons.ts), any case; the value
// is the current name.
import { z } from 'zod';
import { REASON_NAMES, canonicalReason, type Reason } from '../vocabulary/reasons.js';

export const reasonSchema = z.string().transform((name, ctx): Reason => {
  const r = canonicalReason(name);
  if (r) return r;
  ctx.addIssue({ code: 'custom', message: `unknown reason '${name}' (one of: ${REASON_NAMES.join(', ')})` });
  return z.NEVER;
});
