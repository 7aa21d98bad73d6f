/** Request/reply types for route handlers, GitHub-style error bodies, body field readers and Link-header pagination. */
import type { IncomingHttpHeaders } from 'node:http';
import type { Principal } from './auth.js';
import type { Urls } from './shapes-repo.js';
import type { FakeState, RepoState } from './state.js';

export interface ApiRequest {
  readonly method: string;
  /** Path below the API root, still URL-encoded (`/repos/o/r/contents/a%2Fb`). */
  readonly path: string;
  /** Path parameters, decoded. */
  readonly params: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
  readonly body: unknown;
  readonly headers: IncomingHttpHeaders;
  /** API root the client used (`http://127.0.0.1:PORT/api/v3` or without `/api/v3`), for `url` fields and Link headers. */
  readonly apiUrl: string;
  /** Web root, for `html_url` fields. */
  readonly webUrl: string;
  readonly principal: Principal;
  readonly state: FakeState;
  /** Set for routes under /repos/{owner}/{repo} once access was checked. */
  readonly repo: RepoState | undefined;
}

export interface Reply {
  readonly status: number;
  readonly body?: unknown;
  readonly raw?: { readonly bytes: Buffer; readonly contentType: string };
  readonly headers?: Readonly<Record<string, string>>;
}

/** Thrown by handlers to answer with an error reply; the router turns it into the response. */
export class HttpFailure extends Error {
  constructor(readonly reply: Reply) {
    super(`HTTP ${reply.status}`);
  }
}

const DOCS = 'https://docs.github.com/rest';

export function urlsOf(req: ApiRequest): Urls {
  return { api: req.apiUrl, web: req.webUrl };
}

export function json(status: number, body: unknown, headers?: Record<string, string>): Reply {
  return headers ? { status, body, headers } : { status, body };
}

export function errorReply(status: number, message: string, errors?: readonly object[]): Reply {
  const body: Record<string, unknown> = { message, documentation_url: DOCS, status: String(status) };
  if (errors) body.errors = errors;
  return { status, body };
}

export function fail(status: number, message: string, errors?: readonly object[]): never {
  throw new HttpFailure(errorReply(status, message, errors));
}

export function notFound(): never {
  return fail(404, 'Not Found');
}

export function validationFailed(errors: readonly object[]): never {
  return fail(422, 'Validation Failed', errors);
}

export function requireRepo(req: ApiRequest): RepoState {
  if (!req.repo) throw new Error('fake GitHub: route needs a repository but none was resolved');
  return req.repo;
}

function bodyRecord(req: ApiRequest): Record<string, unknown> {
  return typeof req.body === 'object' && req.body !== null && !Array.isArray(req.body) ? (req.body as Record<string, unknown>) : {};
}

/** GitHub's wording when a required body field is absent. */
function missing(name: string): never {
  return fail(422, `Invalid request.\n\n"${name}" wasn't supplied.`);
}

function wrongType(name: string, type: string): never {
  return fail(422, `Invalid request.\n\nFor '${name}', the value is not of type ${type}.`);
}

export function optionalString(req: ApiRequest, name: string): string | undefined {
  const value = bodyRecord(req)[name];
  if (value === undefined || value === null) return undefined;
  return typeof value === 'string' ? value : wrongType(name, 'string');
}

export function requiredString(req: ApiRequest, name: string): string {
  return optionalString(req, name) ?? missing(name);
}

export function optionalBoolean(req: ApiRequest, name: string): boolean | undefined {
  const value = bodyRecord(req)[name];
  if (value === undefined || value === null) return undefined;
  return typeof value === 'boolean' ? value : wrongType(name, 'boolean');
}

export function optionalArray(req: ApiRequest, name: string): unknown[] | undefined {
  const value = bodyRecord(req)[name];
  if (value === undefined || value === null) return undefined;
  return Array.isArray(value) ? value : wrongType(name, 'array');
}

export function optionalObject(req: ApiRequest, name: string): Record<string, unknown> | undefined {
  const value = bodyRecord(req)[name];
  if (value === undefined || value === null) return undefined;
  return typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : wrongType(name, 'object');
}

export function stringArray(req: ApiRequest, name: string): string[] {
  const values = optionalArray(req, name) ?? [];
  return values.map((value) => (typeof value === 'string' ? value : wrongType(name, 'array of strings')));
}

function positiveInt(value: string | null, fallback: number): number {
  const parsed = value === null ? NaN : Number.parseInt(value, 10);
  return Number.isFinite(parsed) && parsed > 0 ? parsed : fallback;
}

/** One page of `items` per `per_page` (default 30, max 100) and `page`, with a GitHub-style Link header. */
export function paginate<T>(req: ApiRequest, items: readonly T[]): { items: T[]; headers: Record<string, string> } {
  const perPage = Math.min(positiveInt(req.query.get('per_page'), 30), 100);
  const page = positiveInt(req.query.get('page'), 1);
  const last = Math.max(1, Math.ceil(items.length / perPage));
  const pageUrl = (n: number): string => {
    const query = new URLSearchParams(req.query);
    query.set('page', String(n));
    return `${req.apiUrl}${req.path}?${query.toString()}`;
  };
  const links: string[] = [];
  if (page > 1) links.push(`<${pageUrl(page - 1)}>; rel="prev"`);
  if (page < last) links.push(`<${pageUrl(page + 1)}>; rel="next"`, `<${pageUrl(last)}>; rel="last"`);
  if (page > 1) links.push(`<${pageUrl(1)}>; rel="first"`);
  const headers: Record<string, string> = links.length > 0 ? { link: links.join(', ') } : {};
  return { items: items.slice((page - 1) * perPage, page * perPage), headers };
}

export function pagedJson<T>(req: ApiRequest, items: readonly T[], wrap?: (page: T[]) => unknown): Reply {
  const { items: page, headers } = paginate(req, items);
  return json(200, wrap ? wrap(page) : page, headers);
}
