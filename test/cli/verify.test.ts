import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { runCli } from './run-cli.js';

const FIXTURES = new URL('../fixtures/policy/', import.meta.url).pathname;

describe('pinbot verify --offline on fixture trees', () => {
  it('prints the violations as a table with a one-line summary, and exits 1', async () => {
    const run = await runCli(['verify', '--offline', 'require-digest'], { cwd: FIXTURES });
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('');
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^FILE\s+IMAGE\s+RULE\s+MESSAGE$/);
    expect(lines[1]).toMatch(
      /^deploy\/prod\/app\.yaml:10\s+ghcr\.io\/acme\/api-migrations:2\.3\.1\s+require-digest\s+ghcr\.io\/acme\/api-migrations:2\.3\.1 is not pinned by digest/,
    );
    expect(lines.at(-1)).toBe(
      '9 violations (7 require-digest, 2 forbidden-tag): 10 image references checked ' +
        '(5 build stage or scratch references need no digest), registry check skipped (--offline).',
    );
  });

  it('--json prints exactly violations, errors and checked', async () => {
    const run = await runCli(['verify', '--offline', '--json', 'promotions'], { cwd: FIXTURES });
    expect(run.code).toBe(1);
    const output = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(Object.keys(output)).toEqual(['violations', 'errors', 'checked']);
    expect(output.checked).toBe(7);
    expect(output.errors).toEqual([]);
    const [first] = output.violations as Array<Record<string, unknown>>;
    expect(Object.keys(first ?? {})).toEqual(['file', 'line', 'image', 'tag', 'digest', 'rule', 'message']);
    expect(first).toMatchObject({
      file: 'deploy/prod/api.yaml',
      line: 10,
      image: 'ghcr.io/acme/api',
      tag: '2.3.1',
      rule: 'promotion-mismatch',
    });
  });

  it('exits 0 with a clean summary when nothing breaks the policy', async () => {
    const run = await runCli(['verify', '--offline', 'digest-only'], { cwd: FIXTURES });
    expect(run).toEqual({
      code: 0,
      stderr: '',
      stdout: 'No violations: 2 image references checked, registry check skipped (--offline).\n',
    });
  });
});

describe('pinbot verify errors and conventions', () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'pinbot-verify-'));
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it("--offline goes with verify only: a usage error with the command's usage line, like every other", async () => {
    const run = await runCli(['check', '--offline', '.'], { cwd: root });
    expect(run).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'pinbot: --offline goes with the verify command\nUsage: pinbot check [PATH...] [--json] [--explain] (see: pinbot check --help)\n',
    });
    const help = await runCli(['verify', '--help'], { cwd: root });
    expect(help.stdout).toMatch(/^Usage: pinbot verify \[PATH\.\.\.\] \[--json\] \[--offline\]\n/);
  });

  it('an invalid policy is a configuration error with file, line and key (exit 2)', async () => {
    const dir = path.join(root, 'bad-policy');
    await mkdir(path.join(dir, '.github'), { recursive: true });
    await writeFile(path.join(dir, '.github/pinbot.yml'), 'policy:\n  forbidTags: ["node:latest"]\n');
    const run = await runCli(['verify', '--offline', 'bad-policy'], { cwd: root });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^pinbot: invalid configuration: \.github\/pinbot\.yml:2: policy\.forbidTags\[0\]: /);
  });

  it('a policy file that cannot be parsed is an error (exit 2), not a silent pass', async () => {
    const dir = path.join(root, 'broken-yaml');
    await mkdir(path.join(dir, '.github'), { recursive: true });
    await mkdir(path.join(dir, 'deploy'), { recursive: true });
    await writeFile(path.join(dir, '.github/pinbot.yml'), 'policy:\n  requireDigest: ["deploy/**"]\n');
    await writeFile(path.join(dir, 'deploy/app.yaml'), 'apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - image: [unclosed\n');
    const run = await runCli(['verify', '--offline', '--json', 'broken-yaml'], { cwd: root });
    expect(run.code).toBe(2);
    const output = JSON.parse(run.stdout) as { errors: Array<{ file: string; error: string }> };
    expect(output.errors).toEqual([expect.objectContaining({ file: 'deploy/app.yaml', error: expect.stringContaining('YAML') })]);
  });

  it('echoes no control characters from files, and caps what it echoes', async () => {
    const dir = path.join(root, 'hostile');
    await mkdir(path.join(dir, '.github'), { recursive: true });
    await writeFile(path.join(dir, '.github/pinbot.yml'), 'policy:\n  requireDigest: ["**"]\n');
    await writeFile(path.join(dir, 'Dockerfile'), `FROM \${X}\u001b]0;owned\u0007${'y'.repeat(400)}\n`);
    const run = await runCli(['verify', '--offline', 'hostile'], { cwd: root });
    expect(run.code).toBe(1);
    // eslint-disable-next-line no-control-regex -- asserting their absence
    expect(run.stdout).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
    expect(run.stdout.split('\n').every((line) => line.length < 600)).toBe(true);
  });
});
