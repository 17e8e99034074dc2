// A throwaway certificate authority and a server certificate it signed, for TLS tests: made with
// the openssl CLI (a dependency of Debian's dovecot-core, so it is there wherever Dovecot is) in a
// directory of the caller's, valid for two days, never trusted by anything but the test.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const OPENSSL_BIN = '/usr/bin/openssl';

export interface TestCa {
  /** the CA's certificate (PEM): what a client must trust */
  caFile: string;
  /** the server's certificate (PEM), for `localhost` and 127.0.0.1 */
  certFile: string;
  /** the server's private key (PEM) */
  keyFile: string;
}

export function makeTestCa(dir: string): TestCa {
  const f = (name: string) => join(dir, name);
  const openssl = (...args: string[]) => execFileSync(OPENSSL_BIN, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];
  openssl('req', '-x509', ...ec, '-keyout', f('ca.key'), '-out', f('ca.pem'), '-days', '2', '-subj', '/CN=Rebound test CA',
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign');
  openssl('req', ...ec, '-keyout', f('server.key'), '-out', f('server.csr'), '-subj', '/CN=localhost');
  writeFileSync(
    f('server.ext'),
    'subjectAltName = DNS:localhost, IP:127.0.0.1\nbasicConstraints = CA:FALSE\nkeyUsage = digitalSignature\nextendedKeyUsage = serverAuth\n',
  );
  openssl('x509', '-req', '-in', f('server.csr'), '-CA', f('ca.pem'), '-CAkey', f('ca.key'), '-set_serial', String(Date.now()),
    '-days', '2', '-extfile', f('server.ext'), '-out', f('server.pem'));
  return { caFile: f('ca.pem'), certFile: f('server.pem'), keyFile: f('server.key') };
}
