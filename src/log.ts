// The project's logger: JSON lines on standard error (standard output carries command results).
import { pino } from 'pino';

export const log = pino({ name: 'rebound', level: process.env.REBOUND_LOG_LEVEL ?? 'info' }, pino.destination(2));
