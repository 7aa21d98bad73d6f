/**
 * An Octokit plugin that refuses, before anything is sent, a request whose `{owner}` or `{repo}`
 * is not a GitHub name, or whose path would contain a `.` or `..` segment once expanded. Every
 * call pinbot makes (its own, Probot's config loader following `_extends`, the scheduler's)
 * goes through it, so no payload or file can steer a request outside `/repos/{owner}/{repo}`
 * (issue 8, finding 12). Octokit encodes each parameter as one path segment already; names are
 * still checked because fetch resolves `..` (and `%2e%2e`) segments before sending.
 */
import type { Octokit } from '@octokit/core';
import { ownerNameProblem, repoNameProblem } from './names.js';

type EndpointOptions = Record<string, unknown> & { readonly method: string; readonly url: string };

/** Why this request must not be sent, or undefined when it may. Pure. */
export function routeProblem(options: EndpointOptions, expandedUrl: string): string | undefined {
  const template = options.url;
  if (template.includes('{owner}')) {
    const problem = ownerNameProblem(options.owner);
    if (problem !== undefined) return `owner ${quote(options.owner)} ${problem}`;
  }
  if (template.includes('{repo}')) {
    const problem = repoNameProblem(options.repo);
    if (problem !== undefined) return `repository ${quote(options.repo)} ${problem}`;
  }
  const path = expandedUrl.replace(/^[a-z]+:\/\/[^/]*/i, '').split(/[?#]/)[0] ?? '';
  if (path.split('/').some(isDotSegment)) return 'its path would contain a . or .. segment';
  return undefined;
}

/** What the URL parser treats as `.` or `..` (WHATWG URL "single-dot / double-dot path segment"). */
function isDotSegment(segment: string): boolean {
  const decoded = segment.toLowerCase().replaceAll('%2e', '.');
  return decoded === '.' || decoded === '..';
}

function quote(value: unknown): string {
  const text = typeof value === 'string' ? value : String(value);
  return JSON.stringify(text.length > 60 ? `${text.slice(0, 59)}…` : text);
}

export class RouteRefusedError extends Error {
  override readonly name = 'RouteRefusedError';

  constructor(
    readonly request: string,
    /** e.g. `owner ".." is not a GitHub account name (…)` */
    readonly problem: string,
  ) {
    super(`refused ${request}: ${problem}`);
  }
}

export function routeGuard(octokit: Octokit): void {
  octokit.hook.before('request', (options) => {
    const endpoint = options as unknown as EndpointOptions;
    const { url } = octokit.request.endpoint.parse(options);
    const problem = routeProblem(endpoint, url);
    if (problem !== undefined) throw new RouteRefusedError(`${endpoint.method} ${endpoint.url}`, problem);
  });
}
