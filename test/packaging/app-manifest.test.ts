import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

const manifest = parse(readFileSync(new URL('../../app.yml', import.meta.url), 'utf8')) as {
  name: string;
  default_events: string[];
  default_permissions: Record<string, string>;
  hook_attributes: { url: string };
};

describe('app.yml', () => {
  it('subscribes to exactly the events the app handles', () => {
    expect([...manifest.default_events].sort()).toEqual(['pull_request', 'push']);
  });

  it('asks for least privilege: nothing beyond what pinbot uses', () => {
    expect(manifest.default_permissions).toEqual({ metadata: 'read', contents: 'write', pull_requests: 'write', checks: 'write' });
  });

  it("points the webhook at Probot's default path", () => {
    expect(new URL(manifest.hook_attributes.url).pathname).toBe('/api/github/webhooks');
  });
});
