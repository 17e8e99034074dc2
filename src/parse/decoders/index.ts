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
import { amazonses, receivingses } from './formats/amazonses.js';
import { amazonworkmail } from './formats/amazonworkmail.js';
import { googlegroups } from './formats/googlegroups.js';
import { dragonfly } from './formats/dragonfly.js';
import { notes } from './formats/notes.js';
import { ezweb } from './formats/ezweb.js';
import { kddi } from './formats/kddi.js';
import { fml } from './formats/fml.js';
import { imailserver } from './formats/imailserver.js';
import { mailmarshal } from './formats/mailmarshal.js';
import { apachejames } from './formats/apachejames.js';
import { biglobe } from './formats/biglobe.js';
import { courier } from './formats/courier.js';
import { gmx } from './formats/gmx.js';
import { mxlogic } from './formats/mxlogic.js';
import { zoho } from './formats/zoho.js';
import { sendgrid } from './formats/sendgrid.js';
import { generic } from './formats/generic.js';

export const DECODERS: Decoder[] = [
  // providers whose reports are machine-made (JSON, quoted replies) or carry their own headers
  amazonworkmail, amazonses, receivingses, googlegroups,
  gmail, exchange, exchange2003, yahoo,
  // MTAs and gateways with their own wording; those whose text resembles Exim's, qmail's or
  // Sendmail's come before those decoders
  dragonfly, notes, ezweb, kddi, fml, imailserver, mailmarshal, apachejames, biglobe, courier, gmx, mxlogic, zoho, sendgrid,
  qmail, postfix, postfixSmtpd, exim, sendmail, generic,
];
