// Real MTAs as teachers: one set of causes, each sent through a real MTA that writes its own DSN
// and delivers it by SMTP to a sink; Rebound must read each DSN as the cause says. The expected
// results are written from the causes (what happened to the mail), never from the parser's output.
// Each MTA's test file (exim.test.ts, ...) runs `mtaScenarios` with its own helper.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTransport } from 'nodemailer';
import { parseBounce, type BounceReport, type Reason, type ReportKind } from '../../src/index.js';
import { itNeeds } from '../helpers/integration.js';
import { startNxResolver, type NxResolver } from '../helpers/mta-sandbox.js';
import { startScriptedRemote, startSink, type Listening, type Received, type Sink } from '../helpers/mta-remote.js';
import { LOCAL_DOMAIN, NOHOST_DOMAIN, refusingHost, type MtaRoutes, type RunningMta } from '../helpers/mta-routes.js';

export const SINK_DOMAIN = 'sink.test';
const REMOTE = 'remote.test';
const REFUSED = 'down.test';

interface Expected {
  address: string;
  type: 'hard' | 'soft';
  /** any of these (a reason being renamed: mesgtoobig → emailtoolarge) */
  reason: string[];
  smtpCode?: number;
  status?: string;
}

export interface Scenario {
  name: string;
  to: string[];
  kind: ReportKind;
  /** expected per recipient (failures only; a delay names its recipients) */
  recipients: Expected[];
}

const hard = (address: string, reason: Reason, more: Partial<Expected> = {}): Expected => ({ address, type: 'hard', reason: [reason], ...more });
const soft = (address: string, reason: string[], more: Partial<Expected> = {}): Expected => ({ address, type: 'soft', reason, ...more });

export const SCENARIOS: Scenario[] = [
  { name: 'unknown local user', to: [`nosuchuser@${LOCAL_DOMAIN}`], kind: 'bounce', recipients: [hard(`nosuchuser@${LOCAL_DOMAIN}`, 'userunknown')] },
  {
    name: 'remote 550 5.1.1 at RCPT',
    to: [`unknown-one@${REMOTE}`],
    kind: 'bounce',
    recipients: [hard(`unknown-one@${REMOTE}`, 'userunknown', { smtpCode: 550, status: '5.1.1' })],
  },
  {
    name: 'remote 552 5.2.2 mailbox full',
    to: [`full-box@${REMOTE}`],
    kind: 'bounce',
    recipients: [soft(`full-box@${REMOTE}`, ['mailboxfull'], { smtpCode: 552, status: '5.2.2' })],
  },
  {
    name: 'remote 554 5.7.1 spam refusal after DATA',
    to: [`spam-check@${REMOTE}`],
    kind: 'bounce',
    recipients: [soft(`spam-check@${REMOTE}`, ['spamdetected', 'policyviolation'], { smtpCode: 554, status: '5.7.1' })],
  },
  {
    name: 'remote 552 5.3.4 message too big',
    to: [`big-attachment@${REMOTE}`],
    kind: 'bounce',
    recipients: [soft(`big-attachment@${REMOTE}`, ['mesgtoobig', 'emailtoolarge'], { smtpCode: 552, status: '5.3.4' })],
  },
  { name: 'recipient domain with no mail host', to: [`someone@${NOHOST_DOMAIN}`], kind: 'bounce', recipients: [hard(`someone@${NOHOST_DOMAIN}`, 'hostunknown')] },
  {
    name: 'host refusing connections until the queue lifetime ends',
    to: [`someone@${REFUSED}`],
    kind: 'bounce',
    recipients: [soft(`someone@${REFUSED}`, ['expired', 'networkerror'])],
  },
  { name: 'delayed warning', to: [`later-please@${REMOTE}`], kind: 'delay', recipients: [] },
  {
    name: 'two-recipient failure',
    to: [`unknown-a@${REMOTE}`, `unknown-b@${REMOTE}`],
    kind: 'bounce',
    recipients: [
      hard(`unknown-a@${REMOTE}`, 'userunknown', { smtpCode: 550, status: '5.1.1' }),
      hard(`unknown-b@${REMOTE}`, 'userunknown', { smtpCode: 550, status: '5.1.1' }),
    ],
  },
];

export interface MtaUnderTest {
  name: string;
  /** why it cannot run here, or null */
  missing: string | null;
  start(routes: MtaRoutes): Promise<RunningMta>;
  /** is this DSN (header and text) one of the MTA's delay warnings? How the test tells a warning
   * from a failure, from what the MTA is known to write, not from the parser */
  isWarning(dsn: string): boolean;
  /** scenarios this MTA cannot produce (it writes no DSN for them), with why */
  cannot?: Record<string, string>;
  /** scenarios whose DSN Rebound does not read right yet, with why: reported as todo */
  todo?: Record<string, string>;
  /** seconds to wait for every DSN */
  timeout?: number;
}

/** a header of a raw message, unfolded */
export const headerOf = (raw: string, name: string): string => {
  const head = raw.split(/\r?\n\r?\n/)[0]!.replace(/\r?\n[ \t]+/g, ' ');
  return new RegExp(`^${name}:[ \\t]*(.*)$`, 'im').exec(head)?.[1] ?? '';
};

/** The DSNs about this scenario: those naming one of its recipients, warnings or not as it expects. */
function dsnsFor(sc: Scenario, mta: MtaUnderTest, received: Received[]): Received[] {
  return received.filter((m) => {
    const text = m.raw.toString('latin1');
    const warning = mta.isWarning(text);
    return sc.to.some((a) => text.includes(a)) && warning === (sc.kind === 'delay');
  });
}

export function mtaScenarios(mta: MtaUnderTest): void {
  describe(`real DSNs from ${mta.name}`, () => {
    let resolver: NxResolver | undefined;
    let remote: Listening | undefined;
    let sink: Sink | undefined;
    let running: RunningMta | undefined;
    let waited = '';

    beforeAll(async () => {
      if (mta.missing) return;
      resolver = await startNxResolver();
      remote = await startScriptedRemote();
      sink = await startSink();
      running = await mta.start({
        resolver: resolver.address,
        remote: { domain: REMOTE, host: '127.0.0.1', port: remote.port },
        refused: { domain: REFUSED, host: refusingHost(), port: 25 },
        sink: { domain: SINK_DOMAIN, host: '127.0.0.1', port: sink.port },
      });
      const t = createTransport({ host: '127.0.0.1', port: running.port, secure: false, ignoreTLS: true });
      const wanted = SCENARIOS.filter((sc) => !mta.cannot?.[sc.name]);
      for (const sc of wanted) {
        await t.sendMail({
          envelope: { from: `bounces@${SINK_DOMAIN}`, to: sc.to },
          from: `news@${SINK_DOMAIN}`,
          to: sc.to.join(', '),
          subject: `scenario: ${sc.name}`,
          text: 'Hello,\n\nThis is a test message.\n',
        });
      }
      t.close();
      const until = Date.now() + (mta.timeout ?? 60) * 1000;
      while (wanted.some((sc) => dsnsFor(sc, mta, sink!.received).length === 0) && Date.now() < until) {
        await new Promise((r) => setTimeout(r, 250));
      }
      const dump = process.env.REBOUND_MTA_DUMP; // a directory: keep the DSNs to look at
      if (dump) {
        mkdirSync(dump, { recursive: true });
        sink.received.forEach((m, i) => writeFileSync(join(dump, `${mta.name.toLowerCase()}-${i}.eml`), m.raw));
      }
      const still = wanted.filter((sc) => dsnsFor(sc, mta, sink!.received).length === 0).map((sc) => sc.name);
      if (still.length) waited = `no DSN for: ${still.join('; ')}\n--- ${mta.name} log ---\n${running.log().slice(0, 3000)}\n[...]\n${running.log().slice(-5000)}`;
    }, ((mta.timeout ?? 60) + 30) * 1000);

    afterAll(async () => {
      await running?.stop();
      await sink?.close();
      await remote?.close();
      await resolver?.close();
    });

    itNeeds(mta.missing)('asks no DNS server but its own loopback resolver', () => {
      // the resolver heard the no-mail-host domain: the MTA used it, and nothing else was configured
      if (!mta.cannot?.['recipient domain with no mail host']) expect(resolver!.asked.some((n) => n.toLowerCase().startsWith(NOHOST_DOMAIN) || n.toLowerCase().endsWith(NOHOST_DOMAIN))).toBe(true);
    });

    for (const sc of SCENARIOS) {
      // not a test that could be skipped: this MTA never writes that DSN (the reason is in its file)
      if (mta.cannot?.[sc.name]) continue;
      const todo = mta.todo?.[sc.name];
      if (todo) {
        it.todo(`${sc.name}: ${todo}`);
        continue;
      }
      itNeeds(mta.missing)(sc.name, () => {
        const dsns = dsnsFor(sc, mta, sink!.received);
        expect(dsns.length, waited || 'a DSN').toBeGreaterThan(0);
        const reports = dsns.map((m) => parseBounce(m.raw));
        for (const [i, r] of reports.entries()) check(sc, r, dsns[i]!);
      });
    }
  });
}

function check(sc: Scenario, report: BounceReport, dsn: Received): void {
  const why = `${sc.name}\n--- DSN ---\n${dsn.raw.toString('utf8').slice(0, 5000)}`;
  expect(dsn.from, 'a DSN is sent from the null sender').toBe('');
  expect(report.kind, why).toBe(sc.kind);
  // no false recipients: every address reported is one the scenario mailed
  for (const r of report.recipients) expect(sc.to, why).toContain(r.address);
  if (sc.kind === 'delay') {
    expect(report.recipients.map((r) => r.address), why).toEqual(sc.to);
    return;
  }
  for (const want of sc.recipients) {
    const got = report.recipients.find((r) => r.address === want.address);
    expect(got, `${want.address} reported\n${why}`).toBeDefined();
    expect({ address: got!.address, type: got!.type }, why).toEqual({ address: want.address, type: want.type });
    expect(want.reason, `reason of ${want.address}\n${why}`).toContain(got!.reason);
    if (want.smtpCode !== undefined) expect(got!.smtpCode, `reply code of ${want.address}\n${why}`).toBe(want.smtpCode);
    if (want.status !== undefined) expect(got!.status, `status of ${want.address}\n${why}`).toBe(want.status);
  }
}
