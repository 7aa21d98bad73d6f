import { describe, expect, it } from '@jest/globals';
import type { Violation } from '../../src/policy/types.js';
import { sameVanished, untaggedPins, vanishedDigests } from '../../src/repository/policy-watch.js';
import { decodeScanState, encodeScanState, SCAN_STATE_VERSION, type ScanState } from '../../src/repository/scan-state.js';
import { scanFile } from '../../src/scan/scan-file.js';

const DIGEST = `sha256:${'a'.repeat(64)}`;
const OTHER = `sha256:${'b'.repeat(64)}`;

const violation = (rule: Violation['rule'], image: string, digest: string | null, file = 'deploy/app.yaml'): Violation => ({
  file,
  line: 3,
  image,
  tag: null,
  digest,
  rule,
  message: '…',
});

describe('what a quiet cycle watches of the policy verdict', () => {
  it('only vanished digests, once each and in one order, whatever the files that pin them', () => {
    const violations = [
      violation('digest-missing', 'ghcr.io/acme/job', OTHER),
      violation('require-digest', 'ghcr.io/acme/api', null),
      violation('digest-missing', 'ghcr.io/acme/job', DIGEST, 'a.yaml'),
      violation('digest-missing', 'ghcr.io/acme/job', DIGEST, 'b.yaml'),
    ];
    expect(vanishedDigests(violations)).toEqual([`ghcr.io/acme/job@${DIGEST}`, `ghcr.io/acme/job@${OTHER}`]);
    expect(sameVanished(vanishedDigests(violations), [`ghcr.io/acme/job@${DIGEST}`, `ghcr.io/acme/job@${OTHER}`])).toBe(true);
    expect(sameVanished([], [`ghcr.io/acme/job@${DIGEST}`])).toBe(false);
  });

  it('pins written without a tag are kept (they are not references), tag-only and stage names are not', () => {
    const text = `FROM ghcr.io/acme/base@${DIGEST} AS build\nFROM build\nFROM node:22\n`;
    const scan = scanFile('Dockerfile', text);
    expect(untaggedPins(scan.skipped).map((pin) => `${pin.file}:${pin.line} ${pin.image?.name}@${pin.image?.digest}`)).toEqual([
      `Dockerfile:1 ghcr.io/acme/base@${DIGEST}`,
    ]);
  });

  it('a state keeps them through Redis, and a state whose watch is malformed reads as none', () => {
    const pins = untaggedPins(scanFile('Dockerfile', `FROM ghcr.io/acme/base@${DIGEST}\n`).skipped);
    const state: ScanState = {
      version: SCAN_STATE_VERSION,
      branch: 'main',
      headSha: 'c'.repeat(40),
      treeSha: 'd'.repeat(40),
      readAt: 1,
      settledAs: 'settled',
      references: [],
      plan: '',
      policy: { vanished: [`ghcr.io/acme/base@${DIGEST}`], untagged: pins },
    };
    expect(decodeScanState(encodeScanState(state))).toEqual(state);
    expect(decodeScanState(JSON.stringify({ ...state, policy: { vanished: 'all' } }))).toBeUndefined();
  });
});
