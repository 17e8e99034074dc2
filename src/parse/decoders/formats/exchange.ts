// Microsoft Exchange 2007 and later, Exchange Online / Microsoft 365, Outlook.com: a readable part
// ("Delivery has failed to these recipients or groups:") and "Diagnostic information for
// administrators:" with "Generating server:", each recipient, and "#550 5.1.10 RESOLVER.ADR...##"
// or "Remote Server returned '...'".
import { cutReport, inlineHeaders } from '../text-format.js';
import { anyOf, headerMatches, hasHeader, subjectMatches, textMatches } from '../detect.js';
import { cleanAddress, oneLine } from '../../text-tools.js';
import type { DecodeContext, Decoded, DecodedRecipient, Decoder } from '../types.js';

// Exchange writes its report in the sender's language: the headings, per language (English,
// French, German, Spanish, Italian, Portuguese, Japanese).
const FAILED_TO = [
  'Delivery has failed to these recipients or (?:groups|distribution lists)',
  'Échec de la remise à ces destinataires ou groupes',
  'Fehler bei der Zustellung an folgende Empfänger oder Gruppen',
  'No se pudo entregar a estos destinatarios o grupos',
  'Recapito non riuscito a questi destinatari o gruppi',
  'Falha na entrega a estes destinatários ou grupos',
  '次の受信者またはグループへの配信に失敗しました',
];
const FOR_ADMINISTRATORS = [
  'Diagnostic information for administrators',
  'Informations de diagnostic pour les administrateurs',
  'Diagnoseinformationen für Administratoren',
  'Información de diagnóstico para administradores',
  'Informazioni di diagnostica per gli amministratori',
  'Informações de diagnóstico para administradores',
  '管理者向けの診断情報',
];
const GENERATING_SERVER = ['Generating server', 'Serveur de génération', 'Generierender Server', 'Servidor de generación', 'Server di generazione', 'Servidor de geração', '生成サーバー'];
const ORIGINAL_HEADERS = [
  'Original message headers',
  "En-têtes de message d'origine",
  'Ursprüngliche Nachrichtenkopfzeilen',
  'Encabezados del mensaje original',
  'Intestazioni originali del messaggio',
  'Cabeçalhos originais da mensagem',
  '元のメッセージ ヘッダー',
];
const UNDELIVERABLE_SUBJECTS = ['Undeliverable', 'Undeliverable Message', 'Delivery Status Notification', 'Delivery delayed', 'Non remis', 'Unzustellbar', 'No se puede entregar', 'Non recapitabile', 'Não é possível entregar', '配信不能'];
const heading = (list: string[]) => new RegExp(`^\\s*(?:${list.join('|')})\\s*[:：]`, 'm');
const DIAGNOSTIC_HEADING = heading(FOR_ADMINISTRATORS);

// built once: a pattern built per call is looked up in V8's compilation cache, which garbage
// collection empties, and then compiled again
const SERVER = new RegExp(`(?:${GENERATING_SERVER.join('|')})\\s*[:：]\\s*(\\S+)`, 'i');
const END = [new RegExp(`^\\s*(?:${ORIGINAL_HEADERS.join('|')})\\s*[:：]\\s*$`, 'im'), /^-{3,} ?Original message[^\n]*$/im];

export const exchange: Decoder = {
  name: 'exchange',
  detect: anyOf(
    textMatches(DIAGNOSTIC_HEADING),
    textMatches(heading(FAILED_TO)),
    textMatches(/^Your message to \S+ couldn't be delivered|^Your message couldn't be delivered|^The following organization rejected your message|^Delivery to these recipients or groups is complete|^Delivery is delayed to these recipients or groups/m),
    allOf2(hasHeader('x-ms-exchange-message-is-ndr'), subjectMatches(new RegExp(`^(?:${UNDELIVERABLE_SUBJECTS.join('|')})`, 'i'))),
    headerMatches('x-ms-exchange-message-is-ndr', /./),
  ),
  decode(ctx: DecodeContext): Decoded | null {
    const { report, original } = cutReport(ctx.m.text, undefined, END);
    const recipients: DecodedRecipient[] = [];
    const diagAt = report.search(DIAGNOSTIC_HEADING);
    const diag = diagAt >= 0 ? report.slice(diagAt) : '';
    const server = SERVER.exec(diag)?.[1] ?? null;
    // administrators' part: "addr\n#550 5.1.1 text ##" or "addr\nRemote Server returned '...'"
    const lines = diag.split('\n');
    for (let i = 0; i < lines.length; i++) {
      const addr = /^\s*([^\s<>@]+@[^\s<>@]+?)\s*(?:<mailto:[^>]*>)?\s*$/.exec(lines[i]);
      if (!addr) continue;
      const address = cleanAddress(addr[1]);
      if (!address) continue;
      const rest: string[] = [];
      for (let j = i + 1; j < lines.length && lines[j].trim() !== '' && rest.length < 20; j++) {
        if (/^\s*[^\s<>@]+@[^\s<>@]+\s*$/.test(lines[j])) break;
        rest.push(lines[j]);
      }
      const joined = oneLine(rest);
      // "Remote Server returned '550 ...'", or in another language the quoted reply alone
      const remote =
        /Remote Server (?:at (\S+) )?(?:\([^)]*\) )?returned '([^']*(?:'[^']*)*?)'/i.exec(joined) ?? /()'(\d{3}[ -]\d\.\d{1,3}\.\d{1,3}\b[^']*)'/.exec(joined);
      const hash = /#\s*(\d{3}[\s\S]*?)##/.exec(joined) ?? /#\s*(\d{3}.*)$/.exec(joined);
      recipients.push({
        address,
        diagnostic: remote ? remote[2] : hash ? hash[1].trim() : joined || null,
        remoteMta: remote?.[1] || null,
      });
    }
    if (recipients.length === 0) {
      // readable part only: "addr<mailto:addr>" then the sentence
      const readable = diagAt >= 0 ? report.slice(0, diagAt) : report;
      const blocks = readable.split(/\n\s*\n/);
      for (const block of blocks) {
        const first = block.trim().split('\n');
        const a = /^([^\s<>@]+@[^\s<>@]+?)(?:<mailto:[^>]*>|\s+on\s+.*)?\s*$/.exec(first[0] ?? '');
        const address = a ? cleanAddress(a[1]) : null;
        if (address) recipients.push({ address, diagnostic: oneLine(first.slice(1)) || null });
      }
    }
    if (recipients.length === 0) return null;
    const delayed = /^Delivery is delayed to these recipients|^Delivery has been delayed|This is a delay notification/m.test(report);
    const delivered = /^Delivery to these recipients or groups is complete/m.test(report);
    for (const r of recipients) r.action = delivered ? 'delivered' : delayed ? 'delayed' : 'failed';
    return { recipients, reportingMta: server, originalHeaders: inlineHeaders(original) };
  },
};

function allOf2(a: (c: DecodeContext) => boolean, b: (c: DecodeContext) => boolean) {
  return (c: DecodeContext) => a(c) && b(c);
}
