/**
 * Git's object encoding, so the fake's shas are the ones real git (and GitHub) would give the same content:
 * sha1 over `<type> <byte length>\0<body>`, trees sorted the way git sorts them.
 */
import { createHash } from 'node:crypto';

/** Modes as the REST API spells them (trees are `040000` there, `40000` inside the object). */
export type TreeMode = '100644' | '100755' | '120000' | '160000' | '040000';
export type EntryType = 'blob' | 'tree' | 'commit';

export interface TreeEntry {
  readonly name: string;
  readonly mode: TreeMode;
  readonly type: EntryType;
  readonly sha: string;
}

export interface GitPerson {
  readonly name: string;
  readonly email: string;
  /** ISO 8601, second precision, UTC. */
  readonly date: string;
}

export function typeForMode(mode: TreeMode): EntryType {
  if (mode === '040000') return 'tree';
  if (mode === '160000') return 'commit';
  return 'blob';
}

export function isTreeMode(value: unknown): value is TreeMode {
  return value === '100644' || value === '100755' || value === '120000' || value === '160000' || value === '040000';
}

function hashObject(type: string, body: Buffer): string {
  const header = Buffer.from(`${type} ${body.length}\0`, 'utf8');
  return createHash('sha1').update(header).update(body).digest('hex');
}

export function blobSha(content: Uint8Array): string {
  return hashObject('blob', Buffer.from(content.buffer, content.byteOffset, content.byteLength));
}

/** git compares a directory as if its name ended in '/', so `a.txt` sorts before the directory `a`'s contents. */
function sortKey(entry: TreeEntry): Buffer {
  return Buffer.from(entry.type === 'tree' ? `${entry.name}/` : entry.name, 'utf8');
}

export function sortTreeEntries(entries: readonly TreeEntry[]): TreeEntry[] {
  return [...entries].sort((a, b) => Buffer.compare(sortKey(a), sortKey(b)));
}

/** Entries must already be sorted (see sortTreeEntries). */
export function treeSha(sorted: readonly TreeEntry[]): string {
  const parts = sorted.map((entry) =>
    Buffer.concat([
      Buffer.from(`${entry.mode === '040000' ? '40000' : entry.mode} ${entry.name}\0`, 'utf8'),
      Buffer.from(entry.sha, 'hex'),
    ]),
  );
  return hashObject('tree', Buffer.concat(parts));
}

function personLine(role: string, person: GitPerson): string {
  const seconds = Math.floor(Date.parse(person.date) / 1000);
  return `${role} ${person.name} <${person.email}> ${seconds} +0000\n`;
}

export interface CommitFields {
  readonly tree: string;
  readonly parents: readonly string[];
  readonly author: GitPerson;
  readonly committer: GitPerson;
  readonly message: string;
}

export function commitSha(fields: CommitFields): string {
  const text =
    `tree ${fields.tree}\n` +
    fields.parents.map((parent) => `parent ${parent}\n`).join('') +
    personLine('author', fields.author) +
    personLine('committer', fields.committer) +
    `\n${fields.message}`;
  return hashObject('commit', Buffer.from(text, 'utf8'));
}

export const EMPTY_TREE_SHA = '4b825dc642cb6eb9a060e54bf8d69288fbee4904';
export const ZERO_SHA = '0000000000000000000000000000000000000000';

export function isFullSha(value: string): boolean {
  return /^[0-9a-f]{40}$/.test(value);
}
