import { describe, it, expect } from 'vitest';
import { makeReturnPath, readReturnPath } from '../../src/return-path/return-path.js';
import { base32Decode, base32Encode } from '../../src/return-path/base32.js';
import { checkRecipient } from '../../src/sources/smtp/recipients.js';

const SECRET = 'a-long-enough-test-secret';
const OLD = 'the-previous-secret-still-valid';
const now = new Date('2024-05-06T12:00:00Z');
const split = (a: string) => [a.slice(0, a.lastIndexOf('@')), a.slice(a.lastIndexOf('@') + 1)] as const;
const read = (a: string, secrets: Record<string, string> = {}, at = now) => readReturnPath(...split(a), { secrets, now: at });

describe('base32', () => {
  it('round-trips any bytes and rejects text outside the alphabet', () => {
    for (let n = 0; n < 20; n++) {
      const b = Uint8Array.from({ length: n }, (_, i) => (i * 37 + n) & 255);
      expect(base32Decode(base32Encode(b))).toEqual(b);
      expect(base32Decode(base32Encode(b).toUpperCase())).toEqual(b);
    }
    expect(base32Encode(Buffer.from('foobar'))).toBe('mzxw6ytboi');
    expect(base32Decode('mzxw6ytb0i')).toBeNull(); // 0 is not in the alphabet
    expect(base32Decode('mzxw6ytboj')).toBeNull(); // non-zero padding bits
  });
});

describe('VERP (unsigned)', () => {
  it('encodes the recipient as user=domain and decodes it back', () => {
    const a = makeReturnPath('user@example.org', { domain: 'bounce.example.com' });
    expect(a).toBe('bounces+user=example.org@bounce.example.com');
    expect(read(a)).toEqual({ ok: true, recipient: 'user@example.org', sendId: null, signed: false });
    // a '=' in the user part survives: the domain is after the last '='
    expect(read(makeReturnPath('a=b+c@example.org', { domain: 'b.test' }))).toMatchObject({ ok: true, recipient: 'a=b+c@example.org' });
    // IDN domains are carried in ASCII form
    expect(makeReturnPath('jörg@bücher.example', { domain: 'b.test' })).toBe('bounces+jörg=xn--bcher-kva.example@b.test');
  });

  it('carries a send id, takes another prefix, and refuses what a local part cannot hold', () => {
    expect(makeReturnPath('send-42.x', { domain: 'b.test', prefix: 'rb' })).toBe('rb+send-42.x@b.test');
    expect(readReturnPath('RB+send-42.x', 'b.test', { prefix: 'rb' })).toMatchObject({ ok: true, recipient: null, sendId: 'send-42.x' });
    expect(() => makeReturnPath('"odd user"@example.org', { domain: 'b.test' })).toThrow(/cannot carry/);
    expect(() => makeReturnPath('not a send id', { domain: 'b.test' })).toThrow(/send id/);
    expect(read('other+user=example.org@b.test')).toEqual({ ok: false, reason: 'malformed' });
    expect(read('bounces@b.test')).toEqual({ ok: false, reason: 'malformed' });
  });
});

describe('signed return paths', () => {
  const sign = (rcpt: string, o: Partial<Parameters<typeof makeReturnPath>[1]> = {}) =>
    makeReturnPath(rcpt, { domain: 'bounce.example.com', secret: SECRET, keyId: 'k2', now, ...o });

  it('verify with the key and give back the recipient, its key and expiry', () => {
    const a = sign('Some.User@Example.ORG');
    expect(a).toMatch(/^bounces\+[a-z2-7]{21}=Some\.User=example\.org@bounce\.example\.com$/);
    expect(read(a, { k2: SECRET })).toEqual({
      ok: true,
      recipient: 'Some.User@example.org',
      sendId: null,
      signed: true,
      keyId: 'k2',
      expires: '2024-06-05', // 30 days by default
    });
    // an MTA that changes the case of the local part does not break it
    expect(read(a.toUpperCase().replace('@BOUNCE.EXAMPLE.COM', '@bounce.example.com'), { k2: SECRET })).toMatchObject({ ok: true, signed: true });
    expect(read(sign('order-1234'), { k2: SECRET })).toMatchObject({ ok: true, recipient: null, sendId: 'order-1234', signed: true });
  });

  it('stays within 64 octets for a recipient of up to 34 octets', () => {
    const rcpt = 'firstname.lastname@example-co.com'; // 33 octets
    const local = split(sign(rcpt))[0];
    expect(Buffer.byteLength(local)).toBe(30 + rcpt.length);
    expect(Buffer.byteLength(local)).toBeLessThanOrEqual(64);
  });

  it('refuses a forged token: another recipient, another domain, a changed MAC, the wrong key', () => {
    const a = sign('victim@example.org');
    const [local, domain] = split(a);
    const token = local.slice('bounces+'.length, 'bounces+'.length + 21);
    // the token of one recipient put in front of another
    expect(read(`bounces+${token}=someone=example.org@${domain}`, { k2: SECRET })).toEqual({ ok: false, reason: 'bad-signature' });
    // the same return path at another bounce domain
    expect(read(`${local}@other.example.com`, { k2: SECRET })).toEqual({ ok: false, reason: 'bad-signature' });
    // one MAC character changed
    const last = token[20] === 'a' ? 'b' : 'a';
    expect(read(`bounces+${token.slice(0, 20)}${last}=victim=example.org@${domain}`, { k2: SECRET })).toMatchObject({ ok: false });
    // a key id we know with another secret
    expect(read(a, { k2: 'another-secret-of-some-length' })).toEqual({ ok: false, reason: 'bad-signature' });
    // a key id we do not have at all
    expect(read(a, { k9: SECRET })).toEqual({ ok: false, reason: 'unknown-key' });
    // not signed while keys are configured
    expect(read('bounces+victim=example.org@bounce.example.com', { k2: SECRET })).toEqual({ ok: false, reason: 'unsigned' });
    expect(read(`bounces+${'a'.repeat(21)}=victim=example.org@bounce.example.com`, { k2: SECRET })).toMatchObject({ ok: false });
  });

  it('expires after its last day', () => {
    const a = sign('user@example.org', { ttlDays: 5 });
    expect(read(a, { k2: SECRET }, new Date('2024-05-11T23:59:59Z'))).toMatchObject({ ok: true, expires: '2024-05-11' });
    expect(read(a, { k2: SECRET }, new Date('2024-05-12T00:00:00Z'))).toEqual({ ok: false, reason: 'expired' });
  });

  it('rotates keys: tokens of the old key still verify while it is configured', () => {
    const old = sign('user@example.org', { secret: OLD, keyId: 'k1' });
    const fresh = sign('user@example.org');
    const both = { k2: SECRET, k1: OLD };
    expect(read(old, both)).toMatchObject({ ok: true, keyId: 'k1' });
    expect(read(fresh, both)).toMatchObject({ ok: true, keyId: 'k2' });
    expect(read(old, { k2: SECRET })).toEqual({ ok: false, reason: 'unknown-key' });
  });

  it('decode without keys: the recipient is read but not verified', () => {
    expect(read(sign('user@example.org'))).toEqual({ ok: true, recipient: 'user@example.org', sendId: null, signed: false });
  });
});

describe('checkRecipient', () => {
  const rules = { domains: ['bounce.example.com'], prefix: 'bounces', secrets: {}, unsignedLocalParts: ['postmaster', 'abuse'] };
  it('refuses other domains with 5.7.1 and takes anything at a bounce domain without keys', () => {
    expect(checkRecipient('user@elsewhere.example', rules, now)).toMatchObject({ accept: false, code: 550, enhanced: '5.7.1', reason: 'foreign-domain' });
    expect(checkRecipient('postmaster@Bounce.Example.COM', rules, now)).toEqual({ accept: true, recipient: null, sendId: null, signed: false, origin: null });
    // RFC 5321 4.1.1.3: "postmaster" without a domain is always taken; nothing else without one
    expect(checkRecipient('Postmaster', rules, now)).toMatchObject({ accept: true, origin: null });
    expect(checkRecipient('someone', rules, now)).toMatchObject({ accept: false, reason: 'foreign-domain' });
    expect(checkRecipient('bounces+u=example.org@bounce.example.com', rules, now)).toMatchObject({ accept: true, recipient: 'u@example.org' });
    // no domains configured: any domain
    expect(checkRecipient('x@anywhere.test', { ...rules, domains: [] }, now)).toMatchObject({ accept: true });
  });

  it('with keys, only valid unexpired tokens: anything else 550 5.1.1', () => {
    const keyed = { ...rules, secrets: { k: SECRET } };
    const good = makeReturnPath('u@example.org', { domain: 'bounce.example.com', secret: SECRET, keyId: 'k', now });
    expect(checkRecipient(good, keyed, now)).toMatchObject({ accept: true, recipient: 'u@example.org', signed: true });
    expect(checkRecipient(good, keyed, new Date('2024-07-01T00:00:00Z'))).toMatchObject({ accept: false, enhanced: '5.1.1', reason: 'expired' });
    expect(checkRecipient(good, keyed, now)).toMatchObject({ origin: 'signed' });
    expect(checkRecipient('someone@bounce.example.com', keyed, now)).toMatchObject({ accept: false, enhanced: '5.1.1', reason: 'malformed' });
    expect(checkRecipient('bounces+u=example.org@bounce.example.com', keyed, now)).toMatchObject({ accept: false, reason: 'unsigned' });
    expect(checkRecipient(good.replace('bounce.example.com', 'evil.example'), keyed, now)).toMatchObject({ accept: false, enhanced: '5.7.1' });
  });

  it('with keys, still takes the role addresses a domain must have, marked unsigned', () => {
    const keyed = { ...rules, secrets: { k: SECRET } };
    for (const a of ['postmaster@bounce.example.com', 'PostMaster@Bounce.Example.com', 'abuse@bounce.example.com', 'postmaster']) {
      expect(checkRecipient(a, keyed, now), a).toEqual({ accept: true, recipient: null, sendId: null, signed: false, origin: 'unsigned' });
    }
    expect(checkRecipient('postmaster@evil.example', keyed, now)).toMatchObject({ accept: false, reason: 'foreign-domain' });
    expect(checkRecipient('fbl@bounce.example.com', { ...keyed, unsignedLocalParts: ['postmaster', 'fbl'] }, now)).toMatchObject({ origin: 'unsigned' });
    expect(checkRecipient('abuse@bounce.example.com', { ...keyed, unsignedLocalParts: [] }, now)).toMatchObject({ accept: false });
  });
});
