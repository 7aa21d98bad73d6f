/**
 * Running a Docker credential helper (`docker-credential-<name> get`, server URL on stdin,
 * JSON on stdout) with a timeout and an output cap. A helper is someone else's program: it may
 * be missing, hang, or print anything, and none of that may stop a scan or leak a secret.
 */
import { execFile } from 'node:child_process';
import type { RegistryCredentials } from './docker-config.js';

export type HelperResult =
  | { readonly kind: 'found'; readonly credentials: RegistryCredentials }
  | { readonly kind: 'not-found' }
  /** `message` is safe to log: it never includes the helper's stdout on success paths. */
  | { readonly kind: 'failed'; readonly message: string };

/** Runs `docker-credential-<helper> get` for `serverUrl`. */
export type CredentialHelperRunner = (helper: string, serverUrl: string) => Promise<HelperResult>;

export interface HelperRunnerOptions {
  /** The environment the helper runs with; its PATH is where the helper is looked up. */
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly timeoutMs?: number;
  readonly maxOutputBytes?: number;
}

/** Helpers say this (exit 1) when they simply hold nothing for the server: not an error. */
const NOT_FOUND = /credentials not found/i;

export function createCredentialHelperRunner(options: HelperRunnerOptions): CredentialHelperRunner {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const maxBuffer = options.maxOutputBytes ?? 64 * 1024;
  const env = Object.fromEntries(Object.entries(options.env).filter((entry): entry is [string, string] => entry[1] !== undefined));

  return (helper, serverUrl) =>
    new Promise<HelperResult>((resolve) => {
      const program = `docker-credential-${helper}`;
      const child = execFile(
        program,
        ['get'],
        { env, timeout: timeoutMs, maxBuffer, encoding: 'utf8', windowsHide: true },
        (error, stdout) => {
          if (!error) {
            resolve(parseHelperOutput(stdout, program));
            return;
          }
          const failure = error as NodeJS.ErrnoException & { killed?: boolean; code?: string | number };
          if (failure.code === 'ENOENT') resolve({ kind: 'failed', message: `${program} was not found on PATH` });
          else if (failure.code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER')
            resolve({ kind: 'failed', message: `${program} printed more than ${maxBuffer} bytes` });
          else if (failure.killed) resolve({ kind: 'failed', message: `${program} did not answer within ${timeoutMs} ms` });
          else if (NOT_FOUND.test(stdout)) resolve({ kind: 'not-found' });
          else resolve({ kind: 'failed', message: `${program} failed (exit code ${String(failure.code)})${errorLine(stdout)}` });
        },
      );
      // A helper that exits before reading stdin makes the write fail with EPIPE; the exit status tells the story.
      child.stdin?.on('error', () => undefined);
      child.stdin?.end(serverUrl);
    });
}

/**
 * `{"ServerURL": "...", "Username": "...", "Secret": "..."}`; user `<token>` marks the secret
 * as an identity token. Unparsable output is reported without quoting it (it may hold a secret).
 */
export function parseHelperOutput(stdout: string, program: string): HelperResult {
  let parsed: unknown;
  try {
    parsed = JSON.parse(stdout);
  } catch {
    return { kind: 'failed', message: `${program} printed something that is not JSON` };
  }
  if (typeof parsed !== 'object' || parsed === null)
    return { kind: 'failed', message: `${program} printed something that is not a JSON object` };
  const { Username: username, Secret: secret } = parsed as { Username?: unknown; Secret?: unknown };
  if (typeof secret !== 'string' || secret === '') return { kind: 'not-found' };
  if (username === '<token>') return { kind: 'found', credentials: { kind: 'identity-token', token: secret, username: undefined } };
  if (typeof username !== 'string' || username === '')
    return { kind: 'failed', message: `${program} returned a secret without a username` };
  return { kind: 'found', credentials: { kind: 'basic', username, password: secret } };
}

/** A failing helper prints its reason on stdout; show its first line, bounded, unless it looks like data. */
function errorLine(stdout: string): string {
  const first = stdout.trim().split('\n')[0]?.trim() ?? '';
  if (first === '' || first.startsWith('{')) return '';
  return `: ${first.length > 160 ? `${first.slice(0, 157)}...` : first}`;
}
