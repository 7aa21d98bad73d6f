import { parseArgs } from 'node:util';
import type { ResolveDeps } from '../resolve/resolve-and-plan.js';
import { createRegistryClient } from '../registry/client/client.js';
import { createMemorySightings } from '../explain/sightings.js';
import { visible, visibleLines } from '../text/safe-text.js';
import { checkCommand, type CliDeps } from './check.js';
import { EXIT, UsageError, type CliIo } from './io.js';
import { pinCommand } from './pin.js';
import { refsCommand } from './refs.js';
import { COMMANDS, commandHelp, isCommand, OVERVIEW, usageLine, type CommandName } from './usage.js';
import { verifyCommand } from './verify.js';
import type { FileScanner } from '../scan/pool/scan-pool.js';
import { sharedScanPool } from '../scan/pool/shared-pool.js';

/** Stops the CLI's scan workers; `bin/pinbot.js` calls it once `main` is done. */
export { closeSharedScanPool as closeScanWorkers } from '../scan/pool/shared-pool.js';

/**
 * Runs the CLI; returns the exit code. Never throws for a user's mistake. Files are scanned on
 * the process's scan pool unless `deps` names another scanner.
 */
export async function main(
  argv: readonly string[],
  given: CliIo,
  deps: ResolveDeps & { readonly scanFile?: FileScanner } = defaultDeps(given),
): Promise<number> {
  const io = withSafeStdout(given);
  try {
    return await run(argv, io, {
      ...deps,
      scanFile: deps.scanFile ?? ((path, text, kindPath) => sharedScanPool().scan(path, text, kindPath)),
    });
  } catch (error) {
    if (error instanceof UsageError) {
      // Usage errors quote paths and configuration: one line per message line, control characters escaped.
      const lines = error.message.split('\n').map((line) => `pinbot: ${visible(line)}`);
      io.stderr.write(`${[...lines, ...(error.usage === undefined ? [] : [error.usage])].join('\n')}\n`);
      return EXIT.error;
    }
    throw error;
  }
}

/** The registry client reads Docker's credentials and PINBOT_INSECURE_REGISTRIES from the environment. */
function defaultDeps(io: CliIo): ResolveDeps {
  const warn = (message: string): void => void io.stderr.write(`pinbot: warning: ${visible(message)}\n`);
  return {
    clientFor: (config) => createRegistryClient({ env: io.env, mirrors: config.registryMirrors, warn }),
    // One store for the process: a CLI run has no earlier sightings, so "first seen" is now.
    sightings: createMemorySightings(),
    now: () => new Date(),
  };
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

async function run(argv: readonly string[], io: CliIo, deps: CliDeps): Promise<number> {
  const line = parseCommandLine(argv);
  if (line.version) {
    io.stdout.write(`${await version()}\n`);
    return EXIT.ok;
  }
  const [first, ...rest] = line.positionals;
  // `pinbot help check` and `pinbot check --help` show the same page.
  const helpFor = first === 'help' ? rest[0] : line.help ? first : undefined;
  if (first === 'help' || line.help) {
    if (helpFor !== undefined && !isCommand(helpFor)) throw unknownCommand(helpFor);
    io.stdout.write(helpFor === undefined ? OVERVIEW : commandHelp(helpFor));
    return EXIT.ok;
  }
  // A usage error is one line on stderr, like every other: stdout stays clean for scripts.
  if (first === undefined) throw new UsageError('no command given (try: pinbot help)');
  if (!isCommand(first)) throw unknownCommand(first);
  checkOptions(first, line.options);
  const json = line.options.has('json');
  switch (first) {
    case 'refs':
      return refsCommand(rest, { json }, io, deps.scanFile);
    case 'check':
      return checkCommand(rest, { json, write: false, dryRun: false, explain: line.options.has('explain') }, io, deps);
    case 'update':
      return checkCommand(rest, { json, write: true, dryRun: line.options.has('dry-run'), explain: line.options.has('explain') }, io, deps);
    case 'verify':
      return verifyCommand(rest, { json, offline: line.options.has('offline') }, io, deps);
    case 'pin':
      return pinCommand(rest, { json, dryRun: line.options.has('dry-run') }, io, deps);
  }
}

function unknownCommand(name: string): UsageError {
  return new UsageError(`unknown command "${name}" (try: pinbot help)`);
}

interface CommandLine {
  readonly positionals: string[];
  /** Long names of the command options given (`json`, `dry-run`). */
  readonly options: Set<string>;
  readonly help: boolean;
  readonly version: boolean;
}

const KNOWN_OPTIONS = {
  json: { type: 'boolean' },
  'dry-run': { type: 'boolean' },
  offline: { type: 'boolean' },
  explain: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
} as const;

/**
 * Reads the command line with node's parser in its lenient mode and judges the tokens here, so a
 * mistake is named in our words with the command's usage line, not in the parser's message.
 */
function parseCommandLine(argv: readonly string[]): CommandLine {
  const { tokens } = parseArgs({ args: [...argv], allowPositionals: true, strict: false, tokens: true, options: KNOWN_OPTIONS });
  const positionals: string[] = [];
  const options = new Set<string>();
  let help = false;
  let version = false;
  const command = tokens.find((token) => token.kind === 'positional')?.value;
  const usage = usageLine(isCommand(command) ? command : undefined);
  for (const token of tokens) {
    if (token.kind === 'positional') positionals.push(token.value);
    if (token.kind !== 'option') continue;
    if (!Object.hasOwn(KNOWN_OPTIONS, token.name)) throw new UsageError(`unknown option ${token.rawName}`, usage);
    if (token.value !== undefined) throw new UsageError(`option ${token.rawName} takes no value`, usage);
    if (token.name === 'help') help = true;
    else if (token.name === 'version') version = true;
    else options.add(token.name);
  }
  return { positionals, options, help, version };
}

function checkOptions(command: CommandName, options: ReadonlySet<string>): void {
  for (const option of options) {
    if (COMMANDS[command].options.includes(option)) continue;
    const owners = (Object.keys(COMMANDS) as CommandName[]).filter((name) => COMMANDS[name].options.includes(option));
    throw new UsageError(`--${option} goes with the ${owners.join(' or ')} command`, usageLine(command));
  }
}

async function version(): Promise<string> {
  const { readFile } = await import('node:fs/promises');
  const manifest = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return manifest.version;
}
