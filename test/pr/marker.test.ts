import { describe, expect, it } from '@jest/globals';
import { deflateRawSync } from 'node:zlib';
import fc from 'fast-check';
import { parseMarker, renderMarker } from '../../src/pr/marker.js';
import { hostileText, prMarker, proposedUpdate } from './arbitraries.js';
import { apiInManifest, BASE_SHA, markerFor, nodeInDockerfile } from './fixtures.js';

const RUNS = { numRuns: 500 };
const MARKER = markerFor('pinbot/digests', [nodeInDockerfile, apiInManifest]);
/** Markers big enough to take the deflated form. */
const largeMarker = prMarker.chain((marker) =>
  fc.array(proposedUpdate, { minLength: 40, maxLength: 80 }).map((updates) => ({ ...marker, updates })),
);

/** A marker comment carrying arbitrary JSON, as a user (or an older pinbot) could leave it. */
const markerWith = (json: string): string => `<!-- pinbot:marker ${Buffer.from(json, 'utf8').toString('base64url')} -->`;

describe('renderMarker', () => {
  it('is one HTML comment line holding base64url JSON', () => {
    const rendered = renderMarker(MARKER);
    expect(rendered).toMatch(/^<!-- pinbot:marker [A-Za-z0-9_-]+ -->$/);
    const payload = rendered.slice('<!-- pinbot:marker '.length, -' -->'.length);
    expect(JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'))).toEqual(MARKER);
  });

  it('deflates a marker that lists many updates, so it fits in a PR body', () => {
    // 300 files pinning the same base image: a monorepo moving to a new node:22-slim.
    const updates = Array.from({ length: 300 }, (_, index) => ({ ...nodeInDockerfile, file: `services/svc-${index}/Dockerfile` }));
    const marker = markerFor('pinbot/digests', updates);
    const rendered = renderMarker(marker);
    expect(rendered).toMatch(/^<!-- pinbot:marker deflate:[A-Za-z0-9_-]+ -->$/);
    expect(JSON.stringify(marker).length).toBeGreaterThan(80_000);
    expect(rendered.length).toBeLessThan(6_000);
    expect(parseMarker(`Body\n\n${rendered}`)).toEqual({ ok: true, marker });
  });

  it('never lets a value end the comment early', () => {
    fc.assert(
      fc.property(fc.oneof(prMarker, largeMarker), (marker) => {
        const rendered = renderMarker(marker);
        expect(rendered.indexOf('-->')).toBe(rendered.length - 3);
        expect(rendered).not.toMatch(/[\r\n]/);
      }),
      RUNS,
    );
  });
});

describe('parseMarker', () => {
  it('reads the marker back from a full PR body', () => {
    const body = `Updates 2 pinned digests.\n\n| File | Image |\n| --- | --- |\n\n---\n\n${renderMarker(MARKER)}\n`;
    expect(parseMarker(body)).toEqual({ ok: true, marker: MARKER });
  });

  it('round-trips arbitrary markers, hostile strings included, wherever the body puts them', () => {
    fc.assert(
      fc.property(fc.oneof(prMarker, largeMarker), fc.string({ unit: 'binary' }), (marker, above) => {
        expect(parseMarker(renderMarker(marker))).toEqual({ ok: true, marker });
        expect(parseMarker(`${above}\n\n${renderMarker(marker)}\r\n`)).toEqual({ ok: true, marker });
      }),
      RUNS,
    );
  });

  it('uses the last marker when a user quoted an older one above it', () => {
    const older = markerFor('pinbot/digests', [nodeInDockerfile]);
    const body = `> quoting the old PR:\n> ${renderMarker(older)}\n\n${renderMarker(MARKER)}`;
    expect(parseMarker(body)).toEqual({ ok: true, marker: MARKER });
  });

  it.each([
    [null, 'the body is empty'],
    [undefined, 'the body is empty'],
    ['', 'the body is empty'],
    ['Bumps node. No marker here.', 'the body has no pinbot marker'],
    ['<!-- pinbot:marker eyJ2ZXJzaW9uIjoxfQ', 'the pinbot marker is not closed with " -->"'],
    ['<!-- pinbot:marker  -->', 'the pinbot marker is not base64url'],
    ['<!-- pinbot:marker eyJ2ZXJzaW9uIjox+Q== -->', 'the pinbot marker is not base64url'],
    // "eyJ" plus a dangling character: Buffer would silently drop it.
    ['<!-- pinbot:marker eyJhIjoxfQa -->', 'the pinbot marker is not base64url'],
    [`<!-- pinbot:marker ${Buffer.from([0x7b, 0xff, 0x7d]).toString('base64url')} -->`, 'the pinbot marker is not UTF-8 JSON'],
    [markerWith('{"version":1,'), 'the pinbot marker is not UTF-8 JSON'],
    ['<!-- pinbot:marker deflate:eyJ2ZXJzaW9uIjoxfQ -->', 'the pinbot marker does not inflate (corrupt, or larger than 4 MiB)'],
    [
      `<!-- pinbot:marker deflate:${deflateRawSync(Buffer.alloc(5 * 1024 * 1024, 0x20)).toString('base64url')} -->`,
      'the pinbot marker does not inflate (corrupt, or larger than 4 MiB)',
    ],
    [`<!-- pinbot:marker deflate:${deflateRawSync(Buffer.from('[1,')).toString('base64url')} -->`, 'the pinbot marker is not UTF-8 JSON'],
  ])('explains why body %# holds no usable marker', (body, reason) => {
    expect(parseMarker(body)).toEqual({ ok: false, reason });
  });

  it.each([
    [{ ...MARKER, version: 2 }, 'at version: Invalid input: expected 1'],
    [{ ...MARKER, baseSha: 'main' }, 'at baseSha: expected a git commit sha'],
    [{ ...MARKER, headSha: BASE_SHA.toUpperCase() }, 'at headSha: expected a git commit sha'],
    [{ ...MARKER, humanCommitNotified: 'yes' }, 'at humanCommitNotified: expected a git commit sha'],
    [{ ...MARKER, updates: [{ ...nodeInDockerfile, to: 'latest' }] }, 'at updates[0].to: expected a digest such as sha256:<hex>'],
    [{ ...MARKER, updates: [{ ...nodeInDockerfile, line: 0 }] }, 'at updates[0].line: Too small: expected number to be >=1'],
    [{ ...MARKER, updates: [{ ...nodeInDockerfile, file: '' }] }, 'at updates[0].file: Too small: expected string to have >=1 characters'],
    [
      { ...MARKER, updates: [{ ...nodeInDockerfile, platform: undefined }] },
      'at updates[0].platform: Invalid input: expected string, received undefined',
    ],
    [
      { ...MARKER, omittedWorkflowFiles: '.github/workflows/ci.yml' },
      'at omittedWorkflowFiles: Invalid input: expected array, received string',
    ],
    [{ ...MARKER, extra: true }, 'Unrecognized key: "extra"'],
    [[MARKER], 'Invalid input: expected object, received array'],
  ])('validates every field: %#', (value, detail) => {
    const result = parseMarker(`Body\n\n${markerWith(JSON.stringify(value))}`);
    expect(result).toEqual({ ok: false, reason: expect.stringContaining(detail) });
    if (!result.ok) expect(result.reason).toMatch(/^the pinbot marker is invalid/);
  });

  it('never throws, whatever the body holds', () => {
    const aroundMarker = fc
      .tuple(
        hostileText,
        fc.oneof(
          fc.string({ unit: 'binary' }),
          fc.jsonValue().map((value) => markerWith(JSON.stringify(value))),
        ),
      )
      .map(([before, inside]) => `${before}<!-- pinbot:marker ${inside}`);
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary' }), aroundMarker, fc.constantFrom(null, undefined)), (body) => {
        const result = parseMarker(body);
        expect(typeof result.ok).toBe('boolean');
      }),
      RUNS,
    );
  });

  it('rejects or round-trips a marker whose payload was edited, without throwing', () => {
    fc.assert(
      fc.property(prMarker, fc.nat(), fc.string({ unit: 'binary', minLength: 1, maxLength: 3 }), (marker, at, edit) => {
        const rendered = renderMarker(marker);
        const position = '<!-- pinbot:marker '.length + (at % (rendered.length - '<!-- pinbot:marker  -->'.length));
        const result = parseMarker(rendered.slice(0, position) + edit + rendered.slice(position + 1));
        // An edit can only yield a marker the schema accepts, never a malformed one.
        if (result.ok) expect(parseMarker(renderMarker(result.marker))).toEqual(result);
      }),
      RUNS,
    );
  });
});
