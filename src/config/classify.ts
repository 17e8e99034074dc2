// The `classify` section: rule files that add phrases and provider codes to the built-in rules
// (src/config/rule-files.ts reads them; README "How a reason is decided" gives the precedence).
import { z } from 'zod';
import { keyName, parseSection } from './settings.js';

export const classifySettingsSchema = z.strictObject({
  /** rule files, read in order at start (and again on SIGHUP by `serve`); relative to the working directory */
  rules: z.array(z.string().min(1)).default([]),
});

export type ClassifySettings = z.output<typeof classifySettingsSchema>;

export function parseClassifySettings(input: unknown, nameOf = (p: readonly PropertyKey[]) => keyName('classify', p)): ClassifySettings {
  return parseSection(classifySettingsSchema, input ?? {}, nameOf);
}
