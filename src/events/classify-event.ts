// Classify a sending service's event, as src/parse-and-classify.ts does a message: the decoder's
// facts through the classifier, then the service's own verdict: it decides the bounce type when
// its code names the outcome, and stands in when the classifier found nothing in the words.
import { classifyReport } from '../parse-and-classify.js';
import { readEvent } from '../parse/events/index.js';
import type { BounceReport } from '../parse/types.js';
import type { EventFacts } from '../parse/events/types.js';
import type { Classifier } from '../classify/classifier.js';

const UNDECIDED = new Set(['undefined', 'onhold']);

/** `known`: the event's facts read while splitting its body (SplitEvent.facts), else read from `raw`. */
export function classifyEvent(format: string, raw: Uint8Array | string, classifier: Classifier, known?: EventFacts | null): BounceReport {
  const { parsed, verdicts } = readEvent(format, raw, known);
  const report = classifyReport(parsed, classifier);
  report.recipients = report.recipients.map((r, i) => {
    const { verdict, fallback } = verdicts[i] ?? {};
    if (verdict) return { ...r, type: verdict.type };
    if (fallback && UNDECIDED.has(r.reason)) return { ...r, reason: fallback.reason, type: fallback.type, rule: `event:${format}` };
    return r;
  });
  return report;
}
