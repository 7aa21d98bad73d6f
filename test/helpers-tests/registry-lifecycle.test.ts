import { describe, expect, test } from '@jest/globals';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startRegistry } from '../helpers/registry/index.js';

describe('startRegistry lifecycle', () => {
  test('stop() ends the registry, frees its port, and can be called twice', async () => {
    const registry = await startRegistry({ auth: 'token' });
    const realm = registry.tokenServer?.realm ?? '';
    await registry.stop();
    await expect(fetch(`${registry.url}/v2/`)).rejects.toThrow();
    await expect(fetch(realm)).rejects.toThrow();
    await registry.stop();
  });

  test('a missing binary is reported with how to install it', async () => {
    await expect(startRegistry({ binary: '/nonexistent/docker-registry' })).rejects.toThrow(
      /\/nonexistent\/docker-registry is missing .*apt-get install -y docker-registry/,
    );
  });

  test('a registry that exits during startup is reported with its output', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pinbot-fake-registry-'));
    try {
      const fake = join(dir, 'docker-registry');
      // Behaves like distribution on a bad config: one line on stderr, exit status 1.
      await writeFile(fake, '#!/bin/sh\necho "configuration error: unknown storage driver" >&2\nexit 1\n');
      await chmod(fake, 0o755);
      await expect(startRegistry({ binary: fake })).rejects.toThrow(
        /exited during startup\. Its output:\nconfiguration error: unknown storage driver/,
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('auth modes with accounts refuse an empty user list', async () => {
    await expect(startRegistry({ auth: 'htpasswd', users: [] })).rejects.toThrow("auth 'htpasswd' needs at least one user");
  });
});
