/** The help texts: one overview, and one page per command (`pinbot <command> --help`). */

export type CommandName = 'refs' | 'check' | 'update' | 'verify' | 'pin';

export interface CommandSpec {
  /** The one-line synopsis, also printed under a usage error. */
  readonly synopsis: string;
  /** Options the command takes, by long name, besides `--help`. */
  readonly options: readonly string[];
  readonly help: string;
}

const HELP_OPTION = '  -h, --help         Show this help\n';
const JSON_OPTION = '  --json             Machine-readable output (the shapes are in the README)\n';
const EXPLAIN_OPTION =
  '  --explain          Show what changed in each stale image: platforms, created dates, source\n' +
  '                     revisions, base image, package changes, warnings\n';
const PATHS =
  'PATH is a directory (scanned with its own .github/pinbot.yml) or a file; the default is the\n' +
  'working directory. With several PATHs, files are shown under the PATH as given.\n';

export const COMMANDS: Readonly<Record<CommandName, CommandSpec>> = {
  refs: {
    synopsis: 'pinbot refs [PATH...] [--json]',
    options: ['json'],
    help:
      'List every pinned image reference (image:tag@sha256:...), then the skipped candidates, the\n' +
      'files not read and the files that could not be scanned.\n\n' +
      PATHS +
      `\nOptions:\n${JSON_OPTION}${HELP_OPTION}` +
      '\nExit status: 0 listed; 2 usage error, unreadable PATH, invalid configuration, or a file that\n' +
      'could not be scanned (its pins are not listed).\n',
  },
  check: {
    synopsis: 'pinbot check [PATH...] [--json] [--explain]',
    options: ['json', 'explain'],
    help:
      'Ask each registry where every pinned tag points now; report each reference as current, stale,\n' +
      'waiting (held by minimumReleaseAge) or failed. Writes nothing.\n\n' +
      PATHS +
      `\nOptions:\n${JSON_OPTION}${EXPLAIN_OPTION}${HELP_OPTION}` +
      '\nExit status: 0 every pin current (or waiting); 1 at least one stale and nothing failed; 2 usage error,\n' +
      'unreadable PATH, invalid configuration, a reference that could not be resolved, or a file that\n' +
      'could not be scanned.\n',
  },
  update: {
    synopsis: 'pinbot update [PATH...] [--json] [--dry-run] [--explain]',
    options: ['json', 'dry-run', 'explain'],
    help:
      'Rewrite stale digests in place: only the digest characters change, each file is written\n' +
      'atomically, and a file that changed meanwhile is left alone.\n\n' +
      PATHS +
      `\nOptions:\n${JSON_OPTION}` +
      '  --dry-run          Report what would change, write nothing\n' +
      EXPLAIN_OPTION +
      HELP_OPTION +
      '\nExit status: 0 every reference resolved (and every stale one written); 2 usage error,\n' +
      'unreadable PATH, invalid configuration, a reference that could not be resolved or written, or\n' +
      'a file that could not be scanned (the other files are still updated).\n',
  },
  verify: {
    synopsis: 'pinbot verify [PATH...] [--json] [--offline]',
    options: ['json', 'offline'],
    help:
      "Check the config's policy (requireDigest, forbidTags, promotions) and that every pinned digest\n" +
      'still exists in its registry (one HEAD per distinct digest).\n\n' +
      PATHS +
      `\nOptions:\n${JSON_OPTION}` +
      '  --offline          Skip the registry check (the policy needs no network)\n' +
      HELP_OPTION +
      '\nExit status: 0 no violation; 1 violations; 2 usage error, unreadable PATH, invalid\n' +
      'configuration, a registry that could not answer for a digest, or a policy file that could not\n' +
      'be parsed.\n',
  },
  pin: {
    synopsis: 'pinbot pin [PATH...] [--json] [--dry-run]',
    options: ['json', 'dry-run'],
    help:
      'Pin every image written with a tag but no digest: ask its registry where the tag points now\n' +
      'and write @sha256:... right after the tag (the index of a multi-platform tag; :latest is written\n' +
      'out for an image without a tag). Nothing else changes, each file is written atomically, and a\n' +
      'file that changed meanwhile is left alone. pin.ignore and pin.ignoreTags in\n' +
      '.github/pinbot.yml leave images and tags alone.\n\n' +
      PATHS +
      `\nOptions:\n${JSON_OPTION}` +
      '  --dry-run          List what would be pinned, write nothing\n' +
      HELP_OPTION +
      '\nExit status: 0 everything that could be pinned was (or nothing needed it); 2 usage error,\n' +
      'unreadable PATH, invalid configuration, a reference that could not be resolved or written, or\n' +
      'a file that could not be scanned (the other files are still pinned).\n',
  },
};

export const OVERVIEW = `Usage: pinbot <command> [PATH...] [options]

Commands:
  refs [PATH...]     List pinned image references (image:tag@sha256:...) and skipped candidates
  check [PATH...]    Ask each registry where the pinned tags point now; report current, stale, failed
  update [PATH...]   Rewrite stale digests in place (only the digest bytes change)
  verify [PATH...]   Check the config's policy and that every pinned digest still exists
  pin [PATH...]      Pin images that have a tag but no digest: write @sha256:... after the tag
  help [COMMAND]     Show this help, or a command's

Options:
  --json             Machine-readable output
  --dry-run          With update or pin: report what would change, write nothing
  --offline          With verify: skip the registry check (the policy needs no network)
  --explain          With check or update: show what changed in each stale image
  -h, --help         Show this help (after a command: that command's)
  -v, --version      Show the version
`;

export function isCommand(name: string | undefined): name is CommandName {
  return name !== undefined && Object.hasOwn(COMMANDS, name);
}

/** `Usage: pinbot refs [PATH...] [--json]`, the overview's first line without a command. */
export function usageLine(command: CommandName | undefined): string {
  if (command === undefined) return 'Usage: pinbot <command> [PATH...] [options] (see: pinbot --help)';
  return `Usage: ${COMMANDS[command].synopsis} (see: pinbot ${command} --help)`;
}

export function commandHelp(command: CommandName): string {
  return `Usage: ${COMMANDS[command].synopsis}\n\n${COMMANDS[command].help}`;
}
