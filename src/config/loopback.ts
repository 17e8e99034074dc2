// Whether a bind address keeps a server on this machine: 127.0.0.0/8, ::1 (also as ::ffff:127.x),
// or the name localhost. Anything else (0.0.0.0, a LAN address, a host name) is reachable from
// elsewhere, and the HTTP API then refuses to start without a token.
import { isIPv4, isIPv6 } from 'node:net';

export function isLoopbackHost(host: string): boolean {
  const h = host.trim().toLowerCase().replace(/^\[|\]$/g, '');
  if (h === 'localhost') return true;
  if (isIPv4(h)) return h.startsWith('127.');
  if (isIPv6(h)) return h === '::1' || h === '0:0:0:0:0:0:0:1' || /^::ffff:127\./.test(h);
  return false;
}
