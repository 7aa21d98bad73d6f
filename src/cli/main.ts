import { parseArgs } from 'node:util';
import type { ResolveDeps } from '../resolve/resolve-and-plan.js';
import { createRegistryClient } from '../registry/client/client.js';
import { visible, visibleLines } from '../text/safe-text.js';
import { checkCommand } from './check.js';
import { EXIT, UsageError, type CliIo } from './io.js';
import { refsCommand } from './refs.js';

const USAGE = `Usage: pinbot <command> [PATH...] [options]

Commands:
  refs [PATH...]     List pinned image references (image:tag@sha256:...) and skipped candidates
  check [PATH...]    Ask each registry where the pinned tags point now; report current, stale, failed
  update [PATH...]   Rewrite stale digests in place (only the digest bytes change)
  help               Show this help

Options:
  --json             Machine-readable output
  --dry-run          With update: report what would change, write nothing
  -h, --help         Show this help
  -v, --version      Show the version
`;

/** Runs the CLI; returns the exit code. Never throws for a user's mistake. */
export async function main(argv: readonly string[], given: CliIo, deps: ResolveDeps = defaultDeps(given)): Promise<number> {
  const io = withSafeStdout(given);
  try {
    return await run(argv, io, deps);
  } catch (error) {
    if (error instanceof UsageError) {
      // Usage errors quote paths and configuration: one line, control characters escaped.
      io.stderr.write(`pinbot: ${visible(error.message)}\n`);
      return EXIT.error;
    }
    throw error;
  }
}

/** The registry client reads Docker's credentials and PINBOT_INSECURE_REGISTRIES from the environment. */
function defaultDeps(io: CliIo): ResolveDeps {
  const warn = (message: string): void => void io.stderr.write(`pinbot: warning: ${visible(message)}\n`);
  return { clientFor: (config) => createRegistryClient({ env: io.env, mirrors: config.registryMirrors, warn }) };
}

/**
 * Everything on stdout (tables, JSON) comes from files and registries; each command escapes
 * what it prints, and this is the backstop: no control character but the line feed reaches
 * the terminal (issue 8, finding 11). JSON stays valid: an escape can only land inside a string.
 * stderr is left alone, for the progress line's own carriage return.
 */
function withSafeStdout(io: CliIo): CliIo {
  const { stdout } = io;
  return { ...io, stdout: { isTTY: stdout.isTTY, write: (text: string) => stdout.write(visibleLines(text)) } };
}

async function run(argv: readonly string[], io: CliIo, deps: ResolveDeps): Promise<number> {
  const parsed = parseCommandLine(argv);
  if (parsed.values.version) {
    io.stdout.write(`${await version()}\n`);
    return EXIT.ok;
  }
  const [command, ...paths] = parsed.positionals;
  if (parsed.values.help || command === 'help') {
    io.stdout.write(USAGE);
    return EXIT.ok;
  }
  // A usage error is one line on stderr, like every other: stdout stays clean for scripts.
  if (command === undefined) throw new UsageError('no command given (try: pinbot help)');
  const json = parsed.values.json === true;
  const dryRun = parsed.values['dry-run'] === true;
  if (dryRun && command !== 'update') throw new UsageError('--dry-run goes with the update command');
  switch (command) {
    case 'refs':
      return refsCommand(paths, { json }, io);
    case 'check':
      return checkCommand(paths, { json, write: false, dryRun: false }, io, deps);
    case 'update':
      return checkCommand(paths, { json, write: true, dryRun }, io, deps);
    default:
      throw new UsageError(`unknown command "${command}" (try: pinbot help)`);
  }
}

function parseCommandLine(argv: readonly string[]) {
  try {
    return parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        json: { type: 'boolean' },
        'dry-run': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

async function version(): Promise<string> {
  const { readFile } = await import('node:fs/promises');
  const manifest = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return manifest.version;
}
