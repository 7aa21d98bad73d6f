import { main } from '../../src/cli/main.js';

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the CLI in-process, as `pinbot <argv>` would, capturing its output. */
export async function runCli(
  argv: string[],
  options: { cwd: string; env?: Record<string, string | undefined>; tty?: boolean },
): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    stdout: { write: (text: string) => (stdout += text), isTTY: options.tty ?? false },
    stderr: { write: (text: string) => (stderr += text), isTTY: options.tty ?? false },
    cwd: options.cwd,
    env: options.env ?? { HOME: options.cwd, PATH: process.env.PATH },
  });
  return { code, stdout, stderr };
}
