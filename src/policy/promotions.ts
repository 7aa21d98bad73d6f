import type { PolicyConfig } from '../config/policy-fields.js';
import { compileGlob } from '../discover/glob.js';
import { shortDigest } from '../pr/markdown.js';
import type { ImageMention, Violation } from './types.js';

type Promotion = PolicyConfig['promotions'][number];

/** How many of the source environment's digests a mismatch message names. */
const SHOWN_DIGESTS = 3;

/**
 * Production runs what staging ran: every image a `to` file references must be pinned there at
 * a digest some `from` file pins for the same canonical image (tags may differ). An image no
 * `from` file names at all was never promoted. Pure.
 */
export function promotionViolations(
  mentions: readonly ImageMention[],
  promotions: readonly Promotion[],
  requiresDigest: (file: string) => boolean,
): Violation[] {
  // Globs are matched once per file, not once per mention: a file may name thousands of images,
  // and the schema caps the promotions (MAX_PROMOTIONS), so the work is linear in the tree.
  const requires = perFile(requiresDigest);
  return promotions.flatMap((promotion) => checkPromotion(mentions, promotion, requires));
}

/** `match`, asked at most once per distinct file. */
function perFile(match: (file: string) => boolean): (file: string) => boolean {
  const known = new Map<string, boolean>();
  return (file) => {
    let answer = known.get(file);
    if (answer === undefined) {
      answer = match(file);
      known.set(file, answer);
    }
    return answer;
  };
}

function checkPromotion(mentions: readonly ImageMention[], promotion: Promotion, requiresDigest: (file: string) => boolean): Violation[] {
  const isFrom = perFile(compileGlob([promotion.from]));
  const isTo = perFile(compileGlob([promotion.to]));
  // Canonical name → digests the source environment pins (empty when it names the image only by tag).
  const promoted = new Map<string, Set<string>>();
  for (const mention of mentions) {
    if (mention.image === undefined || !isFrom(mention.file)) continue;
    const digests = promoted.get(mention.image.name) ?? new Set<string>();
    if (mention.kind === 'digest' && mention.image.digest !== undefined) digests.add(mention.image.digest);
    promoted.set(mention.image.name, digests);
  }

  const violations: Violation[] = [];
  for (const mention of mentions) {
    if (!isTo(mention.file) || isFrom(mention.file)) continue;
    const image = mention.image;
    const at = { file: mention.file, line: mention.line };
    if (image === undefined) {
      // requireDigest already reports what cannot be read there; elsewhere, say it here.
      if ((mention.kind === 'variable' || mention.kind === 'invalid') && !requiresDigest(mention.file)) {
        violations.push({
          ...at,
          image: mention.text,
          tag: null,
          digest: null,
          rule: 'promotion-mismatch',
          message: `pinbot cannot read this image statically, so it cannot be shown to be one that ${promotion.from} pins`,
        });
      }
      continue;
    }
    const reference = { ...at, image: image.name, tag: image.tag ?? null, digest: image.digest ?? null };
    const digests = promoted.get(image.name);
    if (digests === undefined) {
      violations.push({
        ...reference,
        rule: 'promotion-missing',
        message: `no file matching ${promotion.from} references ${image.name}, so it was never promoted from there`,
      });
    } else if (mention.kind === 'tag-only') {
      if (!requiresDigest(mention.file)) {
        violations.push({
          ...reference,
          rule: 'promotion-mismatch',
          message: `${image.original} is not pinned by digest, so it cannot be shown to be what ${promotion.from} pins`,
        });
      }
    } else if (image.digest !== undefined && !digests.has(image.digest)) {
      violations.push({ ...reference, rule: 'promotion-mismatch', message: mismatch(image.digest, digests, promotion.from) });
    }
  }
  return violations;
}

function mismatch(digest: string, promoted: ReadonlySet<string>, from: string): string {
  if (promoted.size === 0) return `${shortDigest(digest)} is pinned here, but ${from} names this image only by tag, never by digest`;
  const shown = [...promoted]
    .sort()
    .slice(0, SHOWN_DIGESTS)
    .map((pinned) => shortDigest(pinned))
    .join(', ');
  const more = promoted.size > SHOWN_DIGESTS ? ` and ${promoted.size - SHOWN_DIGESTS} more` : '';
  return `${shortDigest(digest)} is not a digest ${from} pins for this image (it pins ${shown}${more})`;
}
