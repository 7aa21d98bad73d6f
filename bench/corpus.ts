// Generates a deterministic corpus of realistic files (Dockerfiles, compose files, Kubernetes
// manifests, workflows, plain YAML) for the scanner benchmark. Same seed, same bytes.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** A small deterministic PRNG (mulberry32): the corpus must not vary between runs. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const IMAGES: readonly string[] = [
  'node:22-slim',
  'golang:1.23-alpine',
  'python:3.12-slim',
  'ghcr.io/acme/api:1.4.2',
  'nginx:1.27',
  'redis:7.4',
  'postgres:16',
  'gcr.io/distroless/static:nonroot',
  'quay.io/prometheus/node-exporter:v1.8.2',
  'registry.example.com:5000/team/tool:2024.11',
];

export interface CorpusFile {
  readonly path: string;
  readonly text: string;
}

type Pin = () => string;
type Next = () => number;

export function generateCorpus(count: number, seed = 42): CorpusFile[] {
  const next = random(seed);
  const pick = (list: readonly string[]): string => list[Math.floor(next() * list.length)] ?? '';
  const hex = () => Array.from({ length: 64 }, () => '0123456789abcdef'[Math.floor(next() * 16)]).join('');
  const pin = () => `${pick(IMAGES)}@sha256:${hex()}`;
  const eol = () => (next() < 0.15 ? '\r\n' : '\n');
  const files: CorpusFile[] = [];
  for (let i = 0; i < count; i++) {
    const dir = `svc-${Math.floor(i / 10)}`;
    const roll = next();
    const nl = eol();
    if (roll < 0.4)
      files.push({ path: i % 3 === 0 ? `${dir}/app-${i}/Dockerfile` : `${dir}/Dockerfile.${i}`, text: dockerfile(pin, next, nl) });
    else if (roll < 0.65) files.push({ path: `${dir}/k8s/deploy-${i}.yaml`, text: manifests(pin, next, nl) });
    else if (roll < 0.8) files.push({ path: `${dir}/docker-compose.${i}.yaml`, text: compose(pin, next, nl) });
    else if (roll < 0.9) files.push({ path: `${dir}/.github/workflows/ci-${i}.yml`, text: workflow(pin, next, nl) });
    else files.push({ path: `${dir}/config-${i}.yaml`, text: plainYaml(next, nl) });
  }
  return files;
}

function dockerfile(pin: Pin, next: Next, nl: string): string {
  const lines = ['# syntax=docker/dockerfile:1.7', `ARG BASE=${pin()}`, `FROM --platform=$BUILDPLATFORM ${pin()} AS build`, 'WORKDIR /src'];
  const steps = 10 + Math.floor(next() * 40);
  for (let i = 0; i < steps; i++)
    lines.push(
      i % 5 === 0
        ? `RUN apt-get update \\${nl}    && apt-get install -y --no-install-recommends curl ca-certificates \\${nl}    && rm -rf /var/lib/apt/lists/*`
        : `COPY src/module-${i} ./module-${i}`,
    );
  lines.push(
    'FROM ${BASE}',
    'COPY --from=build /src/out /app',
    `COPY --from=${pin()} /bin/tool /usr/local/bin/tool`,
    'USER 65532:65532',
    'ENTRYPOINT ["/app/server"]',
    '',
  );
  return lines.join(nl);
}

function manifests(pin: Pin, next: Next, nl: string): string {
  const docs: string[] = [];
  const count = 1 + Math.floor(next() * 3);
  for (let d = 0; d < count; d++) {
    docs.push(
      [
        'apiVersion: apps/v1',
        'kind: Deployment',
        `metadata:`,
        `  name: app-${d}`,
        '  labels:',
        '    app.kubernetes.io/name: app',
        'spec:',
        '  replicas: 3',
        '  template:',
        '    spec:',
        '      initContainers:',
        '        - name: migrate',
        `          image: "${pin()}"`,
        '      containers:',
        '        - name: app',
        `          image: ${pin()} # pinned by pinbot`,
        '          ports:',
        '            - containerPort: 8080',
        '          resources:',
        '            limits: { cpu: 500m, memory: 256Mi }',
      ].join(nl),
    );
  }
  docs.push(
    [
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata:',
      '  name: settings',
      'data:',
      '  note: "image: not-a-reference:1@sha256:' + '0'.repeat(64) + '"',
    ].join(nl),
  );
  return docs.join(`${nl}---${nl}`) + nl;
}

function compose(pin: Pin, next: Next, nl: string): string {
  const lines = ['services:'];
  const count = 2 + Math.floor(next() * 5);
  for (let s = 0; s < count; s++)
    lines.push(
      `  svc${s}:`,
      `    image: ${s % 2 ? `'${pin()}'` : pin()}`,
      '    restart: unless-stopped',
      '    environment:',
      '      LOG_LEVEL: info',
    );
  lines.push('  db:', '    image: ${DB_IMAGE:-' + pin() + '}', '');
  return lines.join(nl);
}

function workflow(pin: Pin, _next: Next, nl: string): string {
  return [
    'name: ci',
    'on: [push]',
    'jobs:',
    '  test:',
    '    runs-on: ubuntu-24.04',
    `    container: ${pin()}`,
    '    services:',
    '      redis:',
    `        image: ${pin()}`,
    '    steps:',
    '      - uses: actions/checkout@v4',
    `      - uses: docker://${pin()}`,
    '        with:',
    '          args: --version',
    '',
  ].join(nl);
}

function plainYaml(next: Next, nl: string): string {
  const lines = ['settings:'];
  const count = 5 + Math.floor(next() * 30);
  for (let i = 0; i < count; i++) lines.push(`  key${i}: value-${Math.floor(next() * 1e6)}`);
  return lines.join(nl) + nl;
}

export async function writeCorpus(root: string, files: readonly CorpusFile[]): Promise<void> {
  for (const file of files) {
    const target = path.join(root, file.path);
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, file.text);
  }
}
