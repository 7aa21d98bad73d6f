import type { FoundReference, SkippedCandidate } from '../scan/types.js';
import { byPlace, type ImageMention, type MentionKind } from './types.js';

/**
 * Every place the scanners saw an image, pinned or not, in file order: pinned references as
 * found, and the skipped candidates by what they are. Pure.
 */
export function imageMentions(references: readonly FoundReference[], skipped: readonly SkippedCandidate[]): ImageMention[] {
  const mentions: ImageMention[] = references.map((reference) => ({
    file: reference.file,
    line: reference.line,
    kind: 'digest',
    image: reference.image,
    text: reference.image.original,
  }));
  for (const skip of skipped) {
    const kind = kindOf(skip);
    mentions.push({ file: skip.file, line: skip.line, kind, text: skip.text, ...(skip.image === undefined ? {} : { image: skip.image }) });
  }
  return mentions.sort(byPlace);
}

function kindOf(skip: SkippedCandidate): MentionKind {
  switch (skip.reason) {
    case 'no-digest':
      return skip.image === undefined ? 'invalid' : 'tag-only';
    // A digest without a tag, or in an algorithm pinbot does not follow, still pins the image.
    case 'no-tag':
    case 'unsupported-digest':
      return skip.image === undefined ? 'invalid' : 'digest';
    case 'stage':
      return 'stage';
    case 'scratch':
      return 'scratch';
    case 'variable':
      return 'variable';
    case 'invalid-reference':
      return 'invalid';
  }
}
