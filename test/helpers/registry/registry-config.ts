/** Pure: the YAML configuration for one `docker-registry serve` run. */
import { stringify } from 'yaml';

export type RegistryAuthConfig =
  | { kind: 'none' }
  | { kind: 'htpasswd'; htpasswdPath: string }
  | { kind: 'token'; realm: string; service: string; issuer: string; rootCertBundle: string };

export interface RegistryConfigInput {
  port: number;
  storageDirectory: string;
  /** Signs upload state between requests; fixed per run so distribution doesn't warn about a random one. */
  httpSecret: string;
  auth: RegistryAuthConfig;
}

function authSection(auth: RegistryAuthConfig): Record<string, unknown> | undefined {
  switch (auth.kind) {
    case 'none':
      return undefined;
    case 'htpasswd':
      // distribution 2.8 serves htpasswd auth over plain HTTP; TLS is only recommended.
      return { htpasswd: { realm: 'pinbot-test-registry', path: auth.htpasswdPath } };
    case 'token':
      return { token: { realm: auth.realm, service: auth.service, issuer: auth.issuer, rootcertbundle: auth.rootCertBundle } };
  }
}

export function registryConfigYaml(input: RegistryConfigInput): string {
  const auth = authSection(input.auth);
  return stringify({
    version: 0.1,
    // `error` is the quietest level distribution accepts; its output is kept for failure messages.
    log: { level: 'error', accesslog: { disabled: true } },
    storage: {
      filesystem: { rootdirectory: input.storageDirectory },
      // Lets tests delete manifests (DELETE /v2/<repo>/manifests/<digest>).
      delete: { enabled: true },
    },
    http: { addr: `127.0.0.1:${input.port}`, secret: input.httpSecret },
    ...(auth === undefined ? {} : { auth }),
  });
}
