import { readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';

export type DotEnvFile =
  { readonly found: true; readonly text: string } | { readonly found: false } | { readonly found: 'unreadable'; readonly reason: string };

/** Reads a dotenv file; a missing one is normal (production sets the real environment). */
export function readDotEnv(file: string): DotEnvFile {
  try {
    return { found: true, text: readFileSync(file, 'utf8') };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { found: false };
    return { found: 'unreadable', reason: code ?? String(error) };
  }
}

/**
 * The environment `npm start` runs with: the real environment first, `.env` only filling its
 * gaps (issue 9: Probot's own loader let `.env` override a deployment's PORT and webhook
 * secret). A blank value counts as unset on both sides, so the empty `APP_ID=` lines copied
 * from `.env.example` neither hide a value set in the environment nor switch anything off.
 * Pure: returns a new object, `environment` is left as it is.
 */
export function withDotEnv(
  environment: Readonly<Record<string, string | undefined>>,
  dotEnvText: string,
): Record<string, string | undefined> {
  const merged: Record<string, string | undefined> = { ...environment };
  for (const [name, value] of Object.entries(parseEnv(dotEnvText))) {
    if (isBlank(value) || !isBlank(merged[name])) continue;
    merged[name] = value;
  }
  return merged;
}

function isBlank(value: string | undefined): boolean {
  return value === undefined || value.trim() === '';
}
