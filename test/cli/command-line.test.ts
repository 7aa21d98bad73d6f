import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { runCliProcess } from '../helpers/cli/run-cli-process.js';
import { runCli } from './run-cli.js';

/** Mistakes on the command line get our words and the command's usage line; help and version work per command. */
let root: string;

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'pinbot-command-line-'));
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('usage errors', () => {
  it.each([
    [['refs', '--bogus'], 'pinbot: unknown option --bogus\nUsage: pinbot refs [PATH...] [--json] (see: pinbot refs --help)\n'],
    [['check', '-x'], 'pinbot: unknown option -x\nUsage: pinbot check [PATH...] [--json] [--explain] (see: pinbot check --help)\n'],
    [['refs', '--json=yes'], 'pinbot: option --json takes no value\nUsage: pinbot refs [PATH...] [--json] (see: pinbot refs --help)\n'],
    [
      ['check', '--dry-run'],
      'pinbot: --dry-run goes with the update or pin command\nUsage: pinbot check [PATH...] [--json] [--explain] (see: pinbot check --help)\n',
    ],
    [['--bogus'], 'pinbot: unknown option --bogus\nUsage: pinbot <command> [PATH...] [options] (see: pinbot --help)\n'],
  ])('%j: names the mistake, then the usage line; nothing on stdout; exit 2', async (argv, stderr) => {
    const run = await runCli(argv, { cwd: root });
    expect(run).toEqual({ code: 2, stdout: '', stderr });
  });

  it('is what a real process prints, with its exit status', async () => {
    const run = await runCliProcess(['refs', '--bogus'], { cwd: root });
    expect(run).toEqual({
      code: 2,
      killed: false,
      stdout: '',
      stderr: 'pinbot: unknown option --bogus\nUsage: pinbot refs [PATH...] [--json] (see: pinbot refs --help)\n',
    });
  });

  it('shows a control character in an unknown option as an escape', async () => {
    const run = await runCli(['refs', '--\u001b[2Jx'], { cwd: root });
    expect(run.stderr.split('\n')[0]).toBe('pinbot: unknown option --\\u001b[2Jx');
  });

  it('takes a PATH that starts with a dash after --', async () => {
    await writeFile(path.join(root, '-odd'), `FROM node:22@sha256:${'1'.repeat(64)}\n`);
    const run = await runCli(['refs', '--json', '--', '-odd'], { cwd: root });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).references).toEqual([expect.objectContaining({ file: '-odd', line: 1 })]);
  });
});

describe('help and version', () => {
  it.each([
    [['refs', '--help'], 'refs'],
    [['check', '-h'], 'check'],
    [['help', 'update'], 'update'],
  ])('%j prints that command’s page on stdout, exit 0', async (argv, command) => {
    const run = await runCli(argv, { cwd: root });
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(new RegExp(`^Usage: pinbot ${command} \\[PATH\\.\\.\\.\\]`));
    expect(run.stdout).toContain('Exit status: 0');
  });

  it('documents --dry-run only for update', async () => {
    expect((await runCli(['update', '--help'], { cwd: root })).stdout).toContain('--dry-run');
    expect((await runCli(['check', '--help'], { cwd: root })).stdout).not.toContain('--dry-run');
  });

  it('rejects help for a command that does not exist', async () => {
    expect(await runCli(['help', 'nope'], { cwd: root })).toEqual({
      code: 2,
      stdout: '',
      stderr: 'pinbot: unknown command "nope" (try: pinbot help)\n',
    });
  });

  it.each([['--version'], ['-v']])('%s prints the package version', async (flag) => {
    const { version } = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(await runCli([flag], { cwd: root })).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
  });
});

describe('an invalid configuration', () => {
  it('is reported one mistake per line, in file order', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'pinbot-config-errors-'));
    try {
      await mkdir(path.join(dir, '.github'));
      await writeFile(path.join(dir, '.github/pinbot.yml'), 'inclde: ["**/Dockerfile"]\nlabels: 3\ngroup: everything\nforks: maybe\n');
      const run = await runCli(['refs'], { cwd: dir });
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr.split('\n')).toEqual([
        expect.stringMatching(/^pinbot: invalid configuration: \.github\/pinbot\.yml:1: unknown key "inclde"/),
        expect.stringMatching(/^pinbot: invalid configuration: \.github\/pinbot\.yml:2: labels: expected a list/),
        expect.stringMatching(/^pinbot: invalid configuration: \.github\/pinbot\.yml:3: group: expected /),
        expect.stringMatching(/^pinbot: invalid configuration: \.github\/pinbot\.yml:4: forks: expected true or false/),
        '',
      ]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
