// A PEM bundle of CA certificates named by a setting (imap tlsCaFile): read when the settings are
// checked, so that a wrong path stops the program at start naming the key, and again for each
// connection, so that a renewed bundle is used without a restart.
import { readFileSync } from 'node:fs';

const CERTIFICATE = '-----BEGIN CERTIFICATE-----';

/** The file's text; throws an Error saying what is wrong (never the file's contents). */
export function readCaBundle(path: string): string {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    throw new Error(`cannot be read (${e.code ?? e.message})`);
  }
  if (!text.includes(CERTIFICATE)) throw new Error(`holds no certificate: expected PEM (${CERTIFICATE} ...)`);
  return text;
}
