// rebound return-path RECIPIENT: the address a sender puts in MAIL FROM for a message to
// RECIPIENT (signed when returnPath.keys, REBOUND_VERP_SECRET or REBOUND_VERP_KEYS is set).
// `--read ADDRESS` does the reverse, as the listener would.
import type { Command } from 'commander';
import { LOCAL_PART_MAX, makeReturnPath, readReturnPath, type ReturnPathResult } from '../return-path/return-path.js';
import { settings } from './settings.js';
import { secretsOf } from '../config/return-path.js';
import { printJson } from './common.js';

export function registerReturnPath(program: Command): void {
  program
    .command('return-path')
    .description('print the return path (MAIL FROM) to use for a message to RECIPIENT (an address or a send id)')
    .argument('<recipient>', 'recipient address or send id; with --read, a return path to decode')
    .option('--domain <domain>', 'bounce domain (default: the first of smtp.domains)')
    .option('--read', 'decode and verify a return path instead')
    .option('--json', 'print JSON')
    .action((recipient: string, opts: { domain?: string; read?: boolean; json?: boolean }, cmd: Command) => {
      const { smtp, returnPath } = settings(cmd);
      const secrets = secretsOf(returnPath);
      if (opts.read) {
        const at = recipient.lastIndexOf('@');
        const r = readReturnPath(recipient.slice(0, at < 0 ? undefined : at), at < 0 ? (opts.domain ?? '') : recipient.slice(at + 1), {
          secrets,
          prefix: returnPath.prefix,
        });
        // without keys nothing is checked: a signed return path is decoded all the same
        const checked = Object.keys(secrets).length > 0;
        if (opts.json) printJson({ ...r, signatureChecked: checked });
        else process.stdout.write(r.ok ? `${r.recipient ?? `send id ${r.sendId}`}${describeSignature(r, checked)}\n` : `invalid: ${r.reason}\n`);
        process.exitCode = r.ok ? 0 : 1;
        return;
      }
      const domain = opts.domain ?? smtp.domains[0];
      if (!domain) {
        process.stderr.write('rebound: give --domain or set smtp.domains (REBOUND_SMTP_DOMAINS)\n');
        process.exit(2);
      }
      const key = returnPath.keys[0];
      let address: string;
      try {
        address = makeReturnPath(recipient, {
          domain,
          prefix: returnPath.prefix,
          secret: key?.secret,
          keyId: key?.id,
          ttlDays: returnPath.ttlDays,
        });
      } catch (err) {
        process.stderr.write(`rebound: ${(err as Error).message}\n`);
        process.exit(2);
      }
      const localOctets = Buffer.byteLength(address.slice(0, address.lastIndexOf('@')));
      if (localOctets > LOCAL_PART_MAX) {
        process.stderr.write(`rebound: warning: the local part has ${localOctets} octets, over RFC 5321's ${LOCAL_PART_MAX}; a strict server may refuse it (a send id keeps it short)\n`);
      }
      if (opts.json) printJson({ returnPath: address, signed: !!key, keyId: key?.id ?? null });
      else process.stdout.write(`${address}\n`);
    });
}

function describeSignature(r: ReturnPathResult & { ok: true }, checked: boolean): string {
  if (!checked) return ' (signature not checked: no keys configured)';
  return r.signed ? ` (signed, key ${r.keyId}, valid until ${r.expires})` : ' (unsigned)';
}
