/**
 * Starts a real registry (Debian's `docker-registry`, distribution 2.8) on 127.0.0.1 with
 * filesystem storage in a temp dir, optionally behind htpasswd (Basic) or token (Bearer) auth.
 *
 *   const registry = await startRegistry({ auth: 'token' });
 *   await pushImage(registry, 'team/app', '1.0');
 *   …
 *   await registry.stop(); // in afterAll
 */
import { access, constants, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findFreePort } from './free-port.js';
import { startFrontDoor, type FrontDoor } from './front-door.js';
import { htpasswdFile } from './htpasswd.js';
import { registryConfigYaml, type RegistryAuthConfig } from './registry-config.js';
import { spawnRegistry, waitUntilReady, type RegistryProcess } from './registry-process.js';
import { startTokenServer, type Credentials, type TokenServer } from './token-server.js';

export type RegistryAuthMode = 'none' | 'htpasswd' | 'token';

export interface StartRegistryOptions {
  /** Default `none`. */
  auth?: RegistryAuthMode;
  /** Accounts for htpasswd or the token server. Default: one generated user. Ignored for `none`. */
  users?: Credentials[];
  /** Token mode: whether anonymous callers may pull. Default false. */
  anonymousPull?: boolean;
  /**
   * Token mode: where the realm is. `same-origin` (default) serves it at `/token` on the
   * registry's own port, as hosted registries do; `other-port` leaves it on the token server's
   * own port, a realm pinbot must not send credentials to (issue 8, finding 6).
   */
  realm?: 'same-origin' | 'other-port';
  /** The registry executable. Default /usr/bin/docker-registry. */
  binary?: string;
}

export interface LocalRegistry {
  auth: RegistryAuthMode;
  /** `127.0.0.1:<port>`, the registry part of an image reference. */
  host: string;
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** The first user: what a test's docker config would hold. Undefined for `none`. */
  credentials?: Credentials;
  /** Every accepted account. */
  users: Credentials[];
  /** Token mode only: the token server, with its record of requests. */
  tokenServer?: TokenServer;
  /** Token mode only: the realm URL the registry's challenge names. */
  realm?: string;
  /** Stops the registry (and token server) and deletes its storage. Safe to call twice. */
  stop(): Promise<void>;
}

export const DEFAULT_REGISTRY_BINARY = '/usr/bin/docker-registry';
const STARTUP_TIMEOUT_MS = 15_000;
const PORT_ATTEMPTS = 3;

async function assertInstalled(binary: string): Promise<void> {
  try {
    await access(binary, constants.X_OK);
  } catch {
    throw new Error(
      `startRegistry: ${binary} is missing or not executable. Install the registry with ` +
        '`apt-get install -y docker-registry` (Debian/Ubuntu; it ships distribution 2.8).',
    );
  }
}

async function launchOnFreePort(
  binary: string,
  directory: string,
  auth: RegistryAuthConfig,
): Promise<{ port: number; process: RegistryProcess }> {
  const configPath = join(directory, 'config.yml');
  const httpSecret = randomBytes(16).toString('hex');
  for (let attempt = 1; ; attempt++) {
    // Another process may take the port between our probe and the registry's bind; retry then.
    const port = await findFreePort();
    await writeFile(configPath, registryConfigYaml({ port, storageDirectory: join(directory, 'storage'), httpSecret, auth }));
    const registry = spawnRegistry(binary, configPath);
    const outcome = await waitUntilReady(`http://127.0.0.1:${port}`, registry, STARTUP_TIMEOUT_MS);
    if (outcome === 'ready') return { port, process: registry };
    await registry.stop();
    if (outcome === 'exited' && /address already in use/.test(registry.output()) && attempt < PORT_ATTEMPTS) continue;
    const why = outcome === 'exited' ? 'exited during startup' : `did not answer GET /v2/ within ${STARTUP_TIMEOUT_MS} ms`;
    throw new Error(`startRegistry: ${binary} on 127.0.0.1:${port} ${why}. Its output:\n${registry.output().trim() || '(none)'}`);
  }
}

export async function startRegistry(options: StartRegistryOptions = {}): Promise<LocalRegistry> {
  const mode = options.auth ?? 'none';
  const binary = options.binary ?? DEFAULT_REGISTRY_BINARY;
  await assertInstalled(binary);
  const users = mode === 'none' ? [] : (options.users ?? [{ username: 'pinbot', password: randomBytes(12).toString('hex') }]);
  if (mode !== 'none' && users.length === 0) throw new Error(`startRegistry: auth '${mode}' needs at least one user`);

  const directory = await mkdtemp(join(tmpdir(), 'pinbot-registry-'));
  let tokenServer: TokenServer | undefined;
  let frontDoor: FrontDoor | undefined;
  try {
    await mkdir(join(directory, 'storage'));
    let auth: RegistryAuthConfig = { kind: 'none' };
    if (mode === 'htpasswd') {
      const htpasswdPath = join(directory, 'htpasswd');
      await writeFile(htpasswdPath, htpasswdFile(users));
      auth = { kind: 'htpasswd', htpasswdPath };
    } else if (mode === 'token') {
      tokenServer = await startTokenServer({ users, anonymousPull: options.anonymousPull ?? false });
      if ((options.realm ?? 'same-origin') === 'same-origin') frontDoor = await startFrontDoor();
      const { service, issuer, certificatePath } = tokenServer;
      const realm = frontDoor === undefined ? tokenServer.realm : `${frontDoor.url}/token`;
      auth = { kind: 'token', realm, service, issuer, rootCertBundle: certificatePath };
    }
    const { port, process: registry } = await launchOnFreePort(binary, directory, auth);
    frontDoor?.route({ registry: `http://127.0.0.1:${port}`, tokenServer: tokenServer!.url });
    let stopped: Promise<void> | undefined;
    const server = tokenServer;
    const door = frontDoor;
    const publicPort = door?.port ?? port;
    return {
      auth: mode,
      host: `127.0.0.1:${publicPort}`,
      url: `http://127.0.0.1:${publicPort}`,
      ...(users[0] === undefined ? {} : { credentials: users[0] }),
      users,
      ...(server === undefined ? {} : { tokenServer: server }),
      ...(auth.kind === 'token' ? { realm: auth.realm } : {}),
      stop: () =>
        (stopped ??= (async () => {
          await door?.stop();
          await registry.stop();
          await server?.stop();
          await rm(directory, { recursive: true, force: true });
        })()),
    };
  } catch (error) {
    await frontDoor?.stop();
    await tokenServer?.stop();
    await rm(directory, { recursive: true, force: true });
    throw error;
  }
}
