import { execFileSync } from 'node:child_process';
import { constants, promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { runCliProcess } from '../helpers/cli/run-cli-process.js';
import { runCli } from './run-cli.js';

/**
 * Issue 8, finding 7: `.github/pinbot.yml` was read through symlinks and FIFOs with no size cap.
 * A symlink to /dev/zero grew the CLI to 3.4 GB, a FIFO hung it, and a symlink to a token file
 * outside the tree printed the token in the validation error.
 */
const TOKEN = 'ghp_R8xKq2LmZ7vT0pWn4YhB6cJd9sFa3Ge1Uo5N';

describe('the CLI reads .github/pinbot.yml like any scanned file', () => {
  let base: string;
  let root: string;
  beforeEach(async () => {
    base = await fs.mkdtemp(join(tmpdir(), 'pinbot-config-files-'));
    root = join(base, 'repo');
    await fs.mkdir(join(root, '.github'), { recursive: true });
    await fs.writeFile(join(root, 'Dockerfile'), 'FROM alpine:3.20\n');
  });
  afterEach(async () => {
    // Releases a reader blocked on the FIFO (the defect), so a failing run can't leave a process behind.
    await fs.open(join(root, '.github', 'pinbot.yml'), constants.O_WRONLY | constants.O_NONBLOCK).then(
      (h) => h.close(),
      () => undefined,
    );
    await fs.rm(base, { recursive: true, force: true });
  });

  it('refuses a symlink to a token file outside the tree, without printing the token', async () => {
    await fs.writeFile(join(base, 'token'), `${TOKEN}\n`);
    await fs.symlink(join(base, 'token'), join(root, '.github', 'pinbot.yml'));
    const run = await runCli(['refs', '.'], { cwd: root });
    expect(run).toEqual({ code: 2, stdout: '', stderr: 'pinbot: invalid configuration: .github/pinbot.yml: is a symlink; not followed\n' });
  });

  it('refuses a .github directory that is a symlink out of the tree', async () => {
    await fs.rm(join(root, '.github'), { recursive: true });
    await fs.mkdir(join(base, 'secrets'));
    await fs.writeFile(join(base, 'secrets', 'pinbot.yml'), `${TOKEN}\n`);
    await fs.symlink(join(base, 'secrets'), join(root, '.github'));
    const run = await runCli(['refs', '.'], { cwd: root });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('pinbot: invalid configuration: .github/pinbot.yml: is reached through a symlinked directory; not followed\n');
  });

  it('refuses a symlink to /dev/zero without reading it', async () => {
    await fs.symlink('/dev/zero', join(root, '.github', 'pinbot.yml'));
    const run = await runCli(['refs', '.'], { cwd: root });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('pinbot: invalid configuration: .github/pinbot.yml: is a symlink; not followed\n');
  });

  it('refuses a FIFO at once instead of waiting for a writer', async () => {
    execFileSync('mkfifo', [join(root, '.github', 'pinbot.yml')]);
    // A child process, so a hang is seen as a hang (and killed) rather than blocking the test runner's thread pool.
    const run = await runCliProcess(['refs', root], { cwd: process.cwd(), killAfterMs: 60_000 });
    expect(run).toEqual({
      code: 2,
      killed: false,
      stdout: '',
      stderr: 'pinbot: invalid configuration: .github/pinbot.yml: is not a regular file (a FIFO, socket or device); not read\n',
    });
  }, 90_000);

  it('refuses a config over 1 MiB without parsing it', async () => {
    await fs.writeFile(join(root, '.github', 'pinbot.yml'), `# ${'x'.repeat(2 * 1024 * 1024)}\n`);
    const run = await runCli(['refs', '.'], { cwd: root });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      'pinbot: invalid configuration: .github/pinbot.yml: 2.0 MiB (2097155 bytes) is over the 1 MiB limit; not read\n',
    );
  });

  it('quotes a secret-looking value in a regular config file as redacted, and other values as 40-character excerpts', async () => {
    await fs.writeFile(
      join(root, '.github', 'pinbot.yml'),
      `commitMessagePrefix: 7\nlabels: ${TOKEN}\ntimezone: ${'Europe/'.repeat(20)}\n`,
    );
    const run = await runCli(['refs', '.'], { cwd: root });
    expect(run.code).toBe(2);
    expect(run.stderr).not.toContain(TOKEN.slice(4, 20));
    expect(run.stderr).toContain('.github/pinbot.yml:2: labels: expected a list, got string …redacted…');
    expect(run.stderr).toContain(`.github/pinbot.yml:3: timezone: "${'Europe/'.repeat(20).slice(0, 40)}…" is not an IANA time zone`);
  });
});
