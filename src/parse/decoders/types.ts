import type { Action, FeedbackReport, Reason, ReportKind } from '../types.js';
import type { HeaderList } from '../mime.js';
import type { Message } from '../message.js';
import type { DsnReport } from '../dsn-fields.js';

/** One recipient as a decoder cut it out of a report; the classifier fills in the rest. */
export interface DecodedRecipient {
  address: string;
  /** the address the sender used when the report names another one as the final recipient
   * (Original-Recipient, "expanded from") */
  alias?: string | null;
  action?: Action | null;
  status?: string | null;
  smtpCode?: number | null;
  /** the server's text, or the report's words about this recipient */
  diagnostic?: string | null;
  remoteMta?: string | null;
  command?: string | null;
  /** Diagnostic-Code type: `smtp`, `x-unix`, ... */
  diagnosticType?: string | null;
  /** set when the format itself names the reason (a provider's own code, a fixed phrase) */
  reason?: Reason | null;
}

export interface Decoded {
  recipients: DecodedRecipient[];
  reportingMta?: string | null;
  arrivalDate?: string | null;
  /** headers of the returned message, when it was found inline in the text */
  originalHeaders?: HeaderList | null;
  kind?: ReportKind;
  /** a complaint's feedback fields, when the format carries them (ARF, a provider's notification) */
  feedback?: FeedbackReport;
  /** the decoder read the delivery-status fields itself: its recipients are taken as they are */
  complete?: boolean;
}

/** What every decoder sees: the message, and the delivery-status fields when there are any. */
export interface DecodeContext {
  m: Message;
  dsn: DsnReport | null;
}

export interface Decoder {
  /** the name reported as `format` */
  name: string;
  /** cheap test on headers and text: is this one of ours? */
  detect(ctx: DecodeContext): boolean;
  /** cut the report into recipients; null or no recipients when it was not ours after all */
  decode(ctx: DecodeContext): Decoded | null;
}
