import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { createRedactor, describeRegistryErrors, describeStatus } from '../../../src/registry/client/errors.js';

describe('describeRegistryErrors', () => {
  it.each([
    ['{"errors":[{"code":"MANIFEST_UNKNOWN","message":"manifest unknown","detail":{"Tag":"1.0"}}]}', 'MANIFEST_UNKNOWN: manifest unknown'],
    [
      '{"errors":[{"code":"UNAUTHORIZED","message":"authentication required","detail":[{"Type":"repository","Name":"a/b","Action":"pull"}]},{"code":"DENIED"}]}',
      'UNAUTHORIZED: authentication required; DENIED',
    ],
    ['{"errors":[{"message":"multi\\nline\\tmessage"}]}', 'multi line message'],
    ['{"errors":[]}', undefined],
    ['{"errors":"nope"}', undefined],
    ['{"message":"not the spec shape"}', undefined],
    ['<html><body>502 Bad Gateway</body></html>', undefined],
    ['{"errors":[{"code":', undefined],
    ['null', undefined],
    ['', undefined],
  ])('%s → %j', (body, expected) => {
    expect(describeRegistryErrors(body)).toBe(expected);
  });

  it('bounds a registry’s long message', () => {
    const long = JSON.stringify({ errors: [{ code: 'X', message: 'y'.repeat(5000) }] });
    expect(describeRegistryErrors(long)?.length).toBeLessThan(220);
  });

  it('never throws on arbitrary JSON', () => {
    fc.assert(fc.property(fc.json(), (json) => void describeRegistryErrors(json)));
    fc.assert(fc.property(fc.jsonValue(), (value) => void describeRegistryErrors(JSON.stringify({ errors: [value, { code: value }] }))));
  });
});

describe('describeStatus', () => {
  it('prefers the registry’s codes, else the reason phrase', () => {
    expect(describeStatus(404, 'Not Found', '{"errors":[{"code":"NAME_UNKNOWN","message":"repository name not known to registry"}]}')).toBe(
      '404 NAME_UNKNOWN: repository name not known to registry',
    );
    expect(describeStatus(502, 'Bad Gateway', '<html>oops</html>')).toBe('502 Bad Gateway');
    expect(describeStatus(418, '', undefined)).toBe('418');
  });
});

describe('createRedactor', () => {
  it('replaces every known secret, longest first, and ignores tiny ones', () => {
    const redactor = createRedactor();
    redactor.add('s3cret-password');
    redactor.add('s3cret');
    redactor.add('abc');
    redactor.add(undefined);
    expect(redactor.apply('pw=s3cret-password, short=s3cret, abc stays')).toBe('pw=***, short=***, abc stays');
  });
});
