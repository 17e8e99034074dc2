// The `log` section: how much the JSON log lines on standard error say.
import { z } from 'zod';
import { keyName, parseSection } from './settings.js';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export const logSettingsSchema = z.strictObject({
  level: z.enum(LOG_LEVELS).default('info'),
});

export type LogSettings = z.output<typeof logSettingsSchema>;

export function parseLogSettings(input: unknown, nameOf = (p: readonly PropertyKey[]) => keyName('log', p)): LogSettings {
  return parseSection(logSettingsSchema, input ?? {}, nameOf);
}
