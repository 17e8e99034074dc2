// SMTP session transcripts that MTAs quote, in the Sendmail style
//   ... while talking to mx.example.org.:
//   >>> RCPT To:<kijitora@example.org>
//   <<< 550 5.1.1 <kijitora@example.org>... User unknown
// or the Postfix style (" In:  RCPT TO:<...>" / " Out: 550 ..."). Each failure is paired with the
// last command sent before the reply. Lines outside any session are the reporting MTA's own words
// ("mail.local: unknown user: kijitora" then "554 <kijitora@...>... Service unavailable").
import { angleAddress } from '../text-tools.js';

export interface TranscriptFailure {
  host: string | null;
  command: string | null;
  reply: string;
  /** the address the command or the reply names, if any */
  address: string | null;
}

export function readTranscript(text: string): TranscriptFailure[] {
  const out: TranscriptFailure[] = [];
  let host: string | null = null;
  let command: string | null = null;
  let commandAddress: string | null = null;
  let last: TranscriptFailure | null = null;
  let local: string[] = [];
  for (const line of text.split('\n')) {
    const talk = /^\.\.\. while talking to ([^\s:]+?)\.?:?\s*$/i.exec(line) ?? /while talking to ([A-Za-z0-9.-]+?)\.?:/i.exec(line);
    if (talk) {
      host = talk[1].toLowerCase();
      command = null;
      last = null;
      continue;
    }
    const sent = /^(?:>>> ?|\s*In:\s+)([A-Za-z]+)(?: ?(?:To|From)?:?\s*<([^>]*)>)?/.exec(line);
    if (sent) {
      command = sent[1].toUpperCase();
      // the address of MAIL FROM is the sender's, never a failed recipient
      commandAddress = command === 'RCPT' ? sent[2] || null : null;
      last = null;
      continue;
    }
    const reply = /^(?:<<< ?|\s*Out:\s+)([245]\d\d.*)$/.exec(line);
    if (reply) {
      if (/^[45]/.test(reply[1])) {
        if (last && last.command === command) {
          last.reply += ' ' + reply[1];
          continue;
        }
        last = { host, command, reply: reply[1], address: angleAddress(reply[1]) ?? commandAddress };
        out.push(last);
      }
      continue;
    }
    // the reporting MTA's own verdict ("554 5.3.0 unknown mailer error 255"), outside any session
    const own = /^([45]\d\d)[ -](?:[45]\.\d{1,3}\.\d{1,3} )?.*$/.exec(line);
    if (own && host === null && !sent) {
      const reply = [line.trim(), ...local].join(' ');
      out.push({ host: null, command: null, reply, address: angleAddress(line) });
      local = [];
      continue;
    }
    if (line.trim() === '') {
      last = null;
      local = [];
    } else if (host === null) {
      local.push(line.trim());
    }
  }
  return out;
}
