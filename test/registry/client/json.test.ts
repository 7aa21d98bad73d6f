import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { z } from 'zod';
import { excerpt, formatPath, parseJson } from '../../../src/registry/client/json.js';

const Shape = z.object({ name: z.string(), items: z.array(z.object({ size: z.number() })) });

describe('parseJson', () => {
  it.each([
    ['{"name":"a","items":[{"size":1}]}', { ok: true, value: { name: 'a', items: [{ size: 1 }] } }],
    [undefined, { ok: false, problem: 'it is empty' }],
    ['  \n', { ok: false, problem: 'it is empty' }],
    ['[]', { ok: false, problem: 'it is not a JSON object' }],
    ['{"items":[]}', { ok: false, problem: '"name" is missing' }],
    ['{"name":"a","items":[{"size":"1"}]}', { ok: false, problem: '"items[0].size" is not a number' }],
    ['{"name":"a","items":{}}', { ok: false, problem: '"items" is not a list' }],
  ])('%s → %j', (input, expected) => {
    expect(parseJson(input, Shape)).toEqual(expected);
  });

  it('reads bytes as strict UTF-8 and says when they are not JSON', () => {
    expect(parseJson(new TextEncoder().encode('{"name":"é","items":[]}'), Shape)).toMatchObject({ ok: true, value: { name: 'é' } });
    const invalid = parseJson(new Uint8Array([0x7b, 0xff, 0x7d]), Shape);
    expect(invalid.ok === false && invalid.problem).toMatch(/^it is not valid JSON \(/);
  });

  it('never throws, whatever a registry sends', () => {
    fc.assert(fc.property(fc.oneof(fc.json(), fc.string()), (text) => void parseJson(text, Shape)));
    fc.assert(fc.property(fc.uint8Array(), (bytes) => void parseJson(bytes, Shape)));
  });
});

describe('message helpers', () => {
  it('formats paths and bounds quoted values', () => {
    expect(formatPath(['manifests', 0, 'platform', 'os.version'])).toBe('manifests[0].platform.os.version');
    expect(excerpt('x'.repeat(500))).toHaveLength(80);
    expect(excerpt({ a: 1 })).toBe('{"a":1}');
  });
});
