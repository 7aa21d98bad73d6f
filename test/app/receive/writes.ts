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

  /**
   * One tree with the contents inline (answered with the shas git computes for them), then one
   * commit. A changed file below the top level makes the app read the new tree back once,
   * recursively, to check every file arrived byte for byte.
   */
  commit(spec: { commitSha: string }): this {
    const treeSha = sha(`tree of ${spec.commitSha}`);
    this.expect('POST', `${BASE}/git/trees`, 201, (body) => {
      const entries = (body.tree as Array<{ path: string; content?: string; sha?: string }>).map((entry) => ({
        path: entry.path,
        type: 'blob',
        sha: entry.sha ?? gitBlobSha(Buffer.from(entry.content ?? '', 'utf8')),
      }));
      if (entries.some((entry) => entry.path.includes('/'))) {
        asInstallation()
          .get(`${BASE}/git/trees/${treeSha}`)
          .query({ recursive: '1' })
          .reply(200, { sha: treeSha, tree: entries, truncated: false });
      }
      return { sha: treeSha, url: '', tree: entries.filter((entry) => !entry.path.includes('/')), truncated: false };
    });
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

  /** A new PR: the PR, then its labels in one request (GitHub creates the missing ones). */
  openPull(spec: { number: number }): this {
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
    this.expect('POST', `${BASE}/issues/${spec.number}/labels`, 200, (body) => (body.labels as string[]).map((name) => ({ name })));
    return this;
  }

  /** The GraphQL `updateRefs` mutation, accepted. */
  updateRefs(): this {
    return this.expect('POST', '/graphql', 200, () => ({ data: { updateRefs: { clientMutationId: null } } }));
  }
}
