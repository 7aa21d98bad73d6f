import { createHash } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { MAX_BODY_LENGTH, MAX_TITLE_LENGTH, renderPullRequest } from '../../src/pr/content.js';
import { groupUpdates } from '../../src/pr/grouping.js';
import { parseMarker, renderMarker } from '../../src/pr/marker.js';
import type { ProposedUpdate, UpdateGroup } from '../../src/pr/types.js';
import { proposedUpdate } from './arbitraries.js';
import { apiInManifest, markerFor, nodeInCompose, nodeInDockerfile, nodeInWorkflow, postgresInCompose } from './fixtures.js';

function render(updates: readonly ProposedUpdate[], options: { prefix?: string; omittedWorkflowFiles?: readonly string[] } = {}) {
  const [group] = groupUpdates(updates, 'repository') as [UpdateGroup];
  const omittedWorkflowFiles = options.omittedWorkflowFiles ?? [];
  const marker = markerFor(
    group.branch,
    group.updates.filter((update) => !omittedWorkflowFiles.includes(update.file)),
    omittedWorkflowFiles,
  );
  const content = renderPullRequest(group, { prefix: options.prefix, omittedWorkflowFiles, marker });
  // Every body ends with its marker; snapshots show a placeholder so the prose stays readable.
  expect(content.body.endsWith(`${renderMarker(marker)}\n`)).toBe(true);
  return { ...content, marker, prose: content.body.replace(renderMarker(marker), '<!-- pinbot:marker (see marker tests) -->') };
}

/** The rows of the first markdown table, split at unescaped pipes as GFM does. */
function tableRows(body: string): string[][] {
  const lines = body.split('\n');
  const start = lines.findIndex((line) => line.startsWith('| File'));
  const rows: string[][] = [];
  for (const line of lines.slice(start)) {
    if (!line.startsWith('|')) break;
    rows.push(
      line
        .slice(1, -1)
        .split(/(?<!\\)((?:\\\\)*)\|/)
        .filter((_cell, index) => index % 2 === 0),
    );
  }
  return rows;
}

describe('renderPullRequest', () => {
  it('describes a single update', () => {
    const { title, prose, commitMessage } = render([nodeInDockerfile]);
    expect(title).toMatchInlineSnapshot(`"chore(deps): update node:22-slim digest to 1a2b3c4"`);
    expect(commitMessage).toMatchInlineSnapshot(`
"chore(deps): update node:22-slim digest to 1a2b3c4

- node:22-slim in Dockerfile:1: sha256:0d4b1d6f3f3b -> sha256:1a2b3c4d5e6f
"
`);
    expect(prose).toMatchInlineSnapshot(`
"Updates 1 pinned digest in 1 file to the image its tag points to now.

| File | Image | Tag | From | To |
| --- | --- | --- | --- | --- |
| \`Dockerfile:1\` | \`node\` | \`22-slim\` | \`sha256:0d4b1d6f3f3b\` | \`sha256:1a2b3c4d5e6f\` |

<details>
<summary>Full digests</summary>

| Image | Tag | From | To |
| --- | --- | --- | --- |
| \`node\` | \`22-slim\` | \`sha256:0d4b1d6f3f3b6c2b5d8e1f0a9c7b6a5d4e3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b\` | \`sha256:1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f809\` |

</details>

---

This PR is kept up to date by pinbot; pushing a commit to this branch stops pinbot from updating it; closing it without merging means pinbot won't propose these digests again.

<!-- pinbot:marker (see marker tests) -->
"
`);
  });

  it('uses the singular title when several files pin the same image, tag and digest', () => {
    const { title, prose } = render([nodeInCompose, nodeInDockerfile]);
    expect(title).toMatchInlineSnapshot(`"chore(deps): update node:22-slim digest to 1a2b3c4"`);
    expect(prose).toMatchInlineSnapshot(`
"Updates 2 pinned digests in 2 files to the images their tags point to now.

| File | Image | Tag | From | To |
| --- | --- | --- | --- | --- |
| \`Dockerfile:1\` | \`node\` | \`22-slim\` | \`sha256:0d4b1d6f3f3b\` | \`sha256:1a2b3c4d5e6f\` |
| \`deploy/compose.yaml:14\` | \`docker.io/library/node\` | \`22-slim\` | \`sha256:0d4b1d6f3f3b\` | \`sha256:1a2b3c4d5e6f\` |

<details>
<summary>Full digests</summary>

| Image | Tag | From | To |
| --- | --- | --- | --- |
| \`node\` | \`22-slim\` | \`sha256:0d4b1d6f3f3b6c2b5d8e1f0a9c7b6a5d4e3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b\` | \`sha256:1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f809\` |

</details>

---

This PR is kept up to date by pinbot; pushing a commit to this branch stops pinbot from updating it; closing it without merging means pinbot won't propose these digests again.

<!-- pinbot:marker (see marker tests) -->
"
`);
  });

  it('counts distinct image, tag and digest changes, with a platform column for platform pins', () => {
    const { title, prose, commitMessage } = render([nodeInDockerfile, nodeInCompose, postgresInCompose, apiInManifest], {
      prefix: 'build(docker)',
    });
    expect(title).toMatchInlineSnapshot(`"build(docker): update 3 pinned image digests"`);
    expect(commitMessage).toMatchInlineSnapshot(`
"build(docker): update 3 pinned image digests

- node:22-slim in Dockerfile:1: sha256:0d4b1d6f3f3b -> sha256:1a2b3c4d5e6f
- docker.io/library/node:22-slim in deploy/compose.yaml:14: sha256:0d4b1d6f3f3b -> sha256:1a2b3c4d5e6f
- postgres:16.4-alpine in deploy/compose.yaml:27: sha256:5e8f3c1b7a9d -> sha256:9c0d1e2f3a4b
- ghcr.io/acme/api:1.4 in k8s/api/deployment.yaml:31 (linux/amd64): sha256:3f9a8b7c6d5e -> sha256:7b6a5f4e3d2c
"
`);
    expect(prose).toMatchInlineSnapshot(`
"Updates 4 pinned digests in 3 files to the images their tags point to now.

| File | Image | Tag | From | To | Platform |
| --- | --- | --- | --- | --- | --- |
| \`Dockerfile:1\` | \`node\` | \`22-slim\` | \`sha256:0d4b1d6f3f3b\` | \`sha256:1a2b3c4d5e6f\` |  |
| \`deploy/compose.yaml:14\` | \`docker.io/library/node\` | \`22-slim\` | \`sha256:0d4b1d6f3f3b\` | \`sha256:1a2b3c4d5e6f\` |  |
| \`deploy/compose.yaml:27\` | \`postgres\` | \`16.4-alpine\` | \`sha256:5e8f3c1b7a9d\` | \`sha256:9c0d1e2f3a4b\` |  |
| \`k8s/api/deployment.yaml:31\` | \`ghcr.io/acme/api\` | \`1.4\` | \`sha256:3f9a8b7c6d5e\` | \`sha256:7b6a5f4e3d2c\` | \`linux/amd64\` |

<details>
<summary>Full digests</summary>

| Image | Tag | Platform | From | To |
| --- | --- | --- | --- | --- |
| \`node\` | \`22-slim\` |  | \`sha256:0d4b1d6f3f3b6c2b5d8e1f0a9c7b6a5d4e3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b\` | \`sha256:1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f809\` |
| \`postgres\` | \`16.4-alpine\` |  | \`sha256:5e8f3c1b7a9d2e4f6a8b0c1d3e5f7a9b1c3d5e7f9a1b3c5d7e9f1a3b5c7d9e1f\` | \`sha256:9c0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d\` |
| \`ghcr.io/acme/api\` | \`1.4\` | \`linux/amd64\` | \`sha256:3f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a\` | \`sha256:7b6a5f4e3d2c1b0a9f8e7d6c5b4a3f2e1d0c9b8a7f6e5d4c3b2a1f0e9d8c7b6a\` |

</details>

---

This PR is kept up to date by pinbot; pushing a commit to this branch stops pinbot from updating it; closing it without merging means pinbot won't propose these digests again.

<!-- pinbot:marker (see marker tests) -->
"
`);
  });

  it('leaves out workflow files the installation may not change, and says so', () => {
    const { title, prose, body, marker } = render([nodeInWorkflow, postgresInCompose], {
      omittedWorkflowFiles: [nodeInWorkflow.file],
    });
    expect(title).toMatchInlineSnapshot(`"chore(deps): update postgres:16.4-alpine digest to 9c0d1e2"`);
    expect(prose).toMatchInlineSnapshot(`
"Updates 1 pinned digest in 1 file to the image its tag points to now.

| File | Image | Tag | From | To |
| --- | --- | --- | --- | --- |
| \`deploy/compose.yaml:27\` | \`postgres\` | \`16.4-alpine\` | \`sha256:5e8f3c1b7a9d\` | \`sha256:9c0d1e2f3a4b\` |

<details>
<summary>Full digests</summary>

| Image | Tag | From | To |
| --- | --- | --- | --- |
| \`postgres\` | \`16.4-alpine\` | \`sha256:5e8f3c1b7a9d2e4f6a8b0c1d3e5f7a9b1c3d5e7f9a1b3c5d7e9f1a3b5c7d9e1f\` | \`sha256:9c0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d\` |

</details>

**Not included:** this installation of pinbot lacks the \`workflows\` permission, which GitHub requires for changing files under \`.github/workflows/\`, so these files keep their old digests:

- \`.github/workflows/ci.yml\`

Once the installation is granted that permission, pinbot includes them.

---

This PR is kept up to date by pinbot; pushing a commit to this branch stops pinbot from updating it; closing it without merging means pinbot won't propose these digests again.

<!-- pinbot:marker (see marker tests) -->
"
`);
    expect(parseMarker(body)).toEqual({ ok: true, marker });
  });

  it('drops the prefix when it is empty', () => {
    expect(render([nodeInDockerfile], { prefix: '' }).title).toBe('update node:22-slim digest to 1a2b3c4');
    expect(render([nodeInDockerfile, postgresInCompose], { prefix: '  ' }).title).toBe('update 2 pinned image digests');
  });

  it("escapes file names so they can break neither the table nor anyone's notifications", () => {
    const hostile = { ...postgresInCompose, file: 'apps/@acme/web/`odd`|name #1\n<b>.yaml', line: 3 };
    const { body } = render([hostile]);
    const row = tableRows(body)[2];
    expect(row).toHaveLength(5);
    expect(row?.[0]).toMatchInlineSnapshot(`" \`\`apps/@acme/web/\`odd\`\\|name #1\\n<b>.yaml:3\`\` "`);
  });

  it('never breaks the table, whatever the values', () => {
    fc.assert(
      fc.property(fc.array(proposedUpdate, { minLength: 1, maxLength: 6 }), (updates) => {
        const { body, marker } = render(updates);
        const rows = tableRows(body);
        const columns = updates.some((update) => update.platform !== null) ? 6 : 5;
        expect(rows).toHaveLength(updates.length + 2);
        for (const row of rows) expect(row).toHaveLength(columns);
        expect(parseMarker(body)).toEqual({ ok: true, marker });
      }),
      { numRuns: 300 },
    );
  });

  it('truncates a huge table, keeping the marker whole', () => {
    const updates = Array.from({ length: 400 }, (_, index) => ({
      ...nodeInDockerfile,
      file: `services/service-${String(index).padStart(3, '0')}/Dockerfile`,
      tag: `22.${index}-slim`,
    }));
    const { body, title, marker } = render(updates);
    expect(title).toBe('chore(deps): update 400 pinned image digests');
    expect(renderMarker(marker)).toContain('deflate:');
    expect(body.length).toBeLessThanOrEqual(MAX_BODY_LENGTH);
    expect(body.length).toBeGreaterThan(MAX_BODY_LENGTH - 1000);
    const more = /^\| …and (\d+) more \|(?: {2}\|){4}$/m.exec(body);
    const listed = tableRows(body).length - 3; // header, rule and the "more" row
    expect(listed).toBeGreaterThan(100);
    expect(Number(more?.[1]) + listed).toBe(400);
    expect(body.endsWith(`${renderMarker(marker)}\n`)).toBe(true);
    expect(parseMarker(body)).toEqual({ ok: true, marker });
    expect(body).toContain('This PR is kept up to date by pinbot');
  });

  it('keeps the marker whole even when it alone exceeds the body budget', () => {
    // Distinct random-looking digests do not compress: about 1,500 of them outgrow 60,000 characters.
    const updates = Array.from({ length: 1500 }, (_, index) => ({
      ...nodeInDockerfile,
      file: `services/${index}/Dockerfile`,
      to: `sha256:${createHash('sha256').update(String(index)).digest('hex')}`,
    }));
    const { body, marker } = render(updates);
    expect(renderMarker(marker).length).toBeGreaterThan(MAX_BODY_LENGTH);
    expect(parseMarker(body)).toEqual({ ok: true, marker });
    expect(body).toContain('| …and 1500 more |');
    expect(body).not.toContain('services/0/Dockerfile');
  });

  it("caps the title at GitHub's limit", () => {
    const long = { ...nodeInDockerfile, displayName: `registry.example.com/${'x'.repeat(300)}` };
    const { title } = render([long]);
    expect(title).toHaveLength(MAX_TITLE_LENGTH);
    expect(title.endsWith('…')).toBe(true);
  });
});
