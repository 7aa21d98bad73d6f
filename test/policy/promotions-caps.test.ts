import { describe, expect, it } from '@jest/globals';
import { parseConfig } from '../../src/config/load.js';
import { MAX_PROMOTIONS } from '../../src/config/policy-fields.js';
import { promotionViolations } from '../../src/policy/promotions.js';
import type { ImageMention } from '../../src/policy/types.js';
import { parseImageReference } from '../../src/reference/parse.js';

const DIGEST = `sha256:${'c'.repeat(64)}`;

/** Issue 8's rule for hostile configs, applied to policy promotions: capped, and linear in the tree. */
describe('policy promotions, many rules over many files', () => {
  it('are capped with a clear config error', () => {
    const rules = Array.from(
      { length: MAX_PROMOTIONS + 1 },
      (_, index) => `    - {from: "env${index}/**", to: "env${index + 1}/**"}\n`,
    ).join('');
    const result = parseConfig(`policy:\n  promotions:\n${rules}`, '.github/pinbot.yml');
    expect(result).toEqual({
      ok: false,
      errors: [`.github/pinbot.yml:3: policy.promotions: at most ${MAX_PROMOTIONS} promotions are allowed`],
    });
  });

  it('match each file once per rule, however many images it names', () => {
    const pinned = parseImageReference(`registry.example/app:1@${DIGEST}`);
    const tagged = parseImageReference('registry.example/app:1');
    if (!pinned.ok || !tagged.ok) throw new Error('fixture references must parse');
    // 200 files of 50 mentions each: staging pins, prod names tags (which asks requireDigest).
    const mentions: ImageMention[] = Array.from({ length: 10_000 }, (_, index) => {
      const staging = index % 2 === 0;
      const image = staging ? pinned.reference : tagged.reference;
      return {
        file: `${staging ? 'staging' : 'prod'}/f${index % 200}.yaml`,
        line: index + 1,
        kind: staging ? 'digest' : 'tag-only',
        image,
        text: image.original,
      };
    });
    const promotions = Array.from({ length: MAX_PROMOTIONS }, () => ({ from: 'staging/**', to: 'prod/**' }));
    const asked = new Map<string, number>();
    const requiresDigest = (file: string): boolean => {
      asked.set(file, (asked.get(file) ?? 0) + 1);
      return true;
    };
    expect(promotionViolations(mentions, promotions, requiresDigest)).toEqual([]);
    expect(asked.size).toBe(100);
    expect(Math.max(...asked.values())).toBe(1);
  });
});
