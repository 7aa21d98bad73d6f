import { attempt, GitHubError, requestLine } from './errors.js';
import type { GitHubClient } from './types.js';

/**
 * File bytes from GitHub's raw media type. With the default JSON answer a 1 MiB file arrives as
 * 1.4 MB of base64 inside JSON, which Octokit parses on the event loop: 156–671 ms per file
 * were measured (issue 8). Raw, the bytes are read as they arrive, capped, and never parsed.
 */

/** GitHub's raw media type for blobs and file contents (docs.github.com/rest/git/blobs, /rest/repos/contents). */
export const RAW_MEDIA_TYPE = 'application/vnd.github.raw';

export type RawContent =
  | { readonly kind: 'bytes'; readonly bytes: Uint8Array; readonly request: string }
  /** More than `maxBytes` came (or were announced): the rest was not read. */
  | { readonly kind: 'too-large'; readonly size: number | undefined; readonly request: string }
  /** GitHub answered JSON: the path is a directory or a submodule, not a file. */
  | { readonly kind: 'not-a-file'; readonly request: string };

/**
 * GETs `route` with the raw media type and reads at most `maxBytes` of the answer. Request
 * failures throw a GitHubError (through `attempt`), as every read in `src/github/` does.
 */
export async function getRaw(
  octokit: GitHubClient,
  route: string,
  parameters: Record<string, string>,
  maxBytes: number,
): Promise<RawContent> {
  const response = await attempt(() =>
    octokit.request(route, { ...parameters, headers: { accept: RAW_MEDIA_TYPE }, request: { parseSuccessResponseBody: false } }),
  );
  const request = requestLine('GET', response.url);
  const body = response.data as ReadableStream<Uint8Array> | null | undefined;
  const type = String(response.headers['content-type'] ?? '');
  if (/^application\/json\b/i.test(type)) {
    await body?.cancel();
    return { kind: 'not-a-file', request };
  }
  const announced = Number(response.headers['content-length']);
  // A compressed answer announces its compressed length: only a bigger one is telling.
  if (Number.isFinite(announced) && announced > maxBytes && response.headers['content-encoding'] === undefined) {
    await body?.cancel();
    return { kind: 'too-large', size: announced, request };
  }
  let read: Uint8Array | undefined;
  try {
    read = await readAtMost(body, maxBytes);
  } catch (error) {
    throw new GitHubError(request, response.status, `the answer broke off: ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
    });
  }
  return read === undefined ? { kind: 'too-large', size: undefined, request } : { kind: 'bytes', bytes: read, request };
}

/** The stream's bytes, or undefined as soon as there are more than `maxBytes` (the rest is not read). */
async function readAtMost(body: ReadableStream<Uint8Array> | null | undefined, maxBytes: number): Promise<Uint8Array | undefined> {
  if (body === null || body === undefined) return new Uint8Array(0);
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      return undefined;
    }
    chunks.push(value);
  }
  return new Uint8Array(Buffer.concat(chunks, total));
}
