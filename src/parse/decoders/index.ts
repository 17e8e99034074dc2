// Every format decoder, in the order they are tried. Specific formats first; a decoder's detect()
// is cheap and looks for the marks only its MTA leaves.
import type { Decoder } from './types.js';
import { postfix, postfixSmtpd } from './formats/postfix.js';
import { exim } from './formats/exim.js';
import { sendmail } from './formats/sendmail.js';
import { qmail } from './formats/qmail.js';
import { gmail } from './formats/gmail.js';
import { exchange } from './formats/exchange.js';
import { exchange2003 } from './formats/exchange2003.js';
import { yahoo } from './formats/yahoo.js';
import { generic } from './formats/generic.js';

export const DECODERS: Decoder[] = [gmail, exchange, exchange2003, yahoo, qmail, postfix, postfixSmtpd, exim, sendmail, generic];
