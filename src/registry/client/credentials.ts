/**
 * Credentials per registry, the way Docker finds them: a registry's own `credHelpers` entry,
 * else the default `credsStore` helper, else the `auths` entry in `config.json`. Looked up only
 * when a registry asks (401) and cached per registry, so a scan touching public images never
 * reads the config or runs a helper. Every problem becomes a warning and anonymous access.
 */
import { readFile as fsReadFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createCredentialHelperRunner, type CredentialHelperRunner } from './credential-helper.js';
import { helperServerUrl, normalizeConfigKey, parseDockerConfig, type DockerConfig, type RegistryCredentials } from './docker-config.js';

export type { RegistryCredentials } from './docker-config.js';

export interface CredentialStore {
  /** Credentials for a registry name (`docker.io`, `ghcr.io`, `localhost:5000`); undefined for anonymous. */
  get(registry: string): Promise<RegistryCredentials | undefined>;
}

export interface CredentialStoreOptions {
  /** The process environment: `DOCKER_CONFIG`, `HOME` and, for helpers, `PATH`. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Home directory when `DOCKER_CONFIG` is unset; defaults to `env.HOME`. */
  readonly homeDir?: string;
  readonly warn: (message: string) => void;
  readonly readFile?: (path: string) => Promise<string>;
  readonly runHelper?: CredentialHelperRunner;
}

/** Where Docker keeps its config: `$DOCKER_CONFIG/config.json`, else `~/.docker/config.json`. */
export function dockerConfigPath(env: Readonly<Record<string, string | undefined>>, homeDir?: string): string | undefined {
  if (env.DOCKER_CONFIG) return join(env.DOCKER_CONFIG, 'config.json');
  const home = homeDir ?? env.HOME;
  return home ? join(home, '.docker', 'config.json') : undefined;
}

export function createCredentialStore(options: CredentialStoreOptions): CredentialStore {
  const readFile = options.readFile ?? ((path: string) => fsReadFile(path, 'utf8'));
  const runHelper = options.runHelper ?? createCredentialHelperRunner({ env: options.env });
  const warned = new Set<string>();
  const warnOnce = (message: string): void => {
    if (warned.has(message)) return;
    warned.add(message);
    options.warn(message);
  };

  let config: Promise<DockerConfig | undefined> | undefined;
  const loadConfig = (): Promise<DockerConfig | undefined> => {
    config ??= (async () => {
      const file = dockerConfigPath(options.env, options.homeDir);
      if (file === undefined) return undefined;
      let text: string;
      try {
        text = await readFile(file);
      } catch (error) {
        // No config file is the normal case for anonymous use; anything else deserves a word.
        const code = (error as NodeJS.ErrnoException).code;
        if (code !== 'ENOENT' && code !== 'ENOTDIR')
          warnOnce(`cannot read ${file} (${code ?? String(error)}); continuing without stored credentials`);
        return undefined;
      }
      const parsed = parseDockerConfig(text, file);
      if (!parsed.ok) {
        warnOnce(parsed.message);
        return undefined;
      }
      parsed.config.warnings.forEach(warnOnce);
      return parsed.config;
    })();
    return config;
  };

  const lookup = async (registry: string): Promise<RegistryCredentials | undefined> => {
    const loaded = await loadConfig();
    if (!loaded) return undefined;
    const helper = loaded.credHelpers.get(registry) ?? loaded.credsStore;
    if (helper !== undefined) {
      const result = await runHelper(helper, helperServerUrl(registry));
      if (result.kind === 'found') return result.credentials;
      if (result.kind === 'failed')
        warnOnce(`credential helper for ${registry}: ${result.message}; trying config.json entries, else anonymous`);
    }
    // Docker Desktop leaves empty `auths` entries next to a helper; only real ones were kept.
    return loaded.auths.get(registry);
  };

  const byRegistry = new Map<string, Promise<RegistryCredentials | undefined>>();
  return {
    get(registry) {
      const key = normalizeConfigKey(registry) ?? registry.toLowerCase();
      let pending = byRegistry.get(key);
      if (!pending) {
        pending = lookup(key);
        byRegistry.set(key, pending);
      }
      return pending;
    },
  };
}
