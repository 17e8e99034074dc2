// i.ua, email.ua, ua.fm: "See http://mail.i.ua/err/3/", the number names the error
import type { ProviderRules } from '../provider-rules.js';

export const iua: ProviderRules = {
  name: 'iua',
  hosts: /(?:^|\.)(?:i\.ua|email\.ua|ua\.fm)$/,
  rules: [
    [/mail\.i\.ua\/err\/2\//, 'userunknown'],
    [/mail\.i\.ua\/err\/3\/|mailbox is frozen/, 'suspend'],
    [/mail\.i\.ua\/err\/4\//, 'mailboxfull'],
    [/mail\.i\.ua\/err\/5\//, 'ratelimited'],
    [/mail\.i\.ua\/err\/[16]\//, 'norelaying'],
    [/mail\.i\.ua\/err\/[79]\//, 'blocked'],
    [/mail\.i\.ua\/err\/8\//, 'rejected'],
    [/mail\.i\.ua\/err\/10\//, 'filtered'],
  ],
};
