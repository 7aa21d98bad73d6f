import type { PolicyConfig } from '../config/policy-fields.js';
import { compileGlob } from '../discover/glob.js';
import { promotionViolations } from './promotions.js';
import { byPlace, POLICY_RULES, type ImageMention, type Violation } from './types.js';

/** Docker reads an image written without tag or digest as `:latest`. */
const IMPLICIT_TAG = 'latest';

/**
 * The policy's verdict on every image mention of a tree (issue 14), without any network: what
 * `requireDigest`, `forbidTags` and `promotions` say. Pure; violations come in file order.
 * Build stages and `scratch` name no image and break no rule; what pinbot cannot read
 * statically (a variable, an invalid reference) breaks `requireDigest`, since nobody can tell
 * whether it is pinned.
 */
export function evaluatePolicy(mentions: readonly ImageMention[], policy: PolicyConfig): Violation[] {
  const requiresDigest = compileGlob(policy.requireDigest);
  const forbidden = new Set(policy.forbidTags);
  const violations: Violation[] = [];
  for (const mention of mentions) {
    if (!requiresDigest(mention.file)) continue;
    const broken = requireDigest(mention);
    if (broken !== undefined) violations.push(broken);
    const tagged = forbiddenTag(mention, forbidden);
    if (tagged !== undefined) violations.push(tagged);
  }
  violations.push(...promotionViolations(mentions, policy.promotions, requiresDigest));
  return sortViolations(violations);
}

function requireDigest(mention: ImageMention): Violation | undefined {
  const at = { file: mention.file, line: mention.line, rule: 'require-digest' as const };
  switch (mention.kind) {
    case 'tag-only': {
      const image = mention.image!;
      return {
        ...at,
        image: image.name,
        tag: image.tag ?? null,
        digest: null,
        message: `${image.original} is not pinned by digest; pin it as ${image.original}@sha256:…`,
      };
    }
    case 'variable':
      return {
        ...at,
        image: mention.text,
        tag: null,
        digest: null,
        message:
          'the image is given by a variable pinbot cannot resolve, so nobody can tell whether it is pinned; write the pinned image here or as the variable’s default',
      };
    case 'invalid':
      return {
        ...at,
        image: mention.text,
        tag: null,
        digest: null,
        message: 'not a valid image reference, so it cannot be shown to be pinned by digest',
      };
    default:
      return undefined;
  }
}

function forbiddenTag(mention: ImageMention, forbidden: ReadonlySet<string>): Violation | undefined {
  const image = mention.image;
  if (image === undefined || forbidden.size === 0) return undefined;
  const implicit = image.tag === undefined && image.digest === undefined;
  const tag = image.tag ?? (implicit ? IMPLICIT_TAG : undefined);
  if (tag === undefined || !forbidden.has(tag)) return undefined;
  return {
    file: mention.file,
    line: mention.line,
    image: image.name,
    tag,
    digest: image.digest ?? null,
    rule: 'forbidden-tag',
    message: implicit
      ? `${image.original} has no tag, which means "${tag}", a tag this policy forbids`
      : `the tag "${tag}" is forbidden by this policy${image.digest === undefined ? '' : ', even pinned by digest'}`,
  };
}

/** File order, then the rules in their listed order; one entry per place, rule and image. */
export function sortViolations(violations: readonly Violation[]): Violation[] {
  const seen = new Set<string>();
  const unique = violations.filter((violation) => {
    const key = JSON.stringify([violation.file, violation.line, violation.rule, violation.image, violation.digest, violation.message]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return unique.sort(
    (a, b) => byPlace(a, b) || POLICY_RULES.indexOf(a.rule) - POLICY_RULES.indexOf(b.rule) || a.image.localeCompare(b.image),
  );
}
