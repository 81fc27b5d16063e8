// The Rewind fields of a project's configuration files, as `rewind dev` reads them: rewind.config.json,
// then the "rewind" field of package.json; paths in them are relative to the file. No VS Code here.
import path from 'node:path';

/** The files that may hold a project's Rewind configuration, in the order they are read. */
export const CONFIG_FILES = ['rewind.config.json', 'package.json'] as const;
export type ConfigFile = (typeof CONFIG_FILES)[number];

/** The Rewind fields a config file's text holds (undefined if none, or if the text is not JSON). */
export function rewindFields(file: ConfigFile, text: string): Record<string, unknown> | undefined {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return undefined;
  }
  const fields = file === 'package.json' ? (json as { rewind?: unknown } | null)?.rewind : json;
  return isRecord(fields) ? fields : undefined;
}

/** A non-empty string setting of those fields. */
export function stringSetting(fields: Record<string, unknown>, key: string): string | undefined {
  const value = fields[key];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** The workflows module those fields name, made absolute against the folder of the file that holds them. */
export function workflowsPathOf(fields: Record<string, unknown>, configDir: string): string | undefined {
  const value = stringSetting(fields, 'workflowsPath');
  return value === undefined ? undefined : path.resolve(configDir, value);
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
