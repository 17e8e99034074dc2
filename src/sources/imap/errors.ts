// imapflow's errors say "Command failed" and keep the server's words aside: put them together
// for logs, status and the CLI, with what to set when the fix is a setting.
export function describeError(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const e = err as Error & { responseText?: string; serverResponseCode?: string; code?: string; tlsFailed?: boolean };
  let text = e.message;
  if (e.responseText && !text.includes(e.responseText)) text += `: ${e.responseText}`;
  const code = e.serverResponseCode ?? e.code;
  if (code && !text.includes(code)) text += ` [${code}]`;
  if (code && UNTRUSTED.has(code)) text = `the server's TLS certificate is not trusted: ${text} (a private CA's certificate goes in tlsCaFile)`;
  else if (e.tlsFailed && /STARTTLS/.test(e.message)) text += ': not logging in without TLS (allowPlaintext = true allows it)';
  return text;
}

/** Node's codes for a certificate chain that does not end at a trusted root. */
const UNTRUSTED = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
]);
