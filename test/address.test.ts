// The one address rule (src/address.ts): what is an address, and its one normal form.
import { describe, expect, it } from 'vitest';
import { normalizeAddress, parseAddress, readAddress, AddressError, domainKey } from '../src/address.js';

describe('the address rule', () => {
  it.each([
    ['  <User@Example.COM> ', 'user@example.com'],
    ['mailto:someone@example.com', 'someone@example.com'],
    ['Jörg@Bücher.Example', 'jörg@xn--bcher-kva.example'],
    ['jörg@xn--bcher-kva.example', 'jörg@xn--bcher-kva.example'],
    ['"John Doe"@Example.com', '"john doe"@example.com'],
    ['"john"@example.com', 'john@example.com'],
    ['"a\\"b"@example.com', '"a\\"b"@example.com'],
    ['"a@b"@example.com', '"a@b"@example.com'],
    ['taro..x.@docomo.ne.jp', 'taro..x.@docomo.ne.jp'],
    ["o'brien+tag@example.com", "o'brien+tag@example.com"],
    ['user@example.com.', 'user@example.com'],
    ['postmaster@[192.0.2.1]', 'postmaster@[192.0.2.1]'],
    // an RFC 2047 encoded word keeps its case: lower-cased base64 would be other bytes
    ['=?utf-8?B?5bGx55Sw?=@Example.jp', '=?utf-8?B?5bGx55Sw?=@example.jp'],
  ])('%j is %j', (input, key) => {
    expect(normalizeAddress(input)?.address).toBe(key);
  });

  it('gives the Unicode form for people', () => {
    expect(normalizeAddress('jörg@xn--bcher-kva.example')?.unicode).toBe('jörg@bücher.example');
  });

  it.each([
    ['a\x00b@example.com', 'control character U+0000'],
    ['a\x1bb@example.com', 'control character U+001B'],
    ['a\x85b@example.com', 'control character U+0085'],
    ['a b@example.com', 'whitespace (quote a local part that holds spaces)'],
    ['a\u00a0b@example.com', 'whitespace (quote a local part that holds spaces)'],
    ['"a\tb"@example.com', 'control character U+0009'],
    ['a,b@example.com', '"," in an unquoted local part'],
    ['a;b@example.com', '";" in an unquoted local part'],
    ['a<b@example.com', '"<" in an unquoted local part'],
    ['a@b@example.com', 'more than one @ (quote a local part that holds one)'],
    ['"unclosed@example.com', 'an unclosed quote'],
    ['"a"b@example.com', 'characters between the quoted local part and the @'],
    ['""@example.com', 'an empty quoted local part'],
    ['not an address', 'no @'],
    ['@example.com', 'no local part before the @'],
    ['user@', 'no domain after the @'],
    ['user@exa mple.com', '"exa mple.com" is not a domain name'],
    ['user@a,b.com', '"a,b.com" is not a domain name'],
    ['user@-a.com', '"-a.com" is not a domain name'],
    ['user@a..com', '"a..com" is not a domain name'],
    // the URL host parser would cut these short or decode them: no shorter address is made up
    ['user@evil.example/x', '"evil.example/x" is not a domain name'],
    ['user@a.example?b', '"a.example?b" is not a domain name'],
    ['user@a.example#c', '"a.example#c" is not a domain name'],
    ['user@a%2eexample', '"a%2eexample" is not a domain name'],
    ['', 'empty'],
    [`${'a'.repeat(320)}@example.com`, 'longer than 320 characters'],
  ])('%j is refused: %s', (input, why) => {
    const r = readAddress(input);
    expect(r).toBeInstanceOf(AddressError);
    expect((r as AddressError).message).toBe(why);
    expect(normalizeAddress(input)).toBeNull();
    expect(() => parseAddress(input)).toThrow(`not an email address: ${JSON.stringify(input)}: ${why}`);
  });

  it('keys a typed domain without cutting it at a URL delimiter', () => {
    expect(domainKey(' @Bücher.Example. ')).toBe('xn--bcher-kva.example');
    expect(domainKey('not/a@domain')).toBe('not/a@domain');
    expect(domainKey('a.example:25')).toBe('a.example:25');
  });
});
