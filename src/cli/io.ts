/** What a CLI command may touch: passed in so tests run commands without a process. */
export interface CliIo {
  readonly stdout: { write(text: string): unknown; isTTY?: boolean };
  readonly stderr: { write(text: string): unknown; isTTY?: boolean };
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** Exit codes shared by every command. */
export const EXIT = { ok: 0, stale: 1, error: 2 } as const;

/**
 * A user error: exit 2, no stack trace. Each line of the message goes to stderr behind
 * `pinbot: `; a mistyped command line also gets the command's usage line.
 */
export class UsageError extends Error {
  override readonly name = 'UsageError';

  constructor(
    message: string,
    /** The usage line to print under the message, for mistakes on the command line. */
    readonly usage?: string,
  ) {
    super(message);
  }
}
