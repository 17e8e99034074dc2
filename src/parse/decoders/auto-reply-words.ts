// Data for auto-reply.ts: what automatic replies say of themselves, in their subjects and their
// first lines, in the languages mail is written in most. A new wording is a new entry here.

// Data: subjects of out-of-office replies in the languages we see most.
export const SUBJECTS: RegExp[] = [
  /^\s*(?:auto(?:matic|matische|matisch|matisk|maattinen|matyczna)?[-_ ]?(?:reply|response|respons|antwort|antwoord|svar|vastaus|odpowied[zź]|réponse|risposta|respuesta|resposta)|autoreply|autoresponse|auto[-_ ]?respond(?:er)?)\b/i,
  /^\s*auto:/i,
  // a provider's or a tool's name before it ("Yahoo! Auto Response", "[Ticket #12] AutoReply: ...")
  /\bauto[-_ ]?(?:reply|response)\b/i,
  /\bout of (?:the )?office\b|\bout-of-office\b|\booo\b/i,
  /\b(?:on )?vacation\b|\bon (?:leave|holiday|holidays)\b|\baway (?:from|until|till)\b|\bi am away\b|\bcurrently away\b/i,
  /abwesenheit|nicht im b[üu]ro|au[sß]er haus|r[ée]ponse automatique|absence|absent|risposta automatica|fuori ufficio|respuesta autom[áa]tica|fuera de la oficina|ausente|resposta autom[áa]tica|automatisch antwoord|afwezig|frånvaro|fravær|poissa|nieobecno[śs][ćc]|nepřítomnost/i,
  // the words for a holiday that such a subject is often only made of ("Urlaub bis 20.07.",
  // "Ausencia por vacaciones", "Férias", "In ferie", "En congés"): de, es, pt, it, fr, nl, pl, cs
  /\burlaub|\bausencia\b|\bvacaciones\b|\bf[ée]rias\b|\baus[êe]ncia\b|\bferie\b|\bassenza\b|\bvacanz[ae]\b|\bcong[ée]s?\b|\bvacances\b|\bvakantie\b|\burlop|\bdovolen[áé]/i,
  /不在|自動応答|自動返信|自动回复|自动答复|自動回覆|自動回復|休假|休暇|자동\s*(?:응답|회신)|부재/,
  // ru, uk, cs, tr, he
  /автоответ|автоматический ответ|нет на месте|в отпуске|автовідповідь|автоматична відповідь|відпустк|automatická odpověď|otomatik (?:yanıt|cevap)|ofiste değil|מענה אוטומטי|תשובה אוטומטית/i,
  // the prefix Outlook and Exchange put before the subject of an automatic reply, in the other
  // languages they speak: sv, pl, hu, el, ro, hr/sr/bs, sk, sl, bg, lt, lv, et, ca, vi, id, ms, th,
  // ar, fa
  /^\s*(?:automatiskt svar|odpowied[źz] automatyczna|automatikus v[áa]lasz|αυτόματη απάντηση|r[ăa]spuns automat|automatski odgovor|automatick[áa] odpove[ďd]|samodejni odgovor|автоматичен отговор|automatinis atsakymas|autom[āa]tisk[āa] atbilde|automaatvastus|resposta autom[àa]tica|tr[ảa] l[ờo]i t[ựu] đ[ộo]ng|balasan otomatis|balasan automatik|ตอบกลับอัตโนมัติ|رد تلقائي|پاسخ خودکار)\s*[:：]/i,
];

// Data: words by which a message says it is itself an automatic reply or an acknowledgement
// ("This is an automatic reply", "This message has been automatically generated in response to
// ...", "Your request (48213) has been received"). Enough on their own.
export const SAYS_AUTOMATIC = [
  /\b(?:this|it) is an? (?:automatic|automated|auto-generated|automatically generated|computer-generated) (?:reply|response|answer|acknowledge?ment)\b/i,
  /\b(?:automatically|auto-?) ?generated in (?:response|reply) to\b/i,
  /\byour (?:request|message|e-?mail|enquiry|inquiry|ticket|case)(?: \(?#?[\w-]{1,20}\)?)? has been (?:received|logged|created)\b|\bwe have received your (?:message|e-?mail|request|enquiry|inquiry)\b/i,
  /\bthis is an? auto-?(?:reply|response|responder)\b|\b(?:sent|generated) by (?:an? )?auto-?responder\b|\bticket (?:#?[\w-]{1,20} )?has been (?:created|opened|logged)\b|\bassigned (?:a )?ticket\b/i,
  /\bautomatisch (?:generierte|erstellte|versandte|erzeugte) antwort\b|\bceci est une r[ée]ponse automatique\b|\bdies ist eine automatische antwort\b|\besta es una respuesta autom[áa]tica\b|\bquesta è una risposta automatica\b|\besta [ée] uma resposta autom[áa]tica\b|\bdit is een automatisch antwoord\b/i,
];

// Data: words of a person away, or the thanks an answer opens with, in the languages we see most;
// read only in a message that marks itself automatic (a person writes "I was out of the office"
// too), and only the words an out-of-office reply is made of (a notification that quotes a
// person's "I'm travelling" is none).
export const AWAY = [
  // the thanks an automatic answer opens with, in a message its headers say a program sent
  /\bthanks? (?:you )?for your (?:e-?mail|message|mail|enquiry|inquiry)\b|vielen dank für ihre (?:nachricht|e-?mail|anfrage)|merci (?:pour|de) votre (?:message|e-?mail|courriel)|gracias por su (?:mensaje|correo|e-?mail)|grazie per (?:il suo|la sua|il tuo|la tua) (?:messaggio|e-?mail)|obrigad[oa] pela sua (?:mensagem|e-?mail)|bedankt voor (?:uw|je) (?:bericht|e-?mail)/i,
  /\bout of (?:the )?office\b|\b(?:on|taking) (?:annual |maternity |paternity |parental |sick |study )?leave\b|\bon (?:vacation|holiday)\b|\b(?:limited|no|without) access to (?:my )?e-?mails?\b/i,
  /\b(?:upon|after|on) my return\b|\bi (?:am|will be) away from (?:the|my) (?:office|desk|e-?mail)\b|\bi(?: am|'m|’m| will be|'ll be|’ll be) (?:currently )?away\b/i,
  /nicht im b[üu]ro|im urlaub|abwesend|keinen zugriff auf (?:meine )?e-?mails|absente? du bureau|en cong[ée]s?\b|en vacances|fuera de la oficina|de vacaciones|fuori ufficio|in ferie|fora do escrit[óo]rio|de f[ée]rias|afwezig|met vakantie|nieobecn|na urlopie|frånvarande|på semester|不在|休暇|休假|в отпуске|у відпустці/i,
];

// Data: a writer who says, in the first person, that they are away now or until a date ("I am out
// of the office until ...", "Ich bin bis ... nicht im Büro", "Je suis absente du bureau"): what an
// out-of-office reply says first, enough without a header (older clients' rules send none).
export const SAYS_AWAY = [
  // (the present, or the future with its dates: "I'll be out of the office next week" is a person's)
  /\b(?:i am|i'm|i’m) (?:currently )?(?:out of (?:the )?office|on (?:annual |maternity |paternity |parental )?leave|on vacation|on holiday)\b|\b(?:i will be|i'll be|i’ll be|i am|i'm|i’m) (?:out of (?:the )?office|on (?:annual |maternity |paternity |parental )?leave|on vacation|on holiday|away) (?:until|till|through|from|starting|beginning)\b/i,
  /\bich bin (?:derzeit |zurzeit |momentan |vom .{1,30} )?(?:bis (?:zum |einschlie[ßs]lich )?.{1,30} )?(?:nicht im b[üu]ro|im urlaub|abwesend|au[ßs]er haus)\b/i,
  /\bje (?:suis|serai) (?:actuellement )?(?:absente?|en cong[ée]s?|en vacances)\b/i,
  /\b(?:estoy|estar[ée]) (?:fuera de la oficina|de vacaciones|ausente)\b|\b(?:sono|sar[òo]) (?:fuori ufficio|in ferie|assente)\b|\b(?:estou|estarei) (?:fora do escrit[óo]rio|de f[ée]rias|ausente)\b|\bik ben (?:momenteel |tot .{1,30} )?(?:afwezig|met vakantie|niet op kantoor)\b/i,
];

// Data: words by which an automatic reply says the mailbox is no longer read: the address is gone.
export const GONE = /\b(?:no longer (?:in use|active|monitored|valid|used|available)|is not (?:in use|monitored|active)(?: any ?more)?|has been (?:deactivated|closed|disabled|deleted)|(?:mailbox|inbox|address|account) is (?:closed|inactive|not monitored))\b/i;
