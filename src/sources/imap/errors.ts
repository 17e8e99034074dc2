// imapflow's errors say "Command failed" and keep the server's words aside: put them together
// for logs, status and the CLI.
export function describeError(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const e = err as Error & { responseText?: string; serverResponseCode?: string; code?: string };
  let text = e.message;
  if (e.responseText && !text.includes(e.responseText)) text += `: ${e.responseText}`;
  const code = e.serverResponseCode ?? e.code;
  if (code && !text.includes(code)) text += ` [${code}]`;
  return text;
}
