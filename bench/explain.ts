// Explanation economy (issue 12): the registry requests that explaining costs per changed
// reference, on top of resolving, against a real local registry. Three layouts: Docker Official
// Images style (facts annotated on index entries, SBOM attestations), BuildKit with labels only
// (no annotations, no SBOM), and platform pins. Goal: at most 2 manifest GETs beyond resolving.
import { resolveAndPlan } from '../src/resolve/resolve-and-plan.js';
import { DEFAULT_CONFIG } from '../src/config/schema.js';
import { createRegistryClient } from '../src/registry/client/client.js';
import { sharedScanPool } from '../src/scan/pool/shared-pool.js';
import { scanSources, type SourceFile } from '../src/scan/scan-sources.js';
import { startRegistry, type LocalRegistry } from '../test/helpers/registry/index.js';
import {
  NEW_PACKAGES,
  NEW_REVISION,
  OLD_PACKAGES,
  OLD_REVISION,
  pushRelease,
  type Release,
  type ReleaseOptions,
} from '../test/explain/scenario.js';

const TAGS = 40;

interface Layout {
  readonly label: string;
  readonly before: Omit<ReleaseOptions, 'seed'>;
  readonly after: Omit<ReleaseOptions, 'seed'>;
  readonly pin: (release: Release) => string;
}

const LAYOUTS: Layout[] = [
  {
    label: 'index pins, annotated index entries + SBOM attestations (Docker Official Images style)',
    before: { annotateEntries: true, created: '2024-05-01T00:00:00Z', revision: OLD_REVISION, packages: OLD_PACKAGES },
    after: { annotateEntries: true, created: '2024-05-02T00:00:00Z', revision: NEW_REVISION, packages: NEW_PACKAGES },
    pin: (release) => release.index,
  },
  {
    label: 'index pins, image labels only, no SBOM',
    before: { created: '2024-05-01T00:00:00Z', revision: OLD_REVISION },
    after: { created: '2024-05-02T00:00:00Z', revision: NEW_REVISION },
    pin: (release) => release.index,
  },
  {
    label: 'platform pins (linux/amd64 manifest), image labels only',
    before: { created: '2024-05-01T00:00:00Z', revision: OLD_REVISION },
    after: { created: '2024-05-02T00:00:00Z', revision: NEW_REVISION },
    pin: (release) => release.amd64,
  },
];

type Counts = Map<string, number>;

function countingFetch(counts: Counts): typeof fetch {
  return async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const method = init?.method ?? 'GET';
    const kind = url.pathname.includes('/manifests/')
      ? `${method} manifest`
      : url.pathname.includes('/blobs/')
        ? `${method} blob`
        : 'other';
    counts.set(kind, (counts.get(kind) ?? 0) + 1);
    return fetch(input, init);
  };
}

async function run(
  registry: LocalRegistry,
  files: SourceFile[],
  explain: boolean,
): Promise<{ counts: Counts; stale: number; seconds: number }> {
  const counts: Counts = new Map();
  const client = createRegistryClient({ env: {}, fetch: countingFetch(counts) });
  const started = process.hrtime.bigint();
  const plan = await resolveAndPlan(await scanSources(files, sharedScanPool().scan), DEFAULT_CONFIG, { clientFor: () => client, explain });
  return { counts, stale: plan.updates.length, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
}

export async function benchExplain(): Promise<string[]> {
  const registry = await startRegistry({ auth: 'none' });
  try {
    const lines = [`explain: extra registry requests per changed reference for explanations (${TAGS} changed references per layout)`];
    for (const [number, layout] of LAYOUTS.entries()) {
      const files: SourceFile[] = [];
      for (let t = 0; t < TAGS; t++) {
        const repository = `bench/explain${number}-${t}`;
        const before = await pushRelease(registry, repository, '1.0', { ...layout.before, seed: `${repository}-1` });
        await pushRelease(registry, repository, '1.0', { ...layout.after, seed: `${repository}-2` });
        files.push({
          path: `${repository.replace('/', '-')}/Dockerfile`,
          read: async () => Buffer.from(`FROM ${registry.host}/${repository}:1.0@${layout.pin(before)}\n`),
        });
      }
      const plain = await run(registry, files, false);
      const explained = await run(registry, files, true);
      const per = (kind: string) => (((explained.counts.get(kind) ?? 0) - (plain.counts.get(kind) ?? 0)) / explained.stale).toFixed(2);
      lines.push(
        `  ${layout.label}: ${explained.stale} changed`,
        `    +${per('GET manifest')} manifest GETs, +${per('GET blob')} blob GETs, +${per('HEAD manifest')} HEADs per changed reference` +
          ` (resolving alone: ${((plain.counts.get('GET manifest') ?? 0) / plain.stale).toFixed(2)} manifest GETs)`,
        `    wall time ${plain.seconds.toFixed(2)} s without explanations, ${explained.seconds.toFixed(2)} s with`,
      );
    }
    return lines;
  } finally {
    await registry.stop();
  }
}
