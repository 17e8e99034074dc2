// How log lines are written (src/log.ts): JSON for `serve`, readable lines for the other commands.
// A leaf, so the CLI sets it before (or without) loading the logger.
export const LOG_FORMATS = ['json', 'pretty'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

let format: LogFormat = 'json';

/** How the lines are written from now on. */
export function setLogFormat(f: LogFormat): void {
  format = f;
}

export function logFormat(): LogFormat {
  return format;
}
