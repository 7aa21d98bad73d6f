import type { PrMarker, ProposedUpdate } from '../../src/pr/types.js';

/** Digests shaped like real ones (64 lowercase hex); each name says which image version it stands for. */
export const DIGESTS = {
  node22Old: 'sha256:0d4b1d6f3f3b6c2b5d8e1f0a9c7b6a5d4e3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b',
  node22New: 'sha256:1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f809',
  postgresOld: 'sha256:5e8f3c1b7a9d2e4f6a8b0c1d3e5f7a9b1c3d5e7f9a1b3c5d7e9f1a3b5c7d9e1f',
  postgresNew: 'sha256:9c0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d',
  apiAmd64Old: 'sha256:3f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a',
  apiAmd64New: 'sha256:7b6a5f4e3d2c1b0a9f8e7d6c5b4a3f2e1d0c9b8a7f6e5d4c3b2a1f0e9d8c7b6a',
} as const;

export const BASE_SHA = 'b3f1c9e07a2d4c6e8f0a1b2c3d4e5f6a7b8c9d0e';
export const HEAD_SHA = 'e9d8c7b6a5f4e3d2c1b0a9f8e7d6c5b4a3f2e1d0';

export const nodeInDockerfile: ProposedUpdate = {
  file: 'Dockerfile',
  line: 1,
  image: 'docker.io/library/node',
  displayName: 'node',
  tag: '22-slim',
  from: DIGESTS.node22Old,
  to: DIGESTS.node22New,
  platform: null,
};

export const nodeInCompose: ProposedUpdate = {
  ...nodeInDockerfile,
  file: 'deploy/compose.yaml',
  line: 14,
  displayName: 'docker.io/library/node',
};

export const postgresInCompose: ProposedUpdate = {
  file: 'deploy/compose.yaml',
  line: 27,
  image: 'docker.io/library/postgres',
  displayName: 'postgres',
  tag: '16.4-alpine',
  from: DIGESTS.postgresOld,
  to: DIGESTS.postgresNew,
  platform: null,
};

/** A single-platform pin: the digest of the linux/amd64 manifest, not of the index. */
export const apiInManifest: ProposedUpdate = {
  file: 'k8s/api/deployment.yaml',
  line: 31,
  image: 'ghcr.io/acme/api',
  displayName: 'ghcr.io/acme/api',
  tag: '1.4',
  from: DIGESTS.apiAmd64Old,
  to: DIGESTS.apiAmd64New,
  platform: 'linux/amd64',
};

export const nodeInWorkflow: ProposedUpdate = {
  ...nodeInDockerfile,
  file: '.github/workflows/ci.yml',
  line: 18,
};

export function markerFor(branch: string, updates: readonly ProposedUpdate[], omittedWorkflowFiles: readonly string[] = []): PrMarker {
  return { version: 1, branch, baseSha: BASE_SHA, headSha: HEAD_SHA, updates, omittedWorkflowFiles, humanCommitNotified: null };
}
