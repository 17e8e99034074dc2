// Lines after which a report quotes the message it returns (inline copies). Data, one per MTA
// family; a decoder may use its own list instead.
export const ORIGINAL_MARKERS: RegExp[] = [
  /^-+ ?(?:This is a copy of|Below this line is a copy of|Original message|Undelivered message|Unsent message|The original message|Message header|Returned message|Header of the original message|Original message headers)[^\n]*$/im,
  /^-+ ?Original Message ?-+$/im,
  /^-{3,} ?(?:The )?(?:header|headers) of (?:the )?original (?:message|mail)[^\n]*$/im,
  /^Original message headers:\s*$/im,
  /^\s*-+ ?Original message follows ?-+\s*$/im,
  /^\s*-+ ?(?:Message|Text) of (?:the )?(?:original )?message follows ?-+\s*$/im,
  /^\s*-+ ?Unsent message follows ?-+\s*$/im,
  /^\s*-+ ?Partial message follows ?-+\s*$/im,
  /^\s*-+ ?Returned mail follows ?-+\s*$/im,
  /^\s*Content-Type: message\/(?:rfc822|global)\s*$/im,
  /^\s*Content-Type: text\/rfc822-headers\s*$/im,
  /^\s*-+ ?Original message ?-+\s*$/im,
  /^\s*\|?-+ ?(?:Original|Forwarded) message ?-+\s*$/im,
  // a whole line that announces the copy, with or without rules around it, in several languages
  // (the white space around a rule is read once: "[ \t]*[-=*_|]*[ \t]*" tried every way of sharing a
  // long run of spaces between its two halves, 0.7 s on a line of 5 MB of spaces)
  /^[ \t]*(?:[-=*_|]+[ \t]*)?(?:(?:possibly truncated )?(?:the )?original message follows|(?:the )?(?:bounced|returned) (?:e-?mail|message|mail)(?: follows)?|message headers follow|(?:here is |below (?:this line )?is )?a copy of (?:the|your) (?:original )?message(?: below this line| follows|, including all the headers)?|copy of the original message below this line|(?:urspr[üu]ngliche|originale?) ?nachricht(?: folgt)?|message d'origine|(?:le )?message original(?: suit)?|mensaje original|messaggio originale|mensagem original|oorspronkelijk bericht|元のメッセージ|原始邮件|原邮件)[ \t]*(?:[-=*_|:.]+[ \t]*)?$/im,
];
