import { describe, expect, it } from '@jest/globals';
import { buildPinProposal, declinedPinKey, filterDeclinedPins, toProposedPin } from '../../src/lifecycle/pin-proposals.js';
import type { Proposal } from '../../src/lifecycle/proposals.js';
import type { PlannedPin } from '../../src/pin/plan.js';
import type { PrMarker, ProposedUpdate } from '../../src/pr/types.js';
import { scanFile } from '../../src/scan/scan-file.js';

const digest = (c: string): string => `sha256:${c.repeat(64)}`;

function pinsIn(path: string, text: string): PlannedPin[] {
  return scanFile(path, text).unpinned.map((reference) => ({ reference, digest: digest('d'), pinKind: 'index', host: 'registry' }));
}

const updateOn = (file: string, line: number): Proposal => ({
  group: {
    branch: 'pinbot/digests',
    key: 'all',
    updates: [
      { file, line, image: 'docker.io/library/base', displayName: 'base', tag: '1', from: digest('a'), to: digest('b'), platform: null },
    ],
  },
  omittedWorkflowFiles: [],
});

const places = (updates: readonly ProposedUpdate[] | undefined) => (updates ?? []).map((u) => `${u.file}:${u.line}`);

describe('buildPinProposal', () => {
  const pins = [
    ...pinsIn('Dockerfile', 'FROM node:22\nRUN --mount=from=tool:1 --mount=from=base:1@sha256:' + 'a'.repeat(64) + ' make\n'),
    ...pinsIn('.github/workflows/ci.yml', 'jobs:\n  t:\n    container: node:22\n'),
    ...pinsIn('compose.yaml', 'services:\n  a:\n    image: redis\n'),
  ];

  it('proposes every pin on pinbot/pin, in file and line order, recorded as pins (no old digest)', () => {
    const { proposal, heldForUpdates } = buildPinProposal([...pins].reverse(), [], true);
    expect(proposal?.group).toMatchObject({ branch: 'pinbot/pin', key: 'pin' });
    expect(places(proposal?.group.updates)).toEqual(['.github/workflows/ci.yml:3', 'Dockerfile:1', 'Dockerfile:2', 'compose.yaml:3']);
    expect(proposal?.group.updates.every((update) => update.from === null && update.platform === null)).toBe(true);
    expect(proposal?.group.updates.find((u) => u.file === 'compose.yaml')).toMatchObject({ tag: 'latest', displayName: 'redis' });
    expect(heldForUpdates).toEqual([]);
  });

  it('leaves out a line an update PR edits, so the two PRs never change the same line', () => {
    const { proposal, heldForUpdates } = buildPinProposal(pins, [updateOn('Dockerfile', 2)], true);
    expect(places(proposal?.group.updates)).toEqual(['.github/workflows/ci.yml:3', 'Dockerfile:1', 'compose.yaml:3']);
    expect(places(heldForUpdates)).toEqual(['Dockerfile:2']);
  });

  it('leaves out workflow files without the workflows permission, and names them', () => {
    const { proposal } = buildPinProposal(pins, [], false);
    expect(places(proposal?.group.updates)).toEqual(['Dockerfile:1', 'Dockerfile:2', 'compose.yaml:3']);
    expect(proposal?.omittedWorkflowFiles).toEqual(['.github/workflows/ci.yml']);
  });

  it('proposes nothing when nothing is left', () => {
    expect(buildPinProposal([], [], true).proposal).toBeUndefined();
    expect(buildPinProposal(pinsIn('a/ci.yml', ''), [], true).proposal).toBeUndefined();
    const onlyWorkflow = pinsIn('.github/workflows/ci.yml', 'jobs:\n  t:\n    container: node:22\n');
    expect(buildPinProposal(onlyWorkflow, [], false).proposal).toBeUndefined();
  });
});

describe('declined pins', () => {
  const [first, second] = pinsIn('Dockerfile', 'FROM node:22\nFROM redis\n').map(toProposedPin) as [ProposedUpdate, ProposedUpdate];
  const closed = (updates: ProposedUpdate[]): PrMarker => ({
    version: 1,
    branch: 'pinbot/pin',
    baseSha: 'a'.repeat(40),
    headSha: 'b'.repeat(40),
    updates,
    omittedWorkflowFiles: [],
    humanCommitNotified: null,
  });

  it('are remembered by file, image and tag, whatever the digest or line later', () => {
    const later = { ...first, line: 9, to: digest('e') };
    expect(filterDeclinedPins([later, second], [closed([first])])).toEqual([second]);
    expect(declinedPinKey(first)).toBe('Dockerfile|docker.io/library/node|22');
  });

  it('decline only their own references: the same image in another file, or with another tag, is still proposed', () => {
    const elsewhere = { ...first, file: 'Containerfile' };
    const otherTag = { ...first, tag: '24' };
    expect(filterDeclinedPins([elsewhere, otherTag], [closed([first])])).toEqual([elsewhere, otherTag]);
  });
});
