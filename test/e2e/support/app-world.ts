import { afterAll, beforeAll } from '@jest/globals';
import pino from 'pino';
import { startApp, type AppUnderTest } from '../../helpers/app-under-test.js';
import type { FakeGitHub } from '../../helpers/github/index.js';
import { pushImage, startRegistry, type LocalRegistry } from '../../helpers/registry/index.js';

/**
 * The world most end-to-end tests share: one local registry and the App on the fake GitHub, with
 * installation 1 on the `acme` account. Each test names its own repository and image
 * (`t/<repository>:<tag>`), so a tag moved in one test never reaches another.
 */
export interface AppWorld {
  readonly registry: LocalRegistry;
  readonly app: AppUnderTest;
  /** Pushes a new image for `t/<repository>:<name>` (a different digest per seed); its digest. */
  readonly tag: (repository: string, seed: string, name?: string) => Promise<string>;
  /** A one-line Dockerfile pinning `t/<repository>:1` at `digest`. */
  readonly from: (repository: string, digest: string) => string;
  /** One scan of a repository, as a webhook or the schedule would start it. */
  readonly scan: (repo: string, owner?: string, installation?: number) => Promise<'done' | 'failed'>;
  readonly openPulls: (repo: string, owner?: string) => ReturnType<FakeGitHub['listPulls']>;
}

const silent = pino({ level: 'silent' });

/** Starts the world before the file's tests and stops it after; `setup` adds installations beyond acme's. */
export function useAppWorld(setup: (fake: FakeGitHub) => void = () => undefined): AppWorld {
  let started: { registry: LocalRegistry; app: AppUnderTest } | undefined;
  const get = () => {
    if (started === undefined) throw new Error('the world starts in beforeAll');
    return started;
  };
  beforeAll(async () => {
    const registry = await startRegistry({ auth: 'none' });
    const app = await startApp();
    started = { registry, app };
    app.fake.addInstallation({ id: 1, account: 'acme', repos: 'all' });
    setup(app.fake);
  });
  afterAll(async () => {
    await started?.app.stop();
    await started?.registry.stop();
  });
  return {
    get registry() {
      return get().registry;
    },
    get app() {
      return get().app;
    },
    tag: async (repository, seed, name = '1') => (await pushImage(get().registry, `t/${repository}`, name, { seed })).digest,
    from: (repository, digest) => `FROM ${get().registry.host}/t/${repository}:1@${digest}\n`,
    scan: async (repo, owner = 'acme', installation = 1) =>
      get().app.pinbot.scan(await get().app.probot.auth(installation), installation, { owner, repo }, silent),
    openPulls: (repo, owner = 'acme') => get().app.fake.listPulls(owner, repo, { state: 'open' }),
  };
}
