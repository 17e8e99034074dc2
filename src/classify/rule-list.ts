// Every rule a classifier holds, as plain data, with the id a record names it by: for
// `rebound rules list` and for showing what fired in `rebound rules test`.
import type { Reason } from '../vocabulary/reasons.js';
import type { Classifier } from './classifier.js';
import { REASON_RULES } from './reasons/index.js';
import { PROVIDERS } from './providers/index.js';
import type { Phrase } from './reason-rules.js';

export interface ListedRule {
  id: string;
  reason: Reason;
  /** what it matches: a substring, a /pattern/, a status code, a provider code */
  match: string;
  /** where it holds, in words; empty: anywhere */
  when: string[];
}

const show = (p: Phrase | RegExp) => (typeof p === 'string' ? JSON.stringify(p) : `/${p.source}/`);

/** In the order they are tried (README "How a reason is decided"). */
export function listRules(classifier: Classifier): ListedRule[] {
  const out: ListedRule[] = [];
  for (const p of classifier.user.providers) {
    for (const c of p.codes) out.push({ id: c.id, reason: c.reason, match: JSON.stringify(c.code), when: [`provider ${p.name}: ${p.hosts.join(', ')}`] });
  }
  for (const p of PROVIDERS) {
    p.rules.forEach(([re, reason, cond], i) =>
      out.push({
        id: `builtin:provider-${p.name}#${i + 1}`,
        reason,
        match: show(re),
        when: [
          `provider ${p.name}: /${p.hosts.source}/`,
          ...(cond?.commands ? [`at ${cond.commands.join(', ')}`] : []),
          ...(cond?.whenTemporary ? [`${cond.whenTemporary} when temporary`] : []),
        ],
      }),
    );
  }
  for (const u of classifier.user.phrases) {
    const when = [
      ...(u.commands ? [`at ${u.commands.join(', ')}`] : []),
      ...(u.status ? [`status ${u.status}`] : []),
      ...(u.provider ? [`provider ${u.provider}`] : []),
      ...(u.type ? [`type ${u.type}`] : []),
    ];
    out.push({ id: u.id, reason: u.reason, match: u.text !== undefined ? JSON.stringify(u.text) : `/${u.pattern!.source}/`, when });
  }
  for (const r of REASON_RULES) {
    const never = r.neverAt ? [`never at ${r.neverAt.join(', ')}`] : [];
    for (const s of r.statuses ?? []) {
      out.push({ id: `builtin:${r.reason}#status-${s}`, reason: r.reason, match: `status ${s}`, when: [...never, ...(r.statusContradictedBy ? [`unless the text says ${r.statusContradictedBy.join(', ')}`] : [])] });
    }
    let n = 0;
    for (const g of r.phrases) {
      const when = [
        ...never,
        ...(g.at ? [`at ${g.at.join(', ')}${g.orStatus ? ` or when the status ${g.orStatus === 'silent' ? 'names no reason' : 'blames the address'}` : ''}`] : []),
        ...(g.notAt ? [`not at ${g.notAt.join(', ')}`] : []),
        ...(g.unlessStatus === 'addressing' ? ['unless the status blames the address'] : []),
        ...(g.unlessStatus === 'mailbox-or-policy' ? ["unless the status names the mailbox's state or a policy (X.2.x, X.7.x)"] : []),
        ...(r.wordsYieldTo ? [`unless the text says ${r.wordsYieldTo.join(', ')}`] : []),
        ...(r.unlessSaid ? [`unless the text says ${r.unlessSaid.map(show).join(' or ')}`] : []),
      ];
      for (const p of g.text) out.push({ id: `builtin:${r.reason}#phrase-${++n}`, reason: r.reason, match: show(p), when });
    }
  }
  return out;
}
