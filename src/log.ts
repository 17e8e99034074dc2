// The project's logger: JSON lines on standard error (standard output carries command results).
// Its level is the configuration's `log.level` (set by the CLI once the configuration is loaded and
// validated); until then REBOUND_LOG_LEVEL when it names a level, so an early line is not lost.
import { pino } from 'pino';

const early = process.env.REBOUND_LOG_LEVEL?.trim();
export const log = pino({ name: 'rebound', level: early && (early in pino.levels.values || early === 'silent') ? early : 'info' }, pino.destination(2));
