// Who may do what in the dashboard: every /ui/api request but signing in needs a session; every
// write also the session's CSRF token in a header (a cross-site form cannot set one, and the
// SameSite=Strict cookie is not sent cross-site anyway: two locks); admin-only writes the admin role.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { HttpError } from '../errors.js';
import { COOKIE, CSRF_HEADER, type Session, type Sessions, cookieValue, sameSecret } from './session.js';

declare module 'fastify' {
  interface FastifyRequest {
    uiSession?: Session;
  }
}

const SAFE = new Set(['GET', 'HEAD']);

export function requireSession(sessions: Sessions) {
  return async (req: FastifyRequest) => {
    const path = req.url.split('?')[0]!;
    if (!path.startsWith('/ui/api/') || (path === '/ui/api/session' && req.method === 'POST')) return;
    const s = sessions.get(cookieValue(req.headers.cookie, COOKIE), Date.now());
    if (!s) throw new HttpError(401, 'unauthorized', 'sign in first');
    if (!SAFE.has(req.method) && !sameSecret(headerOf(req, CSRF_HEADER), s.csrf)) {
      throw new HttpError(403, 'csrf', `a write needs the session's CSRF token in the ${CSRF_HEADER} header`);
    }
    req.uiSession = s;
  };
}

/** The session of a request that passed requireSession */
export function sessionOf(req: FastifyRequest): Session {
  if (!req.uiSession) throw new HttpError(401, 'unauthorized', 'sign in first');
  return req.uiSession;
}

export function requireAdmin(req: FastifyRequest): Session {
  const s = sessionOf(req);
  if (s.role !== 'admin') throw new HttpError(403, 'forbidden', `${s.name} is a viewer: only an admin may change this`);
  return s;
}

function headerOf(req: FastifyRequest, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** The dashboard's pages and data: no script but our own, no framing, nothing from elsewhere. */
export const PAGE_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-src 'self'; " +
  "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/** A bounce's HTML part, in a sandboxed frame of our page: no script, no request anywhere. */
export const BOUNCE_HTML_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox; frame-ancestors 'self'";

export function securityHeaders(csp: string) {
  return (reply: FastifyReply) =>
    reply
      .header('content-security-policy', csp)
      .header('x-content-type-options', 'nosniff')
      .header('referrer-policy', 'no-referrer')
      .header('cross-origin-opener-policy', 'same-origin')
      .header('x-frame-options', csp === PAGE_CSP ? 'DENY' : 'SAMEORIGIN');
}
