// Bearer-token authentication: every route needs `Authorization: Bearer <token>` unless it is
// marked public (only /healthz). The comparison is of fixed-length digests, in constant time.
// Without a configured token (allowed on a loopback address only) everything is open.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { HttpError } from './errors.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** reachable without the token */
    public?: boolean;
  }
}

const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();

export function bearerAuth(token: string | undefined) {
  const expected = token ? digest(token) : null;
  return async (req: FastifyRequest, reply: FastifyReply) => {
    if (!expected || req.routeOptions.config.public) return;
    const header = req.headers.authorization;
    const m = header ? /^Bearer[ \t]+(\S+)\s*$/i.exec(header) : null;
    if (!m) {
      reply.header('www-authenticate', 'Bearer realm="rebound"');
      throw new HttpError(401, 'unauthorized', header ? 'the Authorization header is not "Bearer <token>"' : 'a bearer token is required (Authorization: Bearer <token>)');
    }
    if (!timingSafeEqual(digest(m[1]!), expected)) {
      reply.header('www-authenticate', 'Bearer realm="rebound", error="invalid_token"');
      throw new HttpError(401, 'invalid_token', 'the bearer token is not valid');
    }
  };
}
