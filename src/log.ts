// The project's logger, on standard error (standard output carries command results). `serve` writes
// JSON lines (pino), for a log collector; the other commands, and `serve --log-format pretty`, write
// the same records as readable lines. Its level is the configuration's `log.level` (set by the CLI
// once the configuration is loaded and validated); until then REBOUND_LOG_LEVEL when it names a
// level, so an early line is not lost.
import { pino } from 'pino';
import { logFormat } from './log-format.js';

export { LOG_FORMATS, type LogFormat, setLogFormat } from './log-format.js';

const stderr = pino.destination(2);

const early = process.env.REBOUND_LOG_LEVEL?.trim();
export const log = pino(
  { name: 'rebound', level: early && (early in pino.levels.values || early === 'silent') ? early : 'info' },
  { write: (line: string) => void stderr.write(logFormat() === 'json' ? line : prettyLine(line)) },
);

/** The fields every record has, said by the line's layout instead. */
const LAYOUT_FIELDS = new Set(['level', 'time', 'pid', 'hostname', 'name', 'msg']);

/** One pino JSON record as `2024-05-01T08:00:00.000Z WARN  message key=value ...`. */
export function prettyLine(json: string): string {
  const rec = JSON.parse(json) as Record<string, unknown>;
  const level = (pino.levels.labels[rec.level as number] ?? String(rec.level)).toUpperCase();
  const fields = Object.entries(rec)
    .filter(([k]) => !LAYOUT_FIELDS.has(k))
    .map(([k, v]) => `${k}=${typeof v === 'string' && /^[^\s"=]+$/.test(v) ? v : JSON.stringify(v)}`);
  return `${new Date(rec.time as number).toISOString()} ${level.padEnd(5)} ${[rec.msg, ...fields].filter(Boolean).join(' ')}\n`;
}
