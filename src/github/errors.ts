/**
 * Turning Octokit's errors into one readable line that names the request, e.g.
 * `GET /repos/acme/api/git/trees/abc: 502 Server Error`. Messages are built from the request
 * line the caller describes and GitHub's own error text, never from headers or request bodies,
 * so tokens and file contents cannot leak into logs through them.
 */

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
 * Runs one Octokit call; any failure becomes a GitHubError naming `request`. Callers that have a
 * decision to make on some statuses catch the GitHubError and look at `status` and `detail`.
 */
export async function attempt<T>(request: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw toGitHubError(request, error);
  }
}

export function toGitHubError(request: string, error: unknown): GitHubError {
  if (error instanceof GitHubError) return error;
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
