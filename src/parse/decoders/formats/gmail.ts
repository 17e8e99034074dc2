// Gmail / Google Workspace: "Delivery to the following recipient failed permanently:" (older) and
// "** Address not found ** Your message wasn't delivered to X because ..." (newer), then
// "The error that the other server returned was: ..." or Google's own sentence.
import { textDecoder } from '../text-format.js';
import { allOf, anyOf, fromMatches, textMatches } from '../detect.js';

// Gmail writes the current layout in the sender's language: the title, the sentence that names the
// recipient (group 1), and the heading of the server's reply, per language (French, German,
// Spanish, Italian, Portuguese, Japanese; English is in the rules below). Any white space may
// stand between words, so wrapping does not matter.
const ADDR = '([^\\s<>@]+@[^\\s<>@]+?)';
const words = (s: string) => s.replace(/ /g, '\\s+');
const TITLES = ['Adresse introuvable', 'Adresse nicht gefunden', 'No se ha encontrado la dirección', 'Indirizzo non trovato', 'Endereço não encontrado', 'アドレスが見つかりません'];
const NOT_DELIVERED = [
  `Votre message n'a pas été distribué à ${ADDR}`,
  `Ihre Nachricht wurde nicht an ${ADDR} zugestellt`,
  `Tu mensaje no se ha entregado a ${ADDR}`,
  `Il tuo messaggio non è stato recapitato a ${ADDR}`,
  `Sua mensagem não foi entregue (?:a|para) ${ADDR}`,
  `${ADDR} にメールを配信できませんでした`,
].map(words);
const REPLY_HEADINGS = [
  'Voici la réponse du serveur distant',
  'Antwort des Remoteservers',
  'La respuesta del servidor remoto ha sido',
  'La risposta del server remoto è stata',
  'A resposta do servidor remoto foi',
  'リモート サーバーから次の応答がありました',
].map(words);

export const gmail = textDecoder({
  name: 'gmail',
  detect: allOf(
    anyOf(fromMatches(/mailer-daemon@(?:googlemail|google)\.com|@google\.com|@gmail\.com/i), textMatches(/Google\s+tried\s+to\s+deliver\s+your\s+message|support\.google\.com\/mail/)),
    anyOf(
      textMatches(
        /Delivery\s+to\s+the\s+following\s+recipients?\s+(?:failed|has\s+been\s+delayed)|Your\s+message\s+wasn't\s+delivered\s+to|Technical\s+details\s+of\s+(?:permanent|temporary)\s+failure|There\s+was\s+a\s+temporary\s+problem\s+delivering\s+your\s+message|Message\s+not\s+delivered|Address\s+not\s+found/,
      ),
      textMatches(new RegExp(`\\*\\* (?:${TITLES.join('|')}) \\*\\*|${NOT_DELIVERED.join('|')}`)),
    ),
  ),
  begin: [
    /^(?:THIS IS A WARNING MESSAGE ONLY|Delivery to the following recipients? (?:failed|has been delayed)|\*\* (?:Address not found|Message not delivered|Message blocked|Message delayed|Delivery incomplete) \*\*)/m,
    new RegExp(`^\\*\\* (?:${TITLES.join('|')}) \\*\\*`, 'm'),
  ],
  recipient: [
    /^\s+([^\s<>@]+@[^\s<>@]+)\s*$/,
    /Your message wasn't delivered to ([^\s<>@]+@[^\s<>@]+) because(?<rest>.*)$/,
    /There was a temporary problem delivering your message to ([^\s<>@]+@[^\s<>@]+)\.(?<rest>.*)$/,
    ...NOT_DELIVERED.map((s) => new RegExp(`${s}(?<rest>.*)$`)),
  ],
  diagnostic: [
    /The (?:error that the other server returned was|response (?:from the remote server|was)):\s*([\s\S]+)/,
    /Technical details of (?:permanent|temporary) failure:\s*([\s\S]+)/,
    new RegExp(`(?:${REPLY_HEADINGS.join('|')})\\s*[:：]\\s*([\\s\\S]+)`),
  ],
  // Google Workspace notices that name no recipient in the text ("** Message not delivered **")
  recipientHeaders: ['x-failed-recipients'],
  delayed: /Delivery\s+to\s+the\s+following\s+recipients?\s+has\s+been\s+delayed|THIS IS A WARNING MESSAGE ONLY|Message\s+will\s+be\s+retried|There\s+was\s+a\s+temporary\s+problem\s+delivering/,
  reasons: [
    [/doesn't receive email according to the administrator|null MX/i, 'notaccept'],
    [/DNS Error: (?:Domain name not found|DNS server returned answer with no data|Address resolution of \S+ failed)|domain \S+ couldn't be found|Domain not found/i, 'hostunknown'],
    [/The recipient server did not accept our requests to connect|timed out|Connection timed out/i, 'expired'],
    [/DNS Error: Could not contact DNS servers|Network error/i, 'networkerror'],
    // the sender's "Send mail as" address is set up wrong: the sender is refused, not the recipient
    [/using the 'Send mail as' feature|\?p=CustomFromDenied/i, 'rejected'],
  ],
});
