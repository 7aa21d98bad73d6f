import { describe, expect, it } from '@jest/globals';
import { mockOpenPulls, mockRepositoryMetadata, mockRepositoryRead } from './github-mocks.js';
import { HEAD, repoWithNode, TREE } from './fixtures.js';
import { installationCreated, installationRepositoriesAdded, repository } from './payloads.js';
import { asInstallation, failures, mockInstallationToken, startApp, useStrictNock } from './support.js';

useStrictNock();

/** A second repository of the installation: empty (no commits yet), so GitHub answers 409. */
function mockEmptyRepository(name: string): void {
  asInstallation()
    .get(`/repos/acme/${name}`)
    .reply(200, { ...repository(name, 612), default_branch: 'main' });
  asInstallation().get(`/repos/acme/${name}/git/ref/heads%2Fmain`).reply(409, {
    message: 'Git Repository is empty.',
    documentation_url: 'https://docs.github.com/rest/git/refs#get-a-reference',
    status: '409',
  });
}

describe('installation triggers', () => {
  it('installation.created scans every repository listed', async () => {
    const app = await startApp();
    mockInstallationToken();
    mockRepositoryMetadata();
    mockRepositoryRead(repoWithNode(app.registry.digest('node', 'v1')));
    mockOpenPulls([]);
    mockEmptyRepository('website');

    await app.receive(installationCreated(['api', 'website']));

    expect(failures(app)).toEqual([]);
    expect(app.outcomes).toEqual(
      expect.arrayContaining([
        { repository: 'acme/api', outcome: { kind: 'scanned', references: 1, stale: 0, decisions: [] } },
        { repository: 'acme/website', outcome: { kind: 'empty-repository' } },
      ]),
    );
    expect(app.outcomes).toHaveLength(2);
  });

  it('installation_repositories.added scans the repositories added', async () => {
    const app = await startApp();
    mockInstallationToken();
    mockRepositoryMetadata();
    mockRepositoryRead(repoWithNode(app.registry.digest('node', 'v1')));
    mockOpenPulls([]);

    await app.receive(installationRepositoriesAdded(['api']));

    expect(failures(app)).toEqual([]);
    expect(app.outcomes).toEqual([{ repository: 'acme/api', outcome: { kind: 'scanned', references: 1, stale: 0, decisions: [] } }]);
  });

  it('installation_repositories.added skips an archived repository after one request', async () => {
    const app = await startApp();
    mockInstallationToken();
    asInstallation()
      .get('/repos/acme/legacy')
      .reply(200, { ...repository('legacy', 613), archived: true, pushed_at: '2021-01-01T00:00:00Z' });

    await app.receive(installationRepositoriesAdded(['legacy']));

    expect(app.outcomes).toEqual([{ repository: 'acme/legacy', outcome: { kind: 'skipped', reason: 'archived' } }]);
  });

  it('one repository failing to answer does not stop the others', async () => {
    const app = await startApp();
    mockInstallationToken();
    mockRepositoryMetadata();
    mockRepositoryRead(repoWithNode(app.registry.digest('node', 'v1')));
    mockOpenPulls([]);
    asInstallation().get('/repos/acme/website').reply(502, { message: 'Server Error' });

    await app.receive(installationCreated(['website', 'api']));

    expect(app.outcomes).toEqual(
      expect.arrayContaining([
        { repository: 'acme/api', outcome: { kind: 'scanned', references: 1, stale: 0, decisions: [] } },
        { repository: 'acme/website', outcome: { kind: 'failed', error: 'GET /repos/acme/website: 502 Server Error' } },
      ]),
    );
    expect(app.logs.filter((entry) => entry.level === 'error').map((entry) => entry.fields.repository)).toEqual(['acme/website']);
  });

  it('skips a fork whose config does not opt in, before reading its tree', async () => {
    const app = await startApp();
    mockInstallationToken();
    asInstallation()
      .get('/repos/acme/api')
      .reply(200, { ...repository(), fork: true });
    mockRepositoryRead(repoWithNode(app.registry.digest('node', 'v1')), { cached: true });
    // `cached` mocks the ref and config only; the commit is read once to find its tree.
    asInstallation()
      .get(`/repos/acme/api/git/commits/${HEAD}`)
      .reply(200, { sha: HEAD, tree: { sha: TREE } });

    await app.receive(installationRepositoriesAdded(['api']));

    expect(app.outcomes).toEqual([{ repository: 'acme/api', outcome: { kind: 'skipped', reason: 'fork' } }]);
  });
});
