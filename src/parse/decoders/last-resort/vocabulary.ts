// Data for the last-resort reader: the words reports use, in the languages mail systems write
// them in. Each is a list of phrases (one entry per language or family of wordings), joined into
// one expression; matching is done on text whose white space is collapsed, so a phrase wrapped
// over two lines still matches.

const any = (phrases: string[], flags = 'i') => new RegExp(phrases.join('|'), flags);

/** A test of text against an expression written in lower case. */
export interface TextTest {
  test(text: string): boolean;
}
/** The large expressions below are compiled without the `i` flag and tried on the lower-cased
 * text: V8 compiles a large case-insensitive alternation at about twice the cost, and compiles it
 * up to four times (interpreted and native, for one-byte and two-byte text), which costs more
 * than lower-casing the texts they read. Their phrases are all lower-case
 * (test/parse-last-resort.test.ts). */
export const lowerCased = (re: RegExp): TextTest => ({ test: (text) => re.test(text.toLowerCase()) });

/** Subjects that reports use. */
export const BOUNCE_SUBJECTS = any([
  'undeliver', 'returned mail', 'failure notice', 'delivery (?:status notification|failure|failed|problem|report|notification|error|incomplete)',
  'mail delivery (?:failed|failure|system|problem)', 'non[- ]?delivery', 'could not be delivered', 'delivery has failed', 'not delivered',
  'nondeliverable', 'mail system error', 'rejected', 'returned to sender', 'warning: could not send', 'failure delivery', 'error sending',
  'mail error', 'bounce', 'mail failure', '(?:message|mail) returned',
  // de, fr, es, it, pt, nl, pl, ru
  'unzustellbar', 'nicht zustellbar', 'zustellung fehlgeschlagen', 'non remis', 'non distribu', 'impossible de distribuer', "[ée]chec de (?:la )?(?:remise|distribution|livraison)",
  'no se (?:puede|pudo) entregar', 'devuelto', 'no entregad[oa]', 'entrega fallida', 'non recapitabil', 'mancata consegna', 'n[ãa]o (?:foi )?entregue', 'falha (?:na|de) entrega',
  'niet bezorgd', 'onbestelbaar', 'niet afgeleverd', 'niedostarczon', 'не доставлено', 'недостав',
  '配信', 'エラー', '不能', '退信', '退回', '未送达', '전송 실패', '반송',
  // a delay's subject: "Message delivery delayed", "Delayed Mail", Exchange's "(Retraso)", "(Ritardo)",
  // "(Atraso)", "(Vertraging)", "(Verzögerung)"
  'delivery delay', 'delayed (?:mail|delivery|message)', '\\((?:retraso|ritardo|atraso|vertraging|verzögerung)\\)',
]);

/** Sentences by which a mail system says a delivery failed (not mere words: a newsletter says
 * "error" too). */
export const DELIVERY_FAILED_SOURCE = any([
  // en
  "(?:could|can)(?:n'?t| ?not) be delivered", "(?:was|were|has|have) not (?:yet )?been delivered", '(?:was|were) not delivered', 'did not reach', "(?:didn't|did not|couldn't|could not) (?:be )?deliver",
  'delivery (?:to [^.]{1,200})?(?:has )?(?:failed|did not succeed|was not successful|problem)', 'undeliverable', 'permanent(?: fatal)? error', 'fatal errors?',
  'unable to deliver', 'failed to deliver', 'delivery (?:status notification|failure)', 'not (?:be )?(?:receive|reach)d? (?:a copy|by)', 'did not receive a copy',
  'following (?:addresses|recipients?|users?|destinations?) (?:had|failed|could|was|were|did|are|is)', 'returned to (?:the )?sender', 'user unknown', 'unknown user', '(?:user|recipient|addressee|mailbox) (?:\\S{1,100} )?(?:is )?not known\\b', 'no such (?:user|mailbox|address|domain)',
  'mailbox (?:is )?(?:full|unavailable|not found|does not exist)', 'message (?:was )?rejected', 'delivery has been delayed', 'has been delayed', 'will be retried',
  // Gmail's warning: "** Delivery incomplete ** There was a temporary problem delivering your message to ..."
  'problem delivering', 'delivery incomplete',
  // fr
  "n'a pas (?:pu|été) (?:être )?(?:remis|distribu|livr|délivr|achemin)", "impossible (?:de|d') (?:remettre|distribuer|livrer|délivrer|acheminer)", '[ée]chec (?:de (?:la )?|lors de la )?(?:remise|distribution|livraison)',
  "n'existe pas", 'destinataire inconnu', 'adresse (?:introuvable|inconnue|invalide)', 'bo[iî]te (?:aux lettres |mail )?(?:est )?pleine',
  // de
  'konnte (?:[^.]{1,80} )?nicht (?:zugestellt|übermittelt|ausgeliefert)', 'nicht zugestellt', 'unzustellbar', 'zustellung (?:ist )?fehlgeschlagen', 'existiert nicht', 'unbekannte[rn]? (?:empfänger|benutzer|adresse)',
  '(?:empfänger|adresse) (?:ist )?unbekannt', 'postfach (?:ist )?(?:voll|nicht verfügbar)', 'konnte nicht gesendet werden',
  // es
  'no (?:se )?(?:ha |han |pudo |puede |podido )?(?:ser )?entreg', 'no pudo ser entregado', 'entrega (?:ha )?fallad?[oa]', 'no existe', 'destinatario desconocido', 'buz[óo]n (?:est[áa] )?lleno', 'error de entrega',
  // it
  'non (?:è stato possibile|è possibile|può essere|potuto essere) (?:consegna|recapita)', 'non (?:è stato|è) (?:consegnat|recapitat)', 'non recapitabile', 'consegna (?:non riuscita|fallita)', 'destinatario (?:sconosciuto|inesistente)', 'casella (?:di posta )?piena',
  // pt
  'n[ãa]o (?:foi|pôde|pode) (?:ser )?(?:entregue|poss[ií]vel entregar)', 'falha (?:na|de) entrega', 'destinat[áa]rio desconhecido', 'n[ãa]o existe', 'caixa (?:postal |de correio )?(?:est[áa] )?cheia',
  // nl
  'kon niet (?:worden )?(?:bezorgd|afgeleverd)', 'niet (?:worden )?(?:bezorgd|afgeleverd)', 'onbestelbaar', 'bestaat niet', 'onbekende (?:ontvanger|gebruiker)', 'postvak (?:is )?vol',
  // pl, ru, sv, da, no, fi, cs, tr
  'nie (?:mogła|może|została|zostało) (?:zostać )?dostarczon', 'nie istnieje', 'не (?:может быть |удалось |было )?доставлен', 'не удалось доставить', 'не найден', 'не существует', 'kunde inte levereras', 'kunne ikke leveres', 'ei voitu toimittaa', 'nelze doručit', 'teslim edilemedi',
  // ja, zh, ko
  '配信(?:でき|され)(?:ません|な)', '送信(?:でき|され)(?:ません|な)', '届きませんでした', '届けることができ', '宛先(?:不明|が見つかりません)', '存在しません', 'ありません', '失敗しました', 'エラー', '見つかりません', '容量',
  '退信', '无法(?:投递|送达)', '未能(?:投递|送达)', '投递失败', '发送失败', '不存在', '被拒绝', '無法(?:投遞|傳送)', '(?:전달|배달|전송)(?:되지|할 수) (?:없|않|못)', '전송(?:되지|에 실패)', '존재하지 않',
  // he
  'לא נמסר', 'לא ניתן למסור', 'לא הגיע',
  // a delay, in the languages above: "se ha retrasado", "è stato posticipato", "a été différée",
  // "wurde verzögert", "noch nicht zugestellt", "nog niet afgeleverd", "ainda não foi entregue"
  'se ha retrasado', 'ha sido retrasad', 'è stat[oa] (?:posticipat|ritardat)', 'non è (?:ancora )?stat[oa] (?:ancora )?(?:consegnat|recapitat)', 'foi (?:adiad|atrasad)',
  'a été (?:différ|retard)', "pas encore été (?:remis|distribu|livr|délivr)", 'wurde verzögert', '(?:noch|bisher) nicht (?:zugestellt|übermittelt|ausgeliefert)',
  'is vertraagd', 'nog niet (?:afgeleverd|bezorgd)', 'todav[íi]a no (?:se )?ha (?:sido )?entregad', 'ainda n[ãa]o foi entregue',
], '').source;
export const DELIVERY_FAILED = lowerCased(new RegExp(DELIVERY_FAILED_SOURCE));

/** Words of failure near an address: the broad set, used only where a report is already known
 * to be one. The short words here, or any of the DELIVERY_FAILED sentences: tested as two
 * expressions rather than one that repeats DELIVERY_FAILED's source, so that large expression is
 * compiled once, not twice (compiling it costs more than a message's whole reading). */
const FAILURE_WORD = new RegExp(
  [
    String.raw`\b(?:[45]\d\d|[45]\.\d{1,3}\.\d{1,3})\b`, 'did not reach', 'unknown', 'not found', 'does not exist', "doesn't exist", 'rejected', 'refused', 'failed', 'full', 'quota',
    'denied', 'invalid', 'disabled', 'suspended', 'unavailable', 'no such', 'error', 'blocked', 'timed? ?out', 'expired', 'could not', "couldn't", 'unable', 'undeliver',
    'not delivered', 'delayed', 'affected', 'failure', 'exceed', 'over quota', 'malformed',
  ].join('|'),
  'i',
);
export const FAILURE_WORDS = { test: (text: string): boolean => FAILURE_WORD.test(text) || DELIVERY_FAILED.test(text) };

/** A line that introduces a list of the recipients that failed ("The following addresses had
 * permanent fatal errors:", "Delivery to these recipients did not succeed:", "was not delivered
 * to:"): the addresses after it are the failed ones, even across a blank line. */
export const RECIPIENT_HEADING = any([
  '(?:following|these|this|the) (?:e-?mail )?(?:addresses|address\\(?e?s?\\)?|recipients?(?:\\(s\\))?|users?|destinations?|members?)\\b[^\\n]{0,80}',
  '(?:was|were|has|have|could|can)(?:n.t| not)(?: been| be)? (?:delivered|sent|forwarded|reached?)(?: to)?\\s*:', "(?:did not|didn't) (?:reach|receive)[^\\n]{0,60}",
  // "was undeliverable to the following:", "could not be sent to the following:"
  '(?:undeliverable|(?:not|n.t) (?:be )?(?:delivered|sent)|failed|rejected) to (?:the )?following',
  'failed recipients?', 'delivery to[^\\n]{0,80}', 'unable to deliver[^\\n]{0,80}', 'failure reasons?', 'recipients? (?:address(?:es)?|list)', 'invalid (?:addresses|recipients)',
  'destinataires?', 'adresses?', 'empfänger', 'adressen?', 'destinatari[oa]?s?', 'destinat[áa]rios?', 'direcci[óo]n(?:es)?', 'indirizz[io]', 'endereços?', 'ontvangers?', 'adres(?:y|sen)',
  '宛先', '受信者', '收件人', '받는 사람', '수신자', 'получател',
  // pl, sv, da/no, fi, tr, cs, hu, he
  'adresat', 'odbiorc', 'mottagar', 'modtager', 'mottaker', 'vastaanottaj', 'alıcı', 'příjemc', 'címzett', 'נמען',
], '');

/** A line ending in a colon (or a dashed rule) after a heading: the list follows. Most lines of a
 * report hold neither, and are answered without lower-casing them or running the expression (which
 * tries each of its headings at every position of the line). */
// (a heading that ends in its own colon, "could not be delivered to:", needs no second one)
const HEADING_THEN_COLON = lowerCased(new RegExp(`(?:${RECIPIENT_HEADING.source})(?:(?<=[:：])|[^\\n]{0,40}(?::|-{3,}|：))\\s*$`, 'm'));
export const HEADING_LINE: TextTest = {
  test: (line) => (line.includes(':') || line.includes('---') || line.includes('：')) && HEADING_THEN_COLON.test(line),
};

/** Words by which a mail system says a delivery is only delayed. */
export const DELAYED = any([
  'has been delayed', 'delivery (?:is |has been )?delayed', 'will (?:continue to )?(?:be )?retr(?:y|ied)', 'warning message only', 'still trying', 'not yet been delivered',
  'keep trying', 'not a permanent (?:error|failure)', '(?:attempts|tries) will continue', 'will continue to (?:try|attempt)',
  // "has not been delivered yet", "will continue delivery attempts for 4 more days"
  'not been delivered yet', 'will continue (?:delivery |its )?(?:attempts|trying)',
  'verzögert', 'retard', 'retrasad', 'ritardat', 'atrasad', 'vertraagd', '遅延',
  // the same said otherwise: a delay, "not yet", "will keep trying", "a warning only"
  'retras', 'posticipat', 'atras(?:ad|o)', 'différé', 'vertraag', 'verzögerung', '\\bnoch nicht', '\\bbisher nicht', '\\btodav[íi]a no\\b', '\\ba[úu]n no\\b', 'non è ancora', 'ainda n[ãa]o', '\\bnog niet', '\\bpas encore',
  'weiterhin versucht', 'erneut versucht', 'seguir[áa] intentando', 'volver[áa] a intentar', 'continuer[àa] a (?:tentare|provare)', 'continuar[áa] (?:tentando|a tentar)', 'nouvelles tentatives', 'blijft proberen', 'opnieuw (?:geprobeerd|proberen)',
  'mensaje de advertencia', 'messaggio di avviso', "message d'avertissement", 'nur eine warnung', 'mensagem de aviso', 'alleen een waarschuwing',
  // ru, uk, pl, cs, sv, da/no, fi, tr, hu, zh, ko: a delay, "not yet delivered", "will keep trying"
  'задерж', 'пока не доставлен', 'будут продолжены', 'затрим', 'opóźnion', 'nie został[oa]? jeszcze', 'ponawia[ćł]? pr[óo]b', 'zpožděn', 'fördröj', 'forsinke',
  'viivästy', 'gecik', 'késleltet', '延迟', '延遲', '继续尝试', '繼續嘗試', '지연',
]);

// words by which a mail system says it stopped trying ("This is a permanent error; I've given up",
// "I'm not going to try again", "no further attempts will be made", "could not be delivered for 5
// days", "will be deleted from queue"; not "this is not a permanent error")
const GAVE_UP =
  /(?<!\bnot (?:an? )?)\bpermanent(?:ly)? (?:error|failure|fatal)|\b(?:i'?ve|i have|has|have) given up\b|\bgave up\b|\bnot going to try again\b|\b(?:will|shall) not (?:be )?(?:retry|retried|try again)|\bno (?:further|more) (?:delivery )?(?:attempts|retries)\b|\b(?:could not|couldn't|cannot|can't) (?:be delivered|send message) for (?:\d+|several|many) (?:days?|hours?)\b|\b(?:deleted|removed) from (?:the )?(?:mail )?queue\b/i;
// a subject that names a final failure, not a warning ("Delivery Status Notification (Failure)",
// "Undeliverable: ...", "Returned mail: ...", "failure notice", "Unzustellbar: ...")
const FAILED_SUBJECT =
  /^(?!.*\b(?:warning|delay(?:ed)?|retrying|verzögert|retard|retrasad|ritardat)\b).*(?:\((?:failure|fehler|échec|error|fallo|errore|falha)\)|\bundeliver|\breturned mail\b|\bfailure notice\b|\bmail delivery failed\b|\bunzustellbar\b|\bnon remis\b|\bnicht zugestellt\b)/i;

/** The report says its mail system stopped trying (in its words or its subject): a 4.x.x status
 * there is what it last heard, not a delay still running. */
export function gaveUp(report: string, subject: string): boolean {
  return GAVE_UP.test(report) || FAILED_SUBJECT.test(subject);
}
