// The shape of one reason's knowledge (src/classify/reasons/*.ts, one file per reason, after
// Sisimai's reason/why-*): its phrases, the enhanced statuses that name it, and the few conditions
// under which either counts. The order between reasons is in order.ts.
import type { Reason } from '../vocabulary/reasons.js';

/** A case-insensitive substring (written in lower case), or a regular expression on the lower-cased text. */
export type Phrase = string | RegExp;

/** Some of a reason's words, and where they count. */
export interface PhraseGroup {
  text: readonly Phrase[];
  /** they count only at these SMTP commands (an unknown command is not one of them) ... */
  at?: readonly string[];
  /** ... or anywhere but at these (an unknown command counts) ... */
  notAt?: readonly string[];
  /**
   * ... or, whatever the command, when the enhanced status blames the address (`addressing`:
   * subject X.1.x) or names no reason at all (`silent`).
   */
  orStatus?: 'addressing' | 'silent';
  /** they do not count when the enhanced status blames the address (X.1.x), or names the mailbox's
   * state or a policy (`mailbox-or-policy`: X.2.x, X.7.x), which says more than these words */
  unlessStatus?: 'addressing' | 'mailbox-or-policy';
}

/** hard, soft, or hard unless a 4xx code or the words say the failure is temporary */
export type ReasonType = 'hard' | 'soft' | 'hard-when-permanent';

export interface ReasonRules {
  reason: Reason;
  type: ReasonType;
  /** enhanced statuses that name it: 'subject.detail' for any class, or a whole 'class.subject.detail' */
  statuses?: readonly string[];
  /**
   * When a status that names it decides: at the reason's place in the order (default; for a reason
   * after STATUS, at STATUS); there only if its words say it too, else at STATUS (`with-its-words`);
   * or only when no reason's words say anything (`after-all-words`: a status servers reuse for many
   * things). A status contradicted by the text (`statusContradictedBy`) always waits for all words.
   */
  statusDecides?: 'in-order' | 'with-its-words' | 'after-all-words';
  /** neither its statuses nor its words name it at these SMTP commands */
  neverAt?: readonly string[];
  /** a status that names it is dropped when the text says one of these instead */
  statusContradictedBy?: readonly Reason[];
  /** its words do not count when the text also says one of these, more precise, reasons */
  wordsYieldTo?: readonly Reason[];
  /** its words do not count when the text also says these: that they are about someone else (an
   * unknown user that is the sender, as a sender verification reports it) */
  unlessSaid?: readonly Phrase[];
  /** what it is when the status class (4.x.x) or reply code (4xx) says the failure is temporary */
  whenTemporary?: Reason;
  phrases: readonly PhraseGroup[];
}
