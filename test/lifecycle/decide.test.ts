import { describe, expect, it } from '@jest/globals';
import { decideLifecycle, type LifecycleInput, type OpenAppPull } from '../../src/lifecycle/decide.js';
import type { PrMarker, ProposedUpdate, UpdateGroup } from '../../src/pr/types.js';

const digest = (c: string): string => `sha256:${c.repeat(64)}`;
const update = (to: string, overrides: Partial<ProposedUpdate> = {}): ProposedUpdate => ({
  file: 'Dockerfile',
  line: 1,
  image: 'docker.io/library/node',
  displayName: 'node',
  tag: '22-slim',
  from: digest('a'),
  to: digest(to),
  platform: null,
  ...overrides,
});
const group = (updates: ProposedUpdate[], branch = 'pinbot/digests'): UpdateGroup => ({ branch, key: 'all', updates });
const marker = (updates: ProposedUpdate[], overrides: Partial<PrMarker> = {}): PrMarker => ({
  version: 1,
  branch: 'pinbot/digests',
  baseSha: 'base1',
  headSha: 'head1',
  updates,
  omittedWorkflowFiles: [],
  humanCommitNotified: null,
  ...overrides,
});
const pull = (updates: ProposedUpdate[], overrides: Partial<OpenAppPull> = {}, markerOverrides: Partial<PrMarker> = {}): OpenAppPull => ({
  number: 7,
  branch: 'pinbot/digests',
  headSha: 'head1',
  marker: marker(updates, markerOverrides),
  ...overrides,
});
const input = (overrides: Partial<LifecycleInput>): LifecycleInput => ({
  groups: [],
  openPulls: [],
  baseSha: 'base1',
  withinSchedule: true,
  openPullRequestsLimit: 10,
  rebaseWhen: 'base-moved',
  conflicted: new Set(),
  unresolved: new Set(),
  ...overrides,
});
const kinds = (decisions: ReturnType<typeof decideLifecycle>): string[] => decisions.map((d) => d.kind);

describe('decideLifecycle', () => {
  it('creates a PR for a new group', () => {
    expect(kinds(decideLifecycle(input({ groups: [group([update('b')])] })))).toEqual(['create']);
  });

  it('keeps a PR that already proposes exactly this on the same base, even if lines moved', () => {
    const open = pull([update('b')]);
    expect(kinds(decideLifecycle(input({ groups: [group([update('b', { line: 9 })])], openPulls: [open] })))).toEqual(['keep']);
  });

  it('fast-forwards when a newer digest arrives and the base has not moved', () => {
    const open = pull([update('b')]);
    expect(kinds(decideLifecycle(input({ groups: [group([update('c')])], openPulls: [open] })))).toEqual(['fast-forward']);
  });

  it('rebuilds when the base moved (default) and keeps when only conflicts count and there is none', () => {
    const open = pull([update('b')]);
    const moved = { groups: [group([update('b')])], openPulls: [open], baseSha: 'base2' };
    expect(kinds(decideLifecycle(input(moved)))).toEqual(['rebuild']);
    expect(kinds(decideLifecycle(input({ ...moved, rebaseWhen: 'conflicted' })))).toEqual(['keep']);
    expect(kinds(decideLifecycle(input({ ...moved, rebaseWhen: 'conflicted', conflicted: new Set([7]) })))).toEqual(['rebuild']);
  });

  it('rebuilds rather than fast-forwards when updates changed and the base moved', () => {
    const open = pull([update('b')]);
    expect(
      kinds(decideLifecycle(input({ groups: [group([update('c')])], openPulls: [open], baseSha: 'base2', rebaseWhen: 'conflicted' }))),
    ).toEqual(['rebuild']);
  });

  it('closes an app PR when nothing is stale any more', () => {
    expect(kinds(decideLifecycle(input({ openPulls: [pull([update('b')])] })))).toEqual(['close']);
  });

  it('never touches a branch with a human commit, and says so once', () => {
    const humanHead = { headSha: 'human1' };
    const first = decideLifecycle(input({ groups: [group([update('c')])], openPulls: [pull([update('b')], humanHead)] }));
    expect(first).toEqual([expect.objectContaining({ kind: 'human-owned', notify: true })]);
    const later = decideLifecycle(input({ openPulls: [pull([update('b')], humanHead, { humanCommitNotified: 'human1' })] }));
    expect(later).toEqual([expect.objectContaining({ kind: 'human-owned', notify: false })]);
  });

  it('resumes once the branch is back at the commit the app wrote', () => {
    const open = pull([update('b')], { headSha: 'head1' }, { humanCommitNotified: 'human1' });
    expect(kinds(decideLifecycle(input({ groups: [group([update('c')])], openPulls: [open] })))).toEqual(['fast-forward']);
  });

  it('leaves a PR alone when a file it changes could not be scanned: neither closed nor shrunk nor rebuilt', () => {
    const open = pull([update('b'), update('b', { file: 'compose.yaml' })]);
    const unscannable = new Set(['compose.yaml']);
    // Nothing left to propose (the compose pins are unknown, the Dockerfile's current)…
    expect(decideLifecycle(input({ openPulls: [open], unscannable }))).toEqual([
      { kind: 'unscanned', pull: open, files: ['compose.yaml'] },
    ]);
    // …or less than before, on a moved base: still left as it is.
    const shrunk = decideLifecycle(input({ groups: [group([update('c')])], openPulls: [open], baseSha: 'moved', unscannable }));
    expect(kinds(shrunk)).toEqual(['unscanned']);
    // A PR that changes only files that were scanned goes on as usual.
    expect(kinds(decideLifecycle(input({ openPulls: [pull([update('b')])], unscannable })))).toEqual(['close']);
  });

  it('holds a PR whose images could not be resolved instead of shrinking or closing it', () => {
    const open = pull([update('b')]);
    const decisions = decideLifecycle(input({ openPulls: [open], unresolved: new Set(['docker.io/library/node:22-slim']) }));
    expect(decisions).toEqual([{ kind: 'held', pull: open, images: ['docker.io/library/node:22-slim'] }]);
  });

  it('defers new PRs outside the schedule but still closes finished ones', () => {
    const decisions = decideLifecycle(
      input({
        withinSchedule: false,
        groups: [group([update('b')], 'pinbot/node-22-slim')],
        openPulls: [pull([update('x', { image: 'docker.io/library/postgres', tag: '16' })])],
      }),
    );
    expect(decisions).toEqual([
      expect.objectContaining({ kind: 'close', reason: 'current' }),
      expect.objectContaining({ kind: 'deferred', reason: 'schedule' }),
    ]);
  });

  it('closes a PR whose pins moved to other branches (the grouping changed) as superseded, within the schedule only', () => {
    const open = pull([update('b')]);
    const regrouped = { groups: [group([update('b')], 'pinbot/node-22-slim')], openPulls: [open] };
    expect(decideLifecycle(input(regrouped))).toEqual([
      { kind: 'close', pull: open, reason: 'superseded' },
      expect.objectContaining({ kind: 'create' }),
    ]);
    expect(kinds(decideLifecycle(input({ ...regrouped, withinSchedule: false })))).toEqual(['keep', 'deferred']);
  });

  it('refreshes a PR whose head is an app commit the marker does not name, and closes it like any other when current', () => {
    const adopted = pull([update('b')], { headSha: 'head2', adopted: true });
    expect(kinds(decideLifecycle(input({ groups: [group([update('b')])], openPulls: [adopted] })))).toEqual(['rebuild']);
    expect(kinds(decideLifecycle(input({ groups: [group([update('b')])], openPulls: [adopted], withinSchedule: false })))).toEqual([
      'keep',
    ]);
    expect(kinds(decideLifecycle(input({ openPulls: [adopted] })))).toEqual(['close']);
  });

  it('rebuilds a PR that merges into a branch other than the default branch, whatever rebaseWhen says', () => {
    const elsewhere = pull([update('b')], { baseRef: 'master' });
    const sameCommit = { groups: [group([update('b')])], openPulls: [elsewhere], baseBranch: 'main', rebaseWhen: 'conflicted' as const };
    expect(kinds(decideLifecycle(input(sameCommit)))).toEqual(['rebuild']);
    expect(kinds(decideLifecycle(input({ ...sameCommit, baseBranch: 'master' })))).toEqual(['keep']);
  });

  it('does not update an open PR outside the schedule', () => {
    const open = pull([update('b')]);
    expect(kinds(decideLifecycle(input({ withinSchedule: false, groups: [group([update('c')])], openPulls: [open] })))).toEqual(['keep']);
  });

  it('opens no more PRs than the limit, counting the ones it closes', () => {
    const groups = ['a', 'b', 'c'].map((name) => group([update('b', { image: `docker.io/library/${name}` })], `pinbot/${name}`));
    const closing = pull([update('x')], { branch: 'pinbot/old', number: 1 }, { branch: 'pinbot/old' });
    const decisions = decideLifecycle(input({ groups, openPulls: [closing], openPullRequestsLimit: 2 }));
    expect(kinds(decisions)).toEqual(['close', 'create', 'create', 'deferred']);
  });

  describe('the pinning PR (pinbot/pin)', () => {
    const pin = (overrides: Partial<ProposedUpdate> = {}) => update('p', { from: null, ...overrides });
    const pinPull = (updates: ProposedUpdate[]) => pull(updates, { branch: 'pinbot/pin', number: 9 }, { branch: 'pinbot/pin' });

    it('is closed as current, not superseded, when an update PR now proposes its reference', () => {
      const open = pinPull([pin()]);
      const decisions = decideLifecycle(input({ groups: [group([update('b')])], openPulls: [open] }));
      expect(decisions).toContainEqual({ kind: 'close', pull: open, reason: 'current' });
    });

    it('never supersedes an update PR', () => {
      const open = pull([update('b')]);
      const decisions = decideLifecycle(input({ groups: [group([pin()], 'pinbot/pin')], openPulls: [open] }));
      expect(decisions).toContainEqual({ kind: 'close', pull: open, reason: 'current' });
    });

    it('is updated when new pins appear, held while its tags cannot be resolved, and counts against the limit', () => {
      const open = pinPull([pin()]);
      const grown = group([pin(), pin({ file: 'compose.yaml', line: 3 })], 'pinbot/pin');
      expect(kinds(decideLifecycle(input({ groups: [grown], openPulls: [open] })))).toEqual(['fast-forward']);
      const unresolved = new Set(['docker.io/library/node:22-slim']);
      expect(kinds(decideLifecycle(input({ groups: [grown], openPulls: [open], unresolved })))).toEqual(['held']);
      const other = pull([update('b')], { branch: 'pinbot/x', number: 1 }, { branch: 'pinbot/x' });
      const full = input({ groups: [group([update('b')], 'pinbot/x'), grown], openPulls: [other], openPullRequestsLimit: 1 });
      expect(kinds(decideLifecycle(full))).toEqual(['keep', 'deferred']);
    });
  });
});
