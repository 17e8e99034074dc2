// Dashboard sessions: a token from the configuration buys a session (a random id in an httpOnly,
// SameSite=Strict cookie) with its own CSRF token, which every write must echo in a header. Kept in
// memory: a restart signs everyone out. Failed sign-ins are counted per client address and refused
// (429) past the configured number per minute, so a token cannot be guessed at speed.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { UiRole, UiSettings } from '../../config/ui.js';

export const COOKIE = 'rebound_session';
export const CSRF_HEADER = 'x-csrf-token';

export interface Session {
  id: string;
  name: string;
  role: UiRole;
  csrf: string;
  expiresAt: number;
}

const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();
const randomId = () => randomBytes(32).toString('base64url');

export interface Sessions {
  /** the session for a token, or null when no configured token matches */
  signIn(token: string, now: number): Session | null;
  get(id: string | undefined, now: number): Session | null;
  signOut(id: string): void;
  /** may this client try again? counts a failure when `failed` */
  allowAttempt(client: string, now: number): { ok: boolean; retryAfterSeconds: number };
  failed(client: string, now: number): void;
}

export function createSessions(settings: UiSettings): Sessions {
  const tokens = settings.tokens.map((t) => ({ ...t, digest: digest(t.token) }));
  const sessions = new Map<string, Session>();
  const failures = new Map<string, { count: number; resetAt: number }>();
  const ttl = settings.sessionHours * 3_600_000;

  const sweep = (now: number) => {
    for (const [id, s] of sessions) if (s.expiresAt <= now) sessions.delete(id);
    for (const [c, f] of failures) if (f.resetAt <= now) failures.delete(c);
  };

  return {
    signIn(token, now) {
      const d = digest(token);
      // every token compared, in constant time each: how far the search went tells nothing
      let match: (typeof tokens)[number] | null = null;
      for (const t of tokens) if (timingSafeEqual(d, t.digest) && !match) match = t;
      if (!match) return null;
      sweep(now);
      const s: Session = { id: randomId(), name: match.name, role: match.role, csrf: randomId(), expiresAt: now + ttl };
      sessions.set(s.id, s);
      return s;
    },
    get(id, now) {
      if (!id) return null;
      const s = sessions.get(id);
      if (!s) return null;
      if (s.expiresAt <= now) {
        sessions.delete(id);
        return null;
      }
      return s;
    },
    signOut(id) {
      sessions.delete(id);
    },
    allowAttempt(client, now) {
      const f = failures.get(client);
      if (!f || f.resetAt <= now || f.count < settings.signInAttemptsPerMinute) return { ok: true, retryAfterSeconds: 0 };
      return { ok: false, retryAfterSeconds: Math.ceil((f.resetAt - now) / 1000) };
    },
    failed(client, now) {
      const f = failures.get(client);
      if (!f || f.resetAt <= now) failures.set(client, { count: 1, resetAt: now + 60_000 });
      else f.count++;
    },
  };
}

/** The value of one cookie in a Cookie header. */
export function cookieValue(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/** Constant-time comparison of two short strings (the CSRF token). */
export function sameSecret(a: string | undefined, b: string): boolean {
  return !!a && timingSafeEqual(digest(a), digest(b));
}
