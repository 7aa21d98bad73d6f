/** What the fake was asked, for assertions: every request with its route template, status and caller. */

export interface LoggedRequest {
  readonly method: string;
  /** Decoded path below the API root (`/repos/acme/app/contents/.github/pinbot.yml`), without the query. */
  readonly path: string;
  readonly query: string;
  /** `METHOD /route/{template}` when a route matched, else `METHOD path`. */
  readonly route: string;
  readonly status: number;
  /** The installation whose token was used, or null (app JWT, other tokens, no token). */
  readonly installationId: number | null;
  readonly body: unknown;
  /**
   * False for what GitHub does not charge against the rate limit: a conditional request
   * answered 304 Not Modified.
   */
  readonly counted: boolean;
}

export class RequestLog {
  private entries: LoggedRequest[] = [];

  record(entry: LoggedRequest): void {
    this.entries.push(entry);
  }

  get all(): readonly LoggedRequest[] {
    return this.entries;
  }

  /** Requests per route, e.g. `{ 'GET /repos/{owner}/{repo}/git/trees/{tree_sha}': 3 }`. */
  counts(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const entry of this.entries) counts[entry.route] = (counts[entry.route] ?? 0) + 1;
    return counts;
  }

  /** Requests GitHub would count against the rate limit (every one but a 304). */
  counted(): LoggedRequest[] {
    return this.entries.filter((entry) => entry.counted);
  }

  /** Writes only (anything but GET/HEAD), the usual thing to assert "nothing was written". */
  writes(): LoggedRequest[] {
    return this.entries.filter((entry) => entry.method !== 'GET' && entry.method !== 'HEAD');
  }

  reset(): void {
    this.entries = [];
  }
}
