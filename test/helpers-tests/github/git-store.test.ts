import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { commitsBetween, diffTrees, isAncestor, mergeBase, mergeTrees } from '../../helpers/github/git-graph.js';
import { blobSha, commitSha, EMPTY_TREE_SHA } from '../../helpers/github/git-objects.js';
import { GitStore, type FlatEntry } from '../../helpers/github/git-store.js';

// Expected values below were produced by git itself (hash-object, write-tree, commit-tree).
const human = { name: 'Human Dev', email: 'h@example.com', date: '2023-11-14T22:13:20Z' };

function storeWith(files: Record<string, string>, modes: Record<string, FlatEntry['mode']> = {}): { store: GitStore; tree: string } {
  const store = new GitStore();
  const flat = new Map<string, FlatEntry>();
  for (const [path, text] of Object.entries(files))
    flat.set(path, { mode: modes[path] ?? '100644', type: 'blob', sha: store.putBlob(Buffer.from(text)) });
  return { store, tree: store.buildTree(flat) };
}

describe('git object hashing matches git', () => {
  test('blobs hash as "blob <len>\\0<bytes>"', () => {
    expect(blobSha(Buffer.from('hello\n'))).toBe('ce013625030ba8dba906f756967f9e9ca394464a');
    expect(blobSha(new Uint8Array())).toBe('e69de29bb2d1d6434b8b29ae775ad8c2e48c5391');
  });

  test('trees sort a directory as if its name ended in "/", and keep modes', () => {
    const { store, tree } = storeWith(
      { 'hello.txt': 'hello\n', 'a-b': 'x', 'a.txt': 'y\n', 'a/c': 'z\n', 'run.sh': '#!/bin/sh\n', link: 'hello.txt' },
      { 'run.sh': '100755', link: '120000' },
    );
    expect(tree).toBe('61b492c1ad822ea770d791cef30b980f153fafaf');
    expect(store.listTree(tree).map((entry) => `${entry.mode} ${entry.path}`)).toEqual([
      '100644 a-b',
      '100644 a.txt',
      '040000 a',
      '100644 hello.txt',
      '120000 link',
      '100755 run.sh',
    ]);
    expect(new GitStore().buildTree(new Map())).toBe(EMPTY_TREE_SHA);
  });

  test('commits hash tree, parents, author, committer and the exact message', () => {
    const fields = { tree: '61b492c1ad822ea770d791cef30b980f153fafaf', parents: [], author: human, committer: human };
    expect(commitSha({ ...fields, message: 'Initial commit\n' })).toBe('f7f1b4fc53509bd52ff0bf9ea4980f94a115fc96');
    expect(commitSha({ ...fields, message: 'Initial commit' })).toBe('60311a1cc4ba95200a061ad1df8cf164eda4ad3f');
  });
});

describe('tree operations', () => {
  test('recursive listing is pre-order with sizes for blobs only', () => {
    const { store, tree } = storeWith({ 'a/b/c.txt': 'abc', 'a/d.txt': 'd', 'z.txt': '' });
    expect(store.listRecursive(tree).map(({ path, type, size }) => ({ path, type, size }))).toEqual([
      { path: 'a', type: 'tree', size: undefined },
      { path: 'a/b', type: 'tree', size: undefined },
      { path: 'a/b/c.txt', type: 'blob', size: 3 },
      { path: 'a/d.txt', type: 'blob', size: 1 },
      { path: 'z.txt', type: 'blob', size: 0 },
    ]);
  });

  test('entryAt walks directories and reports missing paths as undefined', () => {
    const { store, tree } = storeWith({ 'a/b/c.txt': 'abc' });
    expect(store.entryAt(tree, 'a/b')?.type).toBe('tree');
    expect(store.entryAt(tree, 'a/b/c.txt')?.sha).toBe(blobSha(Buffer.from('abc')));
    expect(store.entryAt(tree, 'a/b/c.txt/d')).toBeUndefined();
    expect(store.entryAt(tree, 'nope')).toBeUndefined();
  });

  test('flatten and buildTree are inverses for any set of file paths', () => {
    const segment = fc.stringMatching(/^[a-z0-9._-]{1,6}$/).filter((s) => s !== '.' && s !== '..');
    const paths = fc.uniqueArray(
      fc.array(segment, { minLength: 1, maxLength: 4 }).map((parts) => parts.join('/')),
      { maxLength: 25 },
    );
    fc.assert(
      fc.property(paths, fc.string(), (candidates, text) => {
        // A path can't be both a file and a directory; keep the ones git could store together.
        const kept = candidates.filter((p) => !candidates.some((q) => q !== p && q.startsWith(`${p}/`)));
        const store = new GitStore();
        const flat = new Map<string, FlatEntry>(
          kept.map((p) => [p, { mode: '100644', type: 'blob', sha: store.putBlob(Buffer.from(text + p)) }]),
        );
        const tree = store.buildTree(flat);
        expect(store.flatten(tree)).toEqual(flat);
        expect(store.buildTree(store.flatten(tree))).toBe(tree);
      }),
    );
  });
});

describe('history', () => {
  function chain() {
    const { store, tree } = storeWith({ 'f.txt': 'base\n', 'g.txt': 'g\n' });
    const commit = (parents: string[], files: Record<string, string>, message: string) => {
      const flat = store.flatten(store.requireCommit(parents[0] as string).tree);
      for (const [path, text] of Object.entries(files))
        flat.set(path, { mode: '100644', type: 'blob', sha: store.putBlob(Buffer.from(text)) });
      return store.putCommit({
        tree: store.buildTree(flat),
        parents,
        message,
        author: human,
        committer: human,
        verified: false,
        authorLogin: null,
        committerLogin: null,
      }).sha;
    };
    const root = store.putCommit({
      tree,
      parents: [],
      message: 'root',
      author: human,
      committer: human,
      verified: false,
      authorLogin: null,
      committerLogin: null,
    }).sha;
    const main1 = commit([root], { 'g.txt': 'g2\n' }, 'main 1');
    const side1 = commit([root], { 'f.txt': 'side\n' }, 'side 1');
    const side2 = commit([side1], { 'h.txt': 'h\n' }, 'side 2');
    return { store, root, main1, side1, side2 };
  }

  test('ancestry, merge base and the commits one side lacks', () => {
    const { store, root, main1, side1, side2 } = chain();
    expect(isAncestor(store, root, side2)).toBe(true);
    expect(isAncestor(store, main1, side2)).toBe(false);
    expect(mergeBase(store, main1, side2)).toBe(root);
    expect(commitsBetween(store, [main1], side2).map((c) => c.sha)).toEqual([side1, side2]);
  });

  test('diffTrees reports added, modified and removed paths in order', () => {
    const { store, root, side2 } = chain();
    const changes = diffTrees(store, store.requireCommit(root).tree, store.requireCommit(side2).tree);
    expect(changes.map((c) => `${c.status} ${c.path}`)).toEqual(['modified f.txt', 'added h.txt']);
    expect(diffTrees(store, store.requireCommit(side2).tree, store.requireCommit(root).tree).map((c) => c.status)).toEqual([
      'modified',
      'removed',
    ]);
  });

  test("a three-way merge takes each side's edits and reports files both sides changed", () => {
    const { store, root, main1, side2 } = chain();
    const baseTree = store.requireCommit(root).tree;
    const merged = mergeTrees(store, baseTree, store.requireCommit(main1).tree, store.requireCommit(side2).tree);
    if (!merged.ok) throw new Error('expected a clean merge');
    expect([...store.flatten(merged.tree).keys()].sort()).toEqual(['f.txt', 'g.txt', 'h.txt']);
    expect(store.entryAt(merged.tree, 'g.txt')?.sha).toBe(blobSha(Buffer.from('g2\n')));
    expect(store.entryAt(merged.tree, 'f.txt')?.sha).toBe(blobSha(Buffer.from('side\n')));
    const mainEditsF = store.flatten(baseTree);
    mainEditsF.set('f.txt', { mode: '100644', type: 'blob', sha: store.putBlob(Buffer.from('main\n')) });
    expect(mergeTrees(store, baseTree, store.buildTree(mainEditsF), store.requireCommit(side2).tree)).toEqual({
      ok: false,
      conflicts: ['f.txt'],
    });
  });
});
