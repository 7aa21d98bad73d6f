// The hostile inputs of issue 8, as repository files (relative path → text). Pins name a
// registry on a closed loopback port, so the App path never waits on the network.

export interface HostileCase {
  readonly label: string;
  /** Built on demand: a run builds only its own case's megabytes. */
  readonly files: () => Readonly<Record<string, string>>;
}

const DIGEST = `sha256:${'a'.repeat(64)}`;
const PIN = `localhost:9/base:1@${DIGEST}`;
const lines = (count: number, line: (index: number) => string): string => Array.from({ length: count }, (_, index) => line(index)).join('');

/** Forty ordinary files, for the glob cases to match against. */
const fortyFiles = (): Record<string, string> =>
  Object.fromEntries(
    Array.from({ length: 40 }, (_, index) => [
      index % 2 === 0 ? `svc${index % 5}/app${index}/Dockerfile` : `deploy/env${index % 5}/app${index}.yaml`,
      index % 2 === 0 ? `FROM ${PIN}\n` : `apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - image: ${PIN}\n`,
    ]),
  );

/** The globs of the report: 256 characters with six two-way braces (64 alternatives) each. */
const reportedGlob = (index: number): string => `**/g${index}/{a,b}/{c,d}/{e,f}/{g,h}/{i,j}/{k,l}/*x*y*z*${'q'.repeat(180)}`.slice(0, 256);
const excludeConfig = (globs: readonly string[]): string => `exclude:\n${globs.map((glob) => `  - "${glob}"\n`).join('')}`;

/** A valid config of almost 1 MiB: the most the App reads, all of it to parse and validate. */
const oneMibConfig = (): string => {
  const head = 'labels:\n';
  const entry = (index: number): string => `  - l${String(index).padStart(6, '0')}\n`;
  const count = Math.floor((1024 * 1024 - head.length) / entry(0).length);
  return head + lines(count, entry);
};

export const CASES: Readonly<Record<string, HostileCase>> = {
  aliases: {
    label: '8,000 YAML aliases',
    files: () => ({ 'compose.yaml': `x-base: &a\n  image: ${PIN}\nservices:\n${lines(8000, (index) => `  s${index}: *a\n`)}` }),
  },
  'globs-3000': {
    label: '3,000 globs over 40 files',
    files: () => ({
      ...fortyFiles(),
      '.github/pinbot.yml': excludeConfig(Array.from({ length: 3000 }, (_, index) => reportedGlob(index))),
    }),
  },
  'globs-1000': {
    // The most a list may hold, each glob alive at every character of every path.
    label: '1,000 globs (the cap) over 40 files',
    files: () => ({ ...fortyFiles(), '.github/pinbot.yml': excludeConfig(Array.from({ length: 1000 }, (_, index) => `**/*${index}*/**`)) }),
  },
  stages: {
    label: '55,000 stages',
    files: () => ({ Dockerfile: `FROM ${PIN} AS b\n${lines(55_000, (index) => `FROM a AS b${index}\n`)}` }),
  },
  'from-line': {
    label: '1 MiB FROM line',
    files: () => ({ Dockerfile: `FROM ${'a'.repeat(1024 * 1024 - 200)}:1@${DIGEST}\n` }),
  },
  'config-1mib': {
    label: '1 MiB config (95,000 labels)',
    files: () => ({ ...fortyFiles(), '.github/pinbot.yml': oneMibConfig() }),
  },
  repository: {
    // Everything at once: the App must answer webhooks and health checks all along.
    label: 'one repository with all of them (1 MiB FROM, 8,000 aliases, 55,000 stages, 1 MiB config)',
    files: () => ({
      ...fortyFiles(),
      'from/Dockerfile': `FROM ${'a'.repeat(1024 * 1024 - 200)}:1@${DIGEST}\n`,
      'compose.yaml': `x-base: &a\n  image: ${PIN}\nservices:\n${lines(8000, (index) => `  s${index}: *a\n`)}`,
      'stages/Dockerfile': `FROM ${PIN} AS b\n${lines(55_000, (index) => `FROM a AS b${index}\n`)}`,
      '.github/pinbot.yml': oneMibConfig(),
    }),
  },
};
