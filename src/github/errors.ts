/**
 * Turning Octokit's errors into one readable line that names the request, e.g.
 * `GET /repos/acme/api/git/trees/abc: 502 Server Error`. The request line comes from the
 * request Octokit itself sent (`RequestError.request`: method and URL), so call sites never
 * spell routes by hand; the message adds GitHub's own error text, never headers or request
 * bodies, so tokens and file contents cannot leak into logs through them.
 */

/**
 * Query parameters worth showing: the ones that say which listing failed. Everything else
 * (paging, and anything a future endpoint might carry) is left out, so no credential that
 * found its way into a URL can reach a message.
 */
const SHOWN_QUERY_PARAMETERS = new Set(['state', 'head', 'recursive']);

/**
 * `GET /repos/acme/api/pulls?state=open (close)`: a request line for messages. `about` adds
 * what the URL doesn't say (the file a blob is for, a forced update). GitHub Enterprise
 * Server's `/api/v3` prefix is dropped, so lines read like the routes in GitHub's docs.
 */
export function requestLine(method: string, url: string, about?: string): string {
  let path: string;
  let query = '';
  try {
    const parsed = new URL(url);
    path = decodePath(parsed.pathname.replace(/^\/api\/v3(?=\/)/, ''));
    const shown = [...parsed.searchParams].filter(([name]) => SHOWN_QUERY_PARAMETERS.has(name));
    query = shown.length === 0 ? '' : `?${shown.map(([name, value]) => `${name}=${value}`).join('&')}`;
  } catch {
    // Not an absolute URL: a test double's or a relative route; show it without its query.
    path = url.split('?')[0] ?? url;
  }
  return `${method.toUpperCase()} ${path}${query}${about === undefined ? '' : ` (${about})`}`;
}

/** `heads%2Fmain` → `heads/main`; a malformed escape is shown as sent. */
function decodePath(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

/** The request line of the request an Octokit error belongs to, when it carries one. */
function requestLineOf(error: unknown, about: string | undefined): string {
  const request = typeof error === 'object' && error !== null ? (error as { request?: unknown }).request : undefined;
  const { method, url, query } = (typeof request === 'object' && request !== null ? request : {}) as Record<string, unknown>;
  if (typeof method === 'string' && typeof url === 'string') return requestLine(method, url, about);
  // A GraphQL answer with `errors` (HTTP 200) carries the query it answered, not the HTTP request.
  if (typeof query === 'string') return `POST /graphql${about === undefined ? '' : ` (${about})`}`;
  return `GitHub request${about === undefined ? '' : ` (${about})`}`;
}

/** A GitHub request that failed. `status` is undefined when no response arrived (network error). */
export class GitHubError extends Error {
  override readonly name = 'GitHubError';

  constructor(
    /** `METHOD /path` (or `POST /graphql …`) of the failed request. */
    readonly request: string,
    readonly status: number | undefined,
    /** GitHub's explanation, one line (may be empty). */
    readonly detail: string,
    options?: { cause?: unknown },
  ) {
    super(`${request}: ${status ?? 'no response'}${detail === '' ? '' : ` ${detail}`}`, options);
  }
}

/** A blob larger than the app reads; the tree entry's size lets callers skip it before asking. */
export class BlobTooLargeError extends Error {
  override readonly name = 'BlobTooLargeError';

  constructor(
    readonly request: string,
    readonly size: number,
    readonly limit: number,
  ) {
    super(`${request}: blob is ${size} bytes, over the ${limit}-byte limit`);
  }
}

/**
 * Runs one Octokit call; any failure becomes a GitHubError naming the request Octokit sent
 * (plus `about`, when the URL alone doesn't say what was asked). Callers that have a decision
 * to make on some statuses catch the GitHubError and look at `status` and `detail`.
 */
export async function attempt<T>(call: () => Promise<T>, about?: string): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw toGitHubError(error, about);
  }
}

export function toGitHubError(error: unknown, about?: string): GitHubError {
  if (error instanceof GitHubError) return error;
  const request = requestLineOf(error, about);
  const fields = typeof error === 'object' && error !== null ? (error as Record<string, unknown>) : {};
  const response = fields.response as { status?: unknown; data?: unknown } | undefined;
  if (Array.isArray(fields.errors)) {
    // A GraphQL answer with `errors`: HTTP 200, so the status says nothing.
    return new GitHubError(request, 200, describeGraphqlErrors(fields.errors), { cause: error });
  }
  if (response !== undefined && typeof fields.status === 'number') {
    return new GitHubError(request, fields.status, describeBody(response.data), { cause: error });
  }
  // Octokit reports a failed fetch as status 500 without a response; say what really happened.
  const message = error instanceof Error ? error.message : String(error);
  return new GitHubError(request, undefined, oneLine(message), { cause: error });
}

/** `Validation Failed: already_exists (Label.name)`, or just the message. */
export function describeBody(data: unknown): string {
  if (typeof data === 'string') return oneLine(data);
  if (typeof data !== 'object' || data === null) return '';
  const { message, errors } = data as { message?: unknown; errors?: unknown };
  const head = typeof message === 'string' ? oneLine(message) : '';
  if (!Array.isArray(errors) || errors.length === 0) return head;
  const parts = errors.slice(0, 5).map((entry: unknown) => {
    if (typeof entry === 'string') return oneLine(entry);
    if (typeof entry !== 'object' || entry === null) return '';
    const { code, message: text, resource, field } = entry as Record<string, unknown>;
    const where = typeof resource === 'string' ? ` (${resource}${typeof field === 'string' ? `.${field}` : ''})` : '';
    const words = [code, text].filter((word): word is string => typeof word === 'string' && word !== 'custom');
    return oneLine(`${words.join(': ')}${where}`);
  });
  return [head, parts.filter((part) => part !== '').join('; ')].filter((part) => part !== '').join(': ');
}

function describeGraphqlErrors(errors: readonly unknown[]): string {
  return errors
    .slice(0, 5)
    .map((entry) => {
      const message = typeof entry === 'object' && entry !== null ? (entry as { message?: unknown }).message : undefined;
      return typeof message === 'string' ? oneLine(message) : 'unknown GraphQL error';
    })
    .join('; ');
}

/** GitHub's words go into logs, check runs and comments: one line, bounded length. */
export function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 300 ? `${flat.slice(0, 297)}...` : flat;
}

/** True when `error` is a GitHubError with that status (and, if given, a detail matching `pattern`). */
export function isStatus(error: unknown, status: number, pattern?: RegExp): error is GitHubError {
  return error instanceof GitHubError && error.status === status && (pattern === undefined || pattern.test(error.detail));
}
