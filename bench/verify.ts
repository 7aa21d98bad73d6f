// `pinbot verify`: policy throughput offline on the 10,000-file corpus (the whole local
// pipeline, then the pure policy alone), and registry requests per pinned digest for the
// existence check against a real local registry with token auth (goal: 1 HEAD per digest).
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { generateCorpus, writeCorpus } from './corpus.js';
import { main } from '../src/cli/main.js';
import { parseConfig } from '../src/config/load.js';
import { createRegistryClient } from '../src/registry/client/client.js';
import { checkDigestsExist } from '../src/policy/digest-existence.js';
import { evaluatePolicy } from '../src/policy/evaluate.js';
import { imageMentions } from '../src/policy/mentions.js';
import { scanFile } from '../src/scan/scan-file.js';
import { pushImage, startRegistry } from '../test/helpers/registry/index.js';

const FILES = Number(process.env.BENCH_FILES ?? 10_000);
const POLICY =
  'policy:\n  requireDigest: ["**"]\n  forbidTags: [latest]\n  promotions:\n    - { from: "**/staging/**", to: "**/prod/**" }\n';

export async function benchVerify(): Promise<string[]> {
  const corpus = generateCorpus(FILES);
  const bytes = corpus.reduce((sum, file) => sum + Buffer.byteLength(file.text), 0);
  const root = await mkdtemp(path.join(os.tmpdir(), 'pinbot-bench-verify-'));
  const lines: string[] = [];
  try {
    await writeCorpus(root, corpus);
    const { writeFile, mkdir } = await import('node:fs/promises');
    await mkdir(path.join(root, '.github'), { recursive: true });
    await writeFile(path.join(root, '.github/pinbot.yml'), POLICY);
    let out = '';
    const io = { stdout: { write: (text: string) => (out += text) }, stderr: { write: () => true }, cwd: root, env: {} };
    const started = process.hrtime.bigint();
    const code = await main(['verify', '--offline', '--json', '.'], io);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const result = JSON.parse(out) as { violations: unknown[]; checked: number };
    const mb = bytes / 1e6;

    const config = parseConfig(POLICY, 'bench');
    if (!config.ok) throw new Error(config.errors.join('; '));
    const scans = corpus.map((file) => scanFile(file.path, file.text));
    const mentions = imageMentions(
      scans.flatMap((scan) => scan.references),
      scans.flatMap((scan) => scan.skipped),
    );
    const policyStart = process.hrtime.bigint();
    const violations = evaluatePolicy(mentions, config.config.policy!);
    const policySeconds = Number(process.hrtime.bigint() - policyStart) / 1e9;
    lines.push(
      `verify --offline: ${FILES} files, ${mb.toFixed(1)} MB, ${result.checked} references, ${result.violations.length} violations (exit ${code})`,
      `  discover+read+scan+policy: ${(mb / seconds).toFixed(1)} MB/s (${seconds.toFixed(2)} s wall, ${(FILES / seconds).toFixed(0)} files/s)`,
      `  policy alone: ${mentions.length} mentions in ${(policySeconds * 1000).toFixed(0)} ms (${violations.length} violations)`,
    );
  } finally {
    await rm(root, { recursive: true, force: true });
  }
  lines.push(...(await benchExistence()));
  return lines;
}

/** 200 distinct digests in 20 repositories, each pinned in 5 places: how many requests does the check make? */
async function benchExistence(): Promise<string[]> {
  const registry = await startRegistry({ auth: 'token' });
  try {
    const pins: string[] = [];
    for (let r = 0; r < 20; r++) {
      for (let t = 0; t < 10; t++) {
        const digest = (await pushImage(registry, `bench/app${r}`, `v${t}`, { seed: `app${r}-${t}` })).digest;
        for (let copy = 0; copy < 5; copy++) pins.push(`FROM ${registry.host}/bench/app${r}:v${t}@${digest}`);
      }
    }
    const scan = scanFile('Dockerfile', `${pins.join('\n')}\n`);
    const mentions = imageMentions(scan.references, scan.skipped);
    const counts = { head: 0, other: 0, unauthorized: 0 };
    const client = createRegistryClient({
      env: {},
      credentials: { get: async () => ({ kind: 'basic' as const, ...registry.credentials! }) },
      fetch: async (input, init) => {
        const response = await fetch(input, init);
        const isHead = (init?.method ?? 'GET') === 'HEAD';
        if (response.status === 401) counts.unauthorized++;
        else if (isHead) counts.head++;
        else counts.other++;
        return response;
      },
    });
    const started = process.hrtime.bigint();
    const result = await checkDigestsExist(mentions, client);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const total = counts.head + counts.other + counts.unauthorized;
    return [
      `verify existence check: ${mentions.length} pins of ${result.digests} distinct digests, ${result.violations.length} missing, ${result.errors.length} errors`,
      `  ${(counts.head / result.digests).toFixed(2)} HEAD per distinct digest; ${total} requests in all ` +
        `(${counts.head} HEAD, ${counts.other} token/ping, ${counts.unauthorized} auth challenges), ${(total / result.digests).toFixed(2)} per digest, ${seconds.toFixed(2)} s`,
    ];
  } finally {
    await registry.stop();
  }
}
