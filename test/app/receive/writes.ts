/**
 * Mocks for GitHub writes that record what was sent. Tests assert the complete list of writes
 * (method and path, in order) and then the bodies of the interesting ones.
 */
import { gitBlobSha } from '../../../src/github/commits.js';
import { sha } from '../../github/support.js';
import { BASE } from './github-mocks.js';
import { APP_BOT } from './payloads.js';
import { asInstallation } from './support.js';

type Body = Record<string, unknown>;

export interface Recorded {
  readonly method: string;
  readonly path: string;
  readonly body: Body;
}

export class Writes {
  readonly log: Recorded[] = [];

  /** Expects one `method path` request, answers `status` with `reply(body)`, and records the body. */
  expect(method: 'POST' | 'PATCH' | 'DELETE', path: string, status: number, reply: (body: Body) => unknown = () => ({})): this {
    asInstallation()
      .intercept(path, method)
      .reply(status, (uri, body) => {
        const parsed = typeof body === 'string' && body !== '' ? (JSON.parse(body) as Body) : ((body || {}) as Body);
        this.log.push({ method, path: uri, body: parsed });
        return reply(parsed) as Body;
      });
    return this;
  }

  /** `METHOD path` of every write, in order. */
  get summary(): string[] {
    return this.log.map((write) => `${write.method} ${write.path}`);
  }

  /** Bodies sent to `METHOD path`. */
  bodies(method: string, path: string): Body[] {
    return this.log.filter((write) => write.method === method && write.path === path).map((write) => write.body);
  }

  /** The one body sent to `METHOD path`; throws when there was not exactly one. */
  body(method: string, path: string): Body {
    const found = this.bodies(method, path);
    if (found.length !== 1) throw new Error(`expected one ${method} ${path}, saw ${found.length}: ${this.summary.join(', ')}`);
    return found[0] as Body;
  }

  /** Blobs (answered with the sha git computes for the content sent), one tree, one commit. */
  commit(spec: { blobs: number; commitSha: string }): this {
    for (let i = 0; i < spec.blobs; i++) {
      this.expect('POST', `${BASE}/git/blobs`, 201, (body) => {
        const blobSha = gitBlobSha(Buffer.from(String(body.content), 'base64'));
        return { sha: blobSha, url: `https://api.github.com${BASE}/git/blobs/${blobSha}` };
      });
    }
    const treeSha = sha(`tree of ${spec.commitSha}`);
    this.expect('POST', `${BASE}/git/trees`, 201, (body) => ({ sha: treeSha, url: '', tree: body.tree, truncated: false }));
    this.expect('POST', `${BASE}/git/commits`, 201, (body) => ({
      sha: spec.commitSha,
      tree: { sha: treeSha },
      message: body.message,
      parents: (body.parents as string[]).map((parent) => ({ sha: parent })),
      author: { name: 'pinbot[bot]', email: '41898282+pinbot[bot]@users.noreply.github.com', date: '2025-06-02T03:00:05Z' },
      verification: { verified: true, reason: 'valid' },
    }));
    return this;
  }

  /** The new tree sha `commit()` answers with, for assertions on the commit body. */
  static treeOf(commitSha: string): string {
    return sha(`tree of ${commitSha}`);
  }

  /** A new PR: the PR, then labels (listed, the missing ones created, added). */
  openPull(spec: { number: number; existingLabels?: readonly string[]; createdLabels?: readonly string[] }): this {
    this.expect('POST', `${BASE}/pulls`, 201, (body) => ({
      number: spec.number,
      node_id: `PR_kwDOGq0gL8${spec.number}`,
      state: 'open',
      title: body.title,
      body: body.body,
      user: APP_BOT,
      head: { ref: body.head },
      base: { ref: body.base },
    }));
    asInstallation()
      .get(`${BASE}/labels`)
      .query({ per_page: '100' })
      .reply(
        200,
        (spec.existingLabels ?? []).map((name, id) => ({ id, name, color: 'ededed' })),
      );
    for (const name of spec.createdLabels ?? []) {
      this.expect('POST', `${BASE}/labels`, 201, () => ({ name }));
    }
    this.expect('POST', `${BASE}/issues/${spec.number}/labels`, 200, (body) => (body.labels as string[]).map((name) => ({ name })));
    return this;
  }

  /** The GraphQL `updateRefs` mutation, accepted. */
  updateRefs(): this {
    return this.expect('POST', '/graphql', 200, () => ({ data: { updateRefs: { clientMutationId: null } } }));
  }
}
