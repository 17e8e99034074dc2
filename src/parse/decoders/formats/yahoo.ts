// Yahoo / AOL (Yahoo Inc. MTA): "Sorry, we were unable to deliver your message to the following
// address." then "<rcpt>:" and "Remote host said: ... [RCPT_TO]".
import { textDecoder } from '../text-format.js';
import { allOf, anyOf, fromMatches, headerMatches, textMatches } from '../detect.js';
import { ORIGINAL_MARKERS } from '../markers.js';

// Yahoo writes its report in the sender's language: its opening sentence, "Remote host said:" and
// the line above the returned copy, per language (English, French, German, Spanish, Italian,
// Portuguese, Japanese). Matched with any white space between words, so wrapping does not matter.
const SORRY = [
  'Sorry, we were unable to deliver your message',
  "Désolé, nous n'avons pas pu (?:distribuer|remettre|livrer) votre message",
  'Leider konnten wir Ihre Nachricht nicht',
  'Lo sentimos, no (?:hemos podido|pudimos) entregar tu mensaje',
  'Siamo spiacenti, non è stato possibile recapitare il (?:tuo )?messaggio',
  'Lamentamos, não foi possível entregar (?:sua|a sua) mensagem',
  '申し訳ありません。次のアドレスにメッセージを配信できませんでした',
].map((s) => s.replace(/ /g, '\\s+'));
const SAID = ['Remote host said', 'Le serveur distant a répondu', 'Antwort des Remote-Hosts', 'El host remoto ha respondido', "L'host remoto ha risposto", 'O host remoto respondeu', 'リモートホストからの応答'];
const COPY_BELOW = [
  'Vous trouverez ci-dessous une copie du message',
  'Unterhalb dieser Zeile finden Sie eine Kopie der Nachricht',
  'Debajo de esta línea hay una copia del mensaje',
  'Di seguito è riportata una copia del messaggio',
  'Abaixo desta linha está uma cópia da mensagem',
  '以下はメッセージのコピーです',
];

export const yahoo = textDecoder({
  name: 'yahoo',
  detect: allOf(
    anyOf(fromMatches(/yahoo|aol\.com|verizon|MAILER-DAEMON@(?:\S+\.)?(?:yahoo|aol|aim)/i), headerMatches('x-ymailisg', /./), headerMatches('received', /yahoo|aol\.com/i)),
    anyOf(textMatches(new RegExp(`^(?:${SORRY.join('|')})`, 'm')), textMatches(/^Message from (?:yahoo|aol)\.com|^Sorry, your message to \S+ cannot be delivered/m)),
  ),
  begin: [new RegExp(`^(?:${SORRY.join('|')})`, 'm'), /^Sorry, your message to/m],
  end: [new RegExp(`^-+ ?(?:${COPY_BELOW.join('|')})`, 'm'), ...ORIGINAL_MARKERS],
  recipient: [/^<([^>\s@]+@[^>\s@]+)>:\s*(?<rest>.*)$/],
  blankEnds: true,
  diagnostic: [new RegExp(`(?:${SAID.join('|')})\\s*[:：]\\s*([\\s\\S]+)`)],
});
