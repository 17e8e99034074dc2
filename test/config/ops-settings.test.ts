// The settings of the HTTP API, webhooks and scheduled exports: defaults, REBOUND_* variables, and
// errors that name the key or variable, the value (never a secret's) and what was expected.
import { describe, it, expect } from 'vitest';
import { parseHttpSettings, httpEnabled } from '../../src/config/http.js';
import { parseWebhookSettings, webhooksEnabled } from '../../src/config/webhooks.js';
import { parseExportSettings, exportsEnabled } from '../../src/config/export.js';
import { isLoopbackHost } from '../../src/config/loopback.js';
import { configError as error, configFromEnv } from '../helpers/config.js';

const httpSettingsFromEnv = (env: Record<string, string>) => configFromEnv(env).http;
const webhookSettingsFromEnv = (env: Record<string, string>) => configFromEnv(env).webhook;
const exportSettingsFromEnv = (env: Record<string, string>) => configFromEnv(env).export;

describe('http settings', () => {
  it('default to off, on 127.0.0.1, and read REBOUND_HTTP_*', () => {
    const d = parseHttpSettings({});
    expect(d).toEqual({ host: '127.0.0.1', maxMessageBytes: 10 * 1024 * 1024, pageLimit: 100, maxPageLimit: 1000, requestTimeoutMs: 30_000 });
    expect(httpEnabled(d)).toBe(false);
    const e = httpSettingsFromEnv({ REBOUND_HTTP_PORT: '8025', REBOUND_HTTP_TOKEN: 's3cret-token-0123456', REBOUND_HTTP_HOST: '::1', REBOUND_HTTP_PAGE_LIMIT: '50', OTHER: 'x' });
    expect(e).toMatchObject({ port: 8025, host: '::1', token: 's3cret-token-0123456', pageLimit: 50 });
    expect(httpEnabled(e)).toBe(true);
  });

  it('name the variable or key, the value and what was expected', () => {
    expect(error(() => httpSettingsFromEnv({ REBOUND_HTTP_PORT: 'http' })).message).toBe('REBOUND_HTTP_PORT: got "http", expected a whole number');
    expect(error(() => httpSettingsFromEnv({ REBOUND_HTTP_PORT: '70000' })).message).toBe('REBOUND_HTTP_PORT: got 70000: too big: expected number to be <=65535');
    expect(error(() => parseHttpSettings({ port: '8025' })).message).toBe('http.port: got "8025": invalid input: expected number, received string');
    expect(error(() => parseHttpSettings({ port: 8025, tokn: 'x' })).message).toBe('http.tokn: unknown key (a misspelling?)');
    expect(error(() => parseHttpSettings({ pageLimit: 500, maxPageLimit: 100 })).message).toBe('http.pageLimit: got 500: expected at most maxPageLimit (100)');
  });

  it('never show a token, and require one off loopback', () => {
    const short = error(() => httpSettingsFromEnv({ REBOUND_HTTP_TOKEN: 'hunter2' }));
    expect(short.setting).toBe('REBOUND_HTTP_TOKEN');
    expect(short.message).toBe('REBOUND_HTTP_TOKEN: got (hidden): expected at least 16 characters');
    expect(short.message).not.toContain('hunter2');
    const open = error(() => httpSettingsFromEnv({ REBOUND_HTTP_PORT: '8025', REBOUND_HTTP_HOST: '0.0.0.0' }));
    expect(open.message).toMatch(/^REBOUND_HTTP_TOKEN: not set: required: the API would listen on 0\.0\.0\.0, which is not a loopback address/);
    expect(httpSettingsFromEnv({ REBOUND_HTTP_HOST: '0.0.0.0', REBOUND_HTTP_TOKEN: 'a-long-enough-token' }).host).toBe('0.0.0.0');
  });

  it('tell loopback addresses from the others', () => {
    for (const h of ['127.0.0.1', '127.1.2.3', '::1', '[::1]', 'localhost', 'LOCALHOST', '::ffff:127.0.0.1']) expect(isLoopbackHost(h), h).toBe(true);
    for (const h of ['0.0.0.0', '::', '192.168.1.10', '10.0.0.1', 'example.com', '128.0.0.1', '::ffff:10.0.0.1']) expect(isLoopbackHost(h), h).toBe(false);
  });
});

describe('webhook settings', () => {
  it('default to none, and read REBOUND_WEBHOOK_*', () => {
    const d = parseWebhookSettings({});
    expect(webhooksEnabled(d)).toBe(false);
    expect(d).toMatchObject({ urls: [], events: ['suppression.created'], timeoutMs: 10_000, concurrency: 4, backoff: { initialMs: 1000, maxMs: 3_600_000 }, maxAgeHours: 72 });
    const e = webhookSettingsFromEnv({
      REBOUND_WEBHOOK_URLS: 'https://hooks.example/a, http://127.0.0.1:8080/b',
      REBOUND_WEBHOOK_SECRET: 'whsec-0123456789abcdef',
      REBOUND_WEBHOOK_EVENTS: 'suppression.created,bounce.recorded',
      REBOUND_WEBHOOK_BACKOFF_INITIAL_MS: '500',
      REBOUND_WEBHOOK_MAX_AGE_HOURS: '1.5',
    });
    expect(e).toMatchObject({ urls: ['https://hooks.example/a', 'http://127.0.0.1:8080/b'], events: ['suppression.created', 'bounce.recorded'], backoff: { initialMs: 500 }, maxAgeHours: 1.5 });
  });

  it('refuse what cannot work, naming the variable', () => {
    expect(error(() => webhookSettingsFromEnv({ REBOUND_WEBHOOK_URLS: 'https://hooks.example/a' })).message).toBe('REBOUND_WEBHOOK_SECRET: not set: required when urls are given');
    expect(error(() => webhookSettingsFromEnv({ REBOUND_WEBHOOK_URLS: 'ftp://hooks.example/a', REBOUND_WEBHOOK_SECRET: 'whsec-0123456789abcdef' })).message).toBe(
      'REBOUND_WEBHOOK_URLS: got "ftp://hooks.example/a": expected an http:// or https:// URL',
    );
    expect(error(() => webhookSettingsFromEnv({ REBOUND_WEBHOOK_EVENTS: 'suppression.created,bounce' })).message).toMatch(/^REBOUND_WEBHOOK_EVENTS: got "bounce": invalid option: expected one of "suppression\.created"/);
    expect(error(() => webhookSettingsFromEnv({ REBOUND_WEBHOOK_MAX_AGE_HOURS: 'forever' })).message).toBe('REBOUND_WEBHOOK_MAX_AGE_HOURS: got "forever", expected a number');
    const secret = error(() => parseWebhookSettings({ urls: ['https://h.example/'], secret: 'short' }));
    expect(secret.message).toBe('webhook.secret: got (hidden): expected at least 16 characters');
    expect(error(() => parseWebhookSettings({ backoff: { initialMs: 10, maxMS: 5 } })).message).toBe('webhook.backoff.maxMS: unknown key (a misspelling?)');
    expect(error(() => parseWebhookSettings({ urls: ['https://h.example/', 'https://h.example/'], secret: 'whsec-0123456789abcdef' })).message).toBe(
      'webhook.urls[1]: got "https://h.example/": the same URL is given twice',
    );
  });
});

describe('export settings', () => {
  it('take one file in short form, more in files, and read REBOUND_EXPORT_*', () => {
    expect(exportsEnabled(parseExportSettings({}))).toBe(false);
    expect(parseExportSettings({ path: '/srv/list.txt' })).toEqual({ intervalSeconds: 60, files: [{ path: '/srv/list.txt', format: 'txt', types: undefined, domain: undefined }] });
    const two = parseExportSettings({ path: '/srv/a', format: 'csv', intervalSeconds: 300, files: [{ path: '/etc/postfix/rebound_access', format: 'postfix', types: ['hard', 'complaint'] }] });
    expect(two.files.map((f) => [f.path, f.format, f.types])).toEqual([
      ['/srv/a', 'csv', undefined],
      ['/etc/postfix/rebound_access', 'postfix', ['hard', 'complaint']],
    ]);
    const env = exportSettingsFromEnv({ REBOUND_EXPORT_PATH: '/srv/s.csv', REBOUND_EXPORT_FORMAT: 'ses', REBOUND_EXPORT_TYPES: 'hard,complaint', REBOUND_EXPORT_INTERVAL_SECONDS: '30' });
    expect(env).toEqual({ intervalSeconds: 30, files: [{ path: '/srv/s.csv', format: 'ses', types: ['hard', 'complaint'], domain: undefined }] });
  });

  it('name what is wrong', () => {
    expect(error(() => exportSettingsFromEnv({ REBOUND_EXPORT_FORMAT: 'xls', REBOUND_EXPORT_PATH: '/srv/x' })).message).toMatch(/^REBOUND_EXPORT_FORMAT: got "xls": invalid option: expected one of "csv"/);
    expect(error(() => exportSettingsFromEnv({ REBOUND_EXPORT_FORMAT: 'csv' })).message).toBe('REBOUND_EXPORT_PATH: not set: required when format, types or domain is given');
    expect(error(() => parseExportSettings({ intervalSeconds: 0, path: '/x' })).message).toBe('export.intervalSeconds: got 0: too small: expected number to be >=1');
    expect(error(() => parseExportSettings({ files: [{ path: '/a' }, { path: '/a', fromat: 'csv' }] })).message).toBe('export.files[1].fromat: unknown key (a misspelling?)');
    expect(error(() => parseExportSettings({ path: '/srv/a', files: [{ path: '/srv/b/../a' }] })).message).toBe('export.files[0].path: got "/srv/b/../a": another export writes the same file');
    expect(error(() => parseExportSettings({ files: [{ path: '/a', types: ['bounce'] }] })).message).toMatch(/^export\.files\[0\]\.types\[0\]: got "bounce": invalid option/);
  });
});
