// What `rebound parse` prints for one message: a JSON line (--json) or a few readable lines, or
// nothing when --unknown leaves it out. One function for the calling thread and the parse threads,
// so that what a message prints does not depend on which thread parsed it.
import { parseBounce, type Classifier } from '../parser.js';
import type { BounceReport } from '../parse/types.js';
import { Utf8Builder } from './utf8-builder.js';

interface ParsedMessage extends BounceReport {
  source: string;
}

export interface RenderStyle {
  json: boolean;
  /** only the messages Rebound could not classify */
  unknown: boolean;
}

/** Could not be classified: no recipient, or a recipient without a reason Rebound knows. */
function isUnknown(r: BounceReport): boolean {
  return r.recipients.length === 0 || r.recipients.some((x) => x.reason === 'undefined' || x.reason === 'onhold');
}

export function renderReport(source: string, report: BounceReport, style: RenderStyle): string {
  if (style.unknown && !isUnknown(report)) return '';
  const out: ParsedMessage = { source, ...report };
  return style.json ? JSON.stringify(out) + '\n' : formatReport(out);
}

/** Parse each message of a batch and render it: what the batch prints, in UTF-8. */
export function parseAndRender(batch: ReadonlyArray<{ ref: string; raw: Uint8Array }>, classifier: Classifier, style: RenderStyle): Uint8Array {
  const out = new Utf8Builder(32 * 1024);
  for (const m of batch) out.add(renderReport(m.ref, parseBounce(m.raw, classifier), style));
  return out.take();
}

function formatReport(r: ParsedMessage): string {
  const head = `${r.source}  ${r.kind}${r.format ? ` (${r.format})` : ''}${r.original?.messageId ? `  original ${r.original.messageId}` : ''}\n`;
  const rows = r.recipients.map((x) =>
    [
      '  ',
      x.address.padEnd(36),
      (x.action ?? '-').padEnd(9),
      (x.status ?? '-').padEnd(8),
      String(x.smtpCode ?? '-').padEnd(4),
      (x.type ?? '-').padEnd(5),
      x.reason.padEnd(16),
      (x.diagnostic ?? '').slice(0, 100),
    ].join(' '),
  );
  const problems = r.problems.length ? [`  problems: ${r.problems.join('; ')}`] : [];
  return head + [...rows, ...problems].map((l) => l + '\n').join('');
}
