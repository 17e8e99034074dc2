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
import { activehunter } from './formats/activehunter.js';
import { amavis } from './formats/amavis.js';
import { barracuda } from './formats/barracuda.js';
import { mailfoundry } from './formats/mailfoundry.js';
import { mcafee } from './formats/mcafee.js';
import { messagingserver } from './formats/messagingserver.js';
import { mfilter } from './formats/mfilter.js';
import { mimecast } from './formats/mimecast.js';
import { opensmtpd } from './formats/opensmtpd.js';
import { haraka } from './formats/haraka.js';
import { smail } from './formats/smail.js';
import { surfcontrol } from './formats/surfcontrol.js';
import { trendmicro } from './formats/trendmicro.js';
import { v5sendmail } from './formats/v5sendmail.js';
import { x1 } from './formats/x1.js';
import { x2 } from './formats/x2.js';
import { x3 } from './formats/x3.js';
import { x6 } from './formats/x6.js';

export const DECODERS: Decoder[] = [
  // providers whose reports are machine-made (JSON, quoted replies) or carry their own headers
  amazonworkmail, amazonses, receivingses, googlegroups,
  gmail, exchange, exchange2003, x2, yahoo,
  // content-filter gateways and less common MTAs, recognised by their own headers or sentences;
  // those whose text resembles Exim's, qmail's or Sendmail's come before those decoders
  activehunter, mcafee, mfilter, mailfoundry, surfcontrol, barracuda, amavis, trendmicro, mimecast, messagingserver,
  opensmtpd, haraka, x1, x3, x6, smail,
  dragonfly, notes, ezweb, kddi, fml, imailserver, mailmarshal, apachejames, biglobe, courier, gmx, mxlogic, zoho, sendgrid,
  qmail, postfix, postfixSmtpd, exim, v5sendmail, sendmail,
  generic,
];
