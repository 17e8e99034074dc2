// Starting the API: the loopback/token rule, the warning without a token, stopping.
import { describe, it, expect, afterEach } from 'vitest';
import { startHttp } from '../../src/http/server.js';
import { httpSettingsSchema, parseHttpSettings } from '../../src/config/http.js';
import { ConfigError } from '../../src/config/error.js';
import { tempStore, type TempStore } from '../helpers.js';
import { capturingLogger } from './helpers.js';

let t: TempStore;
afterEach(async () => t?.cleanup());

describe('startHttp', () => {
  it('refuses a non-loopback address without a token, before binding anything', async () => {
    t = await tempStore();
    const log = capturingLogger();
    // what the schema refuses, given anyway (a caller that skipped the config check); a documentation
    // address (TEST-NET-1), so that even a broken check could not listen beyond this machine
    const settings = { ...httpSettingsSchema.parse({ port: 0, token: 'x'.repeat(16) }), host: '192.0.2.10', token: undefined };
    const err = await startHttp(t.ctx, settings, { logger: log.logger }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).setting).toBe('http.token');
    expect((err as Error).message).toMatch(/refusing to serve the API on 192\.0\.2\.10, which is not a loopback address, without a bearer token/);
    expect(() => parseHttpSettings({ port: 8025, host: '192.0.2.10' })).toThrow(/^http\.token: not set: required: the API would listen on 192\.0\.2\.10/);
  });

  it('serves without a token on a loopback address, and says so in the log', async () => {
    t = await tempStore();
    const log = capturingLogger();
    const http = await startHttp(t.ctx, parseHttpSettings({ port: 0 }), { logger: log.logger });
    try {
      expect(http.address).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const r = await fetch(`${http.address}/v1/suppressions`);
      expect(r.status).toBe(200);
      expect(log.lines.some((l) => l.level === 40 && /without a bearer token/.test(String(l.msg)))).toBe(true);
    } finally {
      await http.stop();
      await http.stop(); // twice is fine
    }
    await expect(fetch(`${http.address}/healthz`)).rejects.toThrow();
  });

  it('does not start when no port is configured (the API is off)', async () => {
    t = await tempStore();
    await expect(startHttp(t.ctx, parseHttpSettings({}), { logger: capturingLogger().logger })).rejects.toThrow(/^http\.port: not set/);
  });
});
