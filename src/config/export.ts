// Scheduled suppression files (section `export`, variables REBOUND_EXPORT_*). The short form is one
// file (`path`, `format`, `types`, `domain`); `files` lists more. No file: nothing is scheduled.
import { resolve } from 'node:path';
import { z } from 'zod';
import { FORMAT_NAMES, formatNamed } from '../export/formats.js';
import { keyName, parseSection } from './settings.js';

const TYPES = ['hard', 'soft', 'complaint', 'manual'] as const;

const fileFields = {
  /** written atomically (temporary file in the same directory, then renamed) */
  path: z.string().min(1),
  format: z.enum(FORMAT_NAMES).default('txt').transform((f) => formatNamed(f)!),
  /** default: every type */
  types: z.array(z.enum(TYPES)).min(1).optional(),
  /** only addresses at this domain */
  domain: z.string().min(1).optional(),
};

const exportFile = z.strictObject(fileFields);

export const exportSettingsSchema = z
  .strictObject({
    /** how often the files are regenerated; a file is rewritten only when its content changed */
    intervalSeconds: z.number().min(1).max(86_400).default(60),
    path: fileFields.path.optional(),
    format: z.enum(FORMAT_NAMES).transform((f) => formatNamed(f)!).optional(),
    types: fileFields.types,
    domain: fileFields.domain,
    files: z.array(exportFile).default([]),
  })
  .superRefine((s, ctx) => {
    if (!s.path && (s.format || s.types || s.domain)) {
      ctx.addIssue({ code: 'custom', path: ['path'], message: 'required when format, types or domain is given' });
    }
    const entries = [...(s.path ? [{ file: resolve(s.path), key: ['path'] }] : []), ...s.files.map((f, i) => ({ file: resolve(f.path), key: ['files', i, 'path'] }))];
    const dup = entries.find((e, i) => entries.findIndex((o) => o.file === e.file) !== i);
    if (dup) ctx.addIssue({ code: 'custom', path: dup.key, message: 'another export writes the same file' });
  })
  .transform((s) => ({
    intervalSeconds: s.intervalSeconds,
    files: [
      ...(s.path ? [{ path: s.path, format: s.format ?? ('txt' as const), types: s.types, domain: s.domain }] : []),
      ...s.files,
    ],
  }));

export type ExportSettings = z.output<typeof exportSettingsSchema>;
export type ExportSettingsInput = z.input<typeof exportSettingsSchema>;
export type ExportFileSettings = ExportSettings['files'][number];

/** Validate the `export` section; errors name `export.<key>`. */
export function parseExportSettings(input: unknown, nameOf = (p: readonly PropertyKey[]) => keyName('export', p)): ExportSettings {
  return parseSection(exportSettingsSchema, input ?? {}, nameOf);
}

export function exportsEnabled(s: ExportSettings): boolean {
  return s.files.length > 0;
}
