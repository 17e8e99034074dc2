// Which mailbox provider a record belongs to, from the remote MTA's host name (its MX) or else
// the recipient's domain. Data: a new provider is a new line. First match wins.
export const PROVIDERS: Array<[name: string, hosts: RegExp]> = [
  ['google', /(^|\.)(google\.com|googlemail\.com|gmail\.com|aspmx\.l\.google\.com)$/],
  ['microsoft', /(^|\.)(outlook\.com|hotmail\.[a-z.]+|live\.[a-z.]+|msn\.com|windowslive\.com|office365\.com|outlook\.office365\.com)$/],
  ['yahoo', /(^|\.)(yahoo\.[a-z.]+|ymail\.com|rocketmail\.com|yahoodns\.net|aol\.com|aim\.com|aol\.[a-z.]+)$/],
  ['apple', /(^|\.)(icloud\.com|me\.com|mac\.com)$/],
  ['proton', /(^|\.)(protonmail\.(com|ch)|proton\.me|pm\.me)$/],
  ['fastmail', /(^|\.)(fastmail\.[a-z.]+|messagingengine\.com)$/],
  ['zoho', /(^|\.)(zoho\.[a-z.]+|zohomail\.[a-z.]+)$/],
  ['gmx', /(^|\.)(gmx\.[a-z.]+|web\.de|mail\.com|1and1\.[a-z.]+|ionos\.[a-z.]+|kundenserver\.de)$/],
  ['yandex', /(^|\.)(yandex\.[a-z.]+|ya\.ru|yandex-team\.ru)$/],
  ['mailru', /(^|\.)(mail\.ru|list\.ru|bk\.ru|inbox\.ru|internet\.ru)$/],
  ['tencent', /(^|\.)(qq\.com|foxmail\.com|exmail\.qq\.com)$/],
  ['netease', /(^|\.)(163\.com|126\.com|yeah\.net|netease\.com)$/],
  ['comcast', /(^|\.)(comcast\.net|xfinity\.com)$/],
  ['att', /(^|\.)(att\.net|sbcglobal\.net|bellsouth\.net)$/],
  ['orange', /(^|\.)(orange\.fr|wanadoo\.fr)$/],
  ['t-online', /(^|\.)t-online\.de$/],
  ['naver', /(^|\.)naver\.com$/],
  ['docomo', /(^|\.)(docomo\.ne\.jp|ezweb\.ne\.jp|au\.com|softbank\.ne\.jp|i\.softbank\.jp)$/],
];

/** Provider name, or `other`. `remoteMta` may be `dns; mx.example.com` or carry a `[ip]`. */
export function providerOf(remoteMta: string | null, domain: string | null): string {
  const host = (remoteMta ?? '').toLowerCase().replace(/^dns;\s*/, '').replace(/[\s[(].*$/, '').replace(/\.$/, '');
  const d = (domain ?? '').toLowerCase();
  for (const [name, re] of PROVIDERS) if ((host && re.test(host)) || (d && re.test(d))) return name;
  return 'other';
}
