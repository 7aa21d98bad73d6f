// Registry economy: requests per unique reference and wall time for 1,000 unique references
// against a real local registry with token auth (Debian's docker-registry), through the whole
// engine: scan → resolve → plan. Index pins, then the same tags pinned to one platform's
// manifest (whose own platform is read from its image config once per digest, issue 8).
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { resolveAndPlan } from '../src/resolve/resolve-and-plan.js';
import { DEFAULT_CONFIG } from '../src/config/schema.js';
import { createRegistryClient } from '../src/registry/client/client.js';
import type { Platform } from '../src/registry/resolver/platform.js';
import { sharedScanPool } from '../src/scan/pool/shared-pool.js';
import { scanSources, type SourceFile } from '../src/scan/scan-sources.js';
import {
  pushIndex,
  pushPlatformImage,
  startRegistry,
  type LocalRegistry,
  type ManifestDescriptor,
} from '../test/helpers/registry/index.js';

const REPOSITORIES = 10;
const TAGS_PER_REPOSITORY = 100;
const PLATFORMS = [
  { os: 'linux', architecture: 'amd64' },
  { os: 'linux', architecture: 'arm64', variant: 'v8' },
];

export interface Counts {
  total: number;
  byKind: Map<string, number>;
}

/** A fetch that counts every registry request by kind (manifest HEAD/GET, blob, ping, token). */
export function countingFetch(counts: Counts): typeof fetch {
  return async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const method = init?.method ?? 'GET';
    const kind = url.pathname.includes('/manifests/')
      ? `${method} manifest`
      : url.pathname.includes('/blobs/')
        ? `${method} blob`
        : url.pathname === '/v2/'
          ? 'ping'
          : 'token';
    counts.total++;
    counts.byKind.set(kind, (counts.byKind.get(kind) ?? 0) + 1);
    return fetch(input, init);
  };
}

interface Published {
  /** `repository:tag` → the index digest pinned. */
  readonly pinned: Map<string, string>;
  /** `repository:tag` → the arm64 manifest of that same index, for platform pins. */
  readonly pinnedArm64: Map<string, string>;
  readonly move: () => Promise<void>;
}

async function publish(registry: LocalRegistry): Promise<Published> {
  const pinned = new Map<string, string>();
  const pinnedArm64 = new Map<string, string>();
  const moves: Array<() => Promise<unknown>> = [];
  for (let r = 0; r < REPOSITORIES; r++) {
    const repository = `bench/app${r}`;
    const build = async (seed: string): Promise<ManifestDescriptor[]> =>
      Promise.all(PLATFORMS.map((platform) => pushPlatformImage(registry, repository, platform, { seed: `${repository}-${seed}` })));
    const first = await build('1');
    const second = await build('2');
    for (let t = 0; t < TAGS_PER_REPOSITORY; t++) {
      const tag = `v${t}`;
      pinned.set(`${repository}:${tag}`, (await pushIndex(registry, repository, tag, first)).digest);
      pinnedArm64.set(`${repository}:${tag}`, first[1]!.digest);
      // Every other tag gets a new build later: half the pins go stale.
      if (t % 2 === 0) moves.push(() => pushIndex(registry, repository, tag, second));
    }
  }
  return { pinned, pinnedArm64, move: async () => void (await Promise.all(moves.map((move) => move()))) };
}

function composeFiles(host: string, pinned: Map<string, string>, platform?: string): SourceFile[] {
  const byRepository = new Map<string, string[]>();
  for (const [name, digest] of pinned) {
    const repository = name.split(':')[0] ?? name;
    const lines = byRepository.get(repository) ?? ['services:'];
    lines.push(`  s${lines.length}:`, `    image: ${host}/${name}@${digest}`);
    if (platform !== undefined) lines.push(`    platform: ${platform}`);
    byRepository.set(repository, lines);
  }
  return [...byRepository].map(([repository, lines]) => ({
    path: `${repository.replace('/', '-')}/compose.yaml`,
    read: async () => Buffer.from(`${lines.join('\n')}\n`),
  }));
}

async function measure(
  label: string,
  files: SourceFile[],
  env: Record<string, string>,
  platformCache?: Map<string, Platform>,
): Promise<string[]> {
  const counts: Counts = { total: 0, byKind: new Map() };
  const client = createRegistryClient({ env, fetch: countingFetch(counts) });
  const started = process.hrtime.bigint();
  const scan = await scanSources(files, sharedScanPool().scan);
  const plan = await resolveAndPlan(scan, DEFAULT_CONFIG, { clientFor: () => client, ...(platformCache ? { platformCache } : {}) });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const unique = new Set(scan.references.map((r) => `${r.image.name}:${r.image.tag}`)).size;
  const kinds = [...counts.byKind]
    .sort()
    .map(([kind, n]) => `${kind} ${n}`)
    .join(', ');
  return [
    `  ${label}: ${unique} unique references, ${plan.updates.length} stale, ${plan.current.length} current, ${plan.errors.length} failed`,
    `    ${(counts.total / unique).toFixed(3)} requests per unique reference (${counts.total} in all: ${kinds})`,
    `    wall time ${seconds.toFixed(2)} s (${(unique / seconds).toFixed(0)} references/s, concurrency 4 per host)`,
  ];
}

export async function benchRegistry(): Promise<string[]> {
  const registry = await startRegistry({ auth: 'token' });
  const dockerConfig = await mkdtemp(path.join(os.tmpdir(), 'pinbot-bench-docker-'));
  try {
    const { username, password } = registry.credentials!;
    const auth = Buffer.from(`${username}:${password}`).toString('base64');
    await writeFile(path.join(dockerConfig, 'config.json'), JSON.stringify({ auths: { [registry.host]: { auth } } }));
    const env = { DOCKER_CONFIG: dockerConfig, PATH: process.env.PATH ?? '' };
    const { pinned, pinnedArm64, move } = await publish(registry);
    const files = composeFiles(registry.host, pinned);
    const platformFiles = composeFiles(registry.host, pinnedArm64, 'linux/arm64');
    const distinctManifests = new Set(pinnedArm64.values()).size;
    const lines = [`registry: ${pinned.size} unique references in ${REPOSITORIES} repositories, token auth, local docker-registry`];
    lines.push(...(await measure('index pins, all current', files, env)));
    lines.push(...(await measure('platform pins, all current', platformFiles, env)));
    await move();
    lines.push(...(await measure('index pins, half moved', files, env)));
    // A long-lived process (the App) keeps one platform cache across runs, each run with a new client.
    const platformCache = new Map<string, Platform>();
    lines.push(`  platform pins below: ${distinctManifests} distinct pinned platform manifests`);
    lines.push(...(await measure('platform pins, half moved, first run', platformFiles, env, platformCache)));
    lines.push(...(await measure('platform pins, half moved, second run in the same process', platformFiles, env, platformCache)));
    return lines;
  } finally {
    await registry.stop();
    await rm(dockerConfig, { recursive: true, force: true });
  }
}
