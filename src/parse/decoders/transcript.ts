// SMTP session transcripts that Sendmail-like MTAs quote:
//   ... while talking to mx.example.org.:
//   >>> RCPT To:<kijitora@example.org>
//   <<< 550 5.1.1 <kijitora@example.org>... User unknown
// Each failure is paired with the last command sent before the reply.

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
  for (const line of text.split('\n')) {
    const talk = /^\.\.\. while talking to ([^\s:]+?)\.?:?\s*$/i.exec(line) ?? /while talking to ([A-Za-z0-9.-]+?)\.?:/i.exec(line);
    if (talk) {
      host = talk[1].toLowerCase();
      command = null;
      last = null;
      continue;
    }
    const sent = /^>>> ?([A-Za-z]+)(?: ?(?:To|From)?:?\s*<([^>]*)>)?/.exec(line);
    if (sent) {
      command = sent[1].toUpperCase();
      commandAddress = sent[2] || null;
      last = null;
      continue;
    }
    const reply = /^<<< ?([245]\d\d.*)$/.exec(line);
    if (reply) {
      if (/^[45]/.test(reply[1])) {
        if (last && last.command === command) {
          last.reply += ' ' + reply[1];
          continue;
        }
        const named = /<([^<>\s]+@[^<>\s]+)>/.exec(reply[1]);
        last = { host, command, reply: reply[1], address: named ? named[1] : commandAddress };
        out.push(last);
      }
      continue;
    }
    // the reporting MTA's own verdict ("554 5.3.0 unknown mailer error 255"), outside any session
    const own = /^([45]\d\d)[ -](?:[45]\.\d{1,3}\.\d{1,3} )?.*$/.exec(line);
    if (own && host === null) {
      out.push({ host: null, command: null, reply: line.trim(), address: /<([^<>\s]+@[^<>\s]+)>/.exec(line)?.[1] ?? null });
      continue;
    }
    if (line.trim() === '') last = null;
  }
  return out;
}
