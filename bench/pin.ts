// Pinning economy: registry requests per pinned reference and wall time for `pinbot pin` on
// 1,000 tag-only references to 200 unique tags (half multi-platform indexes, half single
// manifests) against a real local registry with token auth, through the whole CLI: scan,
// resolve, plan, and one atomic write per file. Goal: one HEAD per unique tag.
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { main } from '../src/cli/main.js';
import { createRegistryClient } from '../src/registry/client/client.js';
import { pushImage, pushIndex, pushPlatformImage, startRegistry, type LocalRegistry } from '../test/helpers/registry/index.js';
import { countingFetch, type Counts } from './registry.js';

const REPOSITORIES = 10;
const TAGS_PER_REPOSITORY = 20;
const USES_PER_TAG = 5;
const PLATFORMS = [
  { os: 'linux', architecture: 'amd64' },
  { os: 'linux', architecture: 'arm64', variant: 'v8' },
];

/** 200 tags: even ones a multi-platform index, odd ones a single image manifest. */
async function publish(registry: LocalRegistry): Promise<string[]> {
  const images: string[] = [];
  for (let r = 0; r < REPOSITORIES; r++) {
    const repository = `pin/app${r}`;
    const platforms = await Promise.all(
      PLATFORMS.map((platform) => pushPlatformImage(registry, repository, platform, { seed: repository })),
    );
    for (let t = 0; t < TAGS_PER_REPOSITORY; t++) {
      const tag = `v${t}`;
      if (t % 2 === 0) await pushIndex(registry, repository, tag, platforms);
      else await pushImage(registry, repository, tag, { seed: repository });
      images.push(`${registry.host}/${repository}:${tag}`);
    }
  }
  return images;
}

/** Each tag used five times: in Dockerfiles (FROM) and compose files (image), 1,000 references in all. */
async function writeTree(root: string, images: readonly string[]): Promise<number> {
  let references = 0;
  for (let i = 0; i < images.length; i += 10) {
    const group = images.slice(i, i + 10);
    const dir = path.join(root, `service-${i / 10}`);
    await mkdir(dir, { recursive: true });
    const froms = group.flatMap((image) => Array.from({ length: USES_PER_TAG - 2 }, (_, n) => `FROM ${image} AS s${n}-${references++}`));
    await writeFile(path.join(dir, 'Dockerfile'), `${froms.join('\n')}\n`);
    const services = group.flatMap((image, n) => [`  a${n}:`, `    image: ${image}`, `  b${n}:`, `    image: "${image}" # pinned?`]);
    references += group.length * 2;
    await writeFile(path.join(dir, 'compose.yaml'), `services:\n${services.join('\n')}\n`);
  }
  return references;
}

/** How many of the tree's files now pin every reference they hold. */
async function writtenFiles(tree: string, services: number): Promise<{ pinned: number; total: number }> {
  let pinned = 0;
  for (let s = 0; s < services; s++) {
    for (const name of ['Dockerfile', 'compose.yaml']) {
      const text = await readFile(path.join(tree, `service-${s}`, name), 'utf8');
      const images = text.match(/(?:FROM|image:) "?\S+/g) ?? [];
      if (images.every((image) => image.includes('@sha256:'))) pinned++;
    }
  }
  return { pinned, total: services * 2 };
}

export async function benchPin(): Promise<string[]> {
  const registry = await startRegistry({ auth: 'token' });
  const root = await mkdtemp(path.join(os.tmpdir(), 'pinbot-bench-pin-'));
  try {
    const { username, password } = registry.credentials!;
    const dockerConfig = path.join(root, '.docker');
    await mkdir(dockerConfig);
    await writeFile(
      path.join(dockerConfig, 'config.json'),
      JSON.stringify({ auths: { [registry.host]: { auth: Buffer.from(`${username}:${password}`).toString('base64') } } }),
    );
    const images = await publish(registry);
    const tree = path.join(root, 'tree');
    const references = await writeTree(tree, images);

    const counts: Counts = { total: 0, byKind: new Map() };
    const unauthorized = { count: 0 };
    const challenges =
      (inner: typeof fetch): typeof fetch =>
      async (input, init) => {
        const response = await inner(input, init);
        if (response.status === 401) unauthorized.count++;
        return response;
      };
    const env = { DOCKER_CONFIG: dockerConfig, PATH: process.env.PATH ?? '' };
    let stdout = '';
    const started = process.hrtime.bigint();
    const code = await main(
      ['pin', '--json', tree],
      { stdout: { write: (text: string) => (stdout += text) }, stderr: { write: () => true }, cwd: root, env },
      { clientFor: (config) => createRegistryClient({ env, mirrors: config.registryMirrors, fetch: challenges(countingFetch(counts)) }) },
    );
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const output = JSON.parse(stdout) as { pinned: unknown[]; errors: unknown[] };
    const heads = counts.byKind.get('HEAD manifest') ?? 0;
    const kinds = [...counts.byKind]
      .sort()
      .map(([kind, n]) => `${kind} ${n}`)
      .join(', ');
    const files = await writtenFiles(tree, images.length / 10);
    return [
      `pin: ${references} tag-only references to ${images.length} unique tags (half indexes, half single manifests), token auth, local docker-registry`,
      `  exit ${code}: ${output.pinned.length} pinned, ${output.errors.length} failed, ${files.pinned} of ${files.total} files left with no tag-only reference`,
      `  ${(counts.total / output.pinned.length).toFixed(3)} registry requests per pinned reference (${counts.total} in all: ${kinds})`,
      `  ${((heads - unauthorized.count) / images.length).toFixed(3)} HEADs per unique tag (goal: 1), plus ${unauthorized.count} answered 401 to learn the registry's auth`,
      `  wall time ${seconds.toFixed(2)} s (${(references / seconds).toFixed(0)} references/s, concurrency 4 per host)`,
    ];
  } finally {
    await registry.stop();
    await rm(root, { recursive: true, force: true });
  }
}
