import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { z } from 'zod';
import { formatPath } from '../config/format-issues.js';
import { DIGEST_REGEXP } from '../reference/grammar.js';
import type { PrMarker } from './types.js';

/**
 * The hidden record at the end of an app PR body: what the PR proposes and which commits the
 * app wrote, so a later run can tell its own work from a human's without any database. The JSON
 * is base64url-encoded so that no value (a file named `-->`, say) can end the HTML comment early.
 *
 * A marker listing many updates would not fit GitHub's 65,536-character body limit (each update
 * takes ~350 characters), so beyond PLAIN_LIMIT the JSON is deflated first and the payload says
 * `deflate:`; repeated images, digests and paths shrink it many times over.
 */

const OPEN = '<!-- pinbot:marker ';
const CLOSE = ' -->';
const DEFLATED = 'deflate:';
/** Longest plain payload; kept small so ordinary markers stay readable with a base64 decoder. */
const PLAIN_LIMIT = 8_000;
/** Bound on inflated JSON, so a crafted payload cannot make a small body expand into gigabytes. */
const MAX_JSON_BYTES = 4 * 1024 * 1024;

export type ParseMarkerResult =
  | { readonly ok: true; readonly marker: PrMarker }
  /** Why the body holds no usable marker, for debug logs; never shown as an error to users. */
  | { readonly ok: false; readonly reason: string };

/** Git object ids: SHA-1 (40 hex) or SHA-256 (64 hex) repositories. */
const objectId = z.string().regex(/^(?:[0-9a-f]{40}|[0-9a-f]{64})$/, { error: 'expected a git commit sha' });
const digest = z.string().regex(DIGEST_REGEXP, { error: 'expected a digest such as sha256:<hex>' });
const text = z.string().min(1);

const ProposedUpdateSchema = z.strictObject({
  file: text,
  line: z.int().min(1),
  image: text,
  displayName: text,
  tag: text,
  // null: a pin, in the pinning PR (issue 10); the reference had no digest.
  from: digest.nullable(),
  to: digest,
  platform: text.nullable(),
});

// Strict: a PR body is user-editable, and a marker with unexpected keys was not written by this version.
const PrMarkerSchema = z.strictObject({
  version: z.literal(1),
  branch: text,
  baseSha: objectId,
  headSha: objectId,
  updates: z.array(ProposedUpdateSchema),
  omittedWorkflowFiles: z.array(text),
  humanCommitNotified: objectId.nullable(),
});

/** The marker as a single-line HTML comment, to be placed at the very end of a PR body. */
export function renderMarker(marker: PrMarker): string {
  // JSON.stringify escapes lone surrogates, so the UTF-8 bytes (and the base64) are always well-formed.
  const json = Buffer.from(JSON.stringify(marker), 'utf8');
  const plain = json.toString('base64url');
  if (plain.length <= PLAIN_LIMIT) return `${OPEN}${plain}${CLOSE}`;
  return `${OPEN}${DEFLATED}${deflateRawSync(json, { level: 9 }).toString('base64url')}${CLOSE}`;
}

/** Reads the last marker in a PR body. Never throws: the body is whatever a user left there. */
export function parseMarker(body: string | null | undefined): ParseMarkerResult {
  if (typeof body !== 'string' || body.length === 0) return { ok: false, reason: 'the body is empty' };
  // The last one wins: the app writes its marker last, and a quoted older marker may appear above it.
  const start = body.lastIndexOf(OPEN);
  if (start < 0) return { ok: false, reason: 'the body has no pinbot marker' };
  const payloadStart = start + OPEN.length;
  const end = body.indexOf(CLOSE, payloadStart);
  if (end < 0) return { ok: false, reason: 'the pinbot marker is not closed with " -->"' };
  const deflated = body.startsWith(DEFLATED, payloadStart);
  const payload = body.slice(payloadStart + (deflated ? DEFLATED.length : 0), end);

  // Buffer's decoder skips characters it does not know; insist on canonical base64url instead.
  const bytes = /^[A-Za-z0-9_-]+$/.test(payload) ? Buffer.from(payload, 'base64url') : undefined;
  if (bytes === undefined || bytes.toString('base64url') !== payload) {
    return { ok: false, reason: 'the pinbot marker is not base64url' };
  }

  let json: Uint8Array;
  try {
    json = deflated ? inflateRawSync(bytes, { maxOutputLength: MAX_JSON_BYTES }) : bytes;
  } catch {
    return { ok: false, reason: 'the pinbot marker does not inflate (corrupt, or larger than 4 MiB)' };
  }

  let data: unknown;
  try {
    data = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(json));
  } catch {
    return { ok: false, reason: 'the pinbot marker is not UTF-8 JSON' };
  }

  const parsed = PrMarkerSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue === undefined || issue.path.length === 0 ? '' : ` at ${formatPath(issue.path)}`;
    return { ok: false, reason: `the pinbot marker is invalid${where}: ${issue?.message ?? 'unknown problem'}` };
  }
  // `satisfies` proves at compile time that whatever the schema accepts is a PrMarker.
  return { ok: true, marker: parsed.data satisfies PrMarker };
}
