import { parseImageReference } from '../../reference/parse.js';
import { classifyCandidate, collect, IMPLIED_TAG, VARIABLE } from '../candidate.js';
import { TextPositions } from '../text-position.js';
import type { FoundReference, ScanProblem, SkippedCandidate, SkipReason, UnpinnedReference } from '../types.js';
import type { ArgLookup } from './args.js';
import type { Directive } from './directives.js';
import { expandImage } from './expand.js';
import { imageKey } from '../one-per-place.js';
import { assembleImage, locate } from './fragments.js';
import type { Instruction } from './lexer.js';
import type { Piece, Word } from './words.js';
import { isExact, pieceOf, unquote } from './words.js';

export interface Findings {
  readonly references: FoundReference[];
  readonly unpinned: UnpinnedReference[];
  readonly skipped: SkippedCandidate[];
  readonly problems: ScanProblem[];
}

/** What a place that names an image knows about its surroundings. */
interface Surroundings {
  readonly platform: string | null;
  /** Is this value a build stage here (rather than an image)? */
  readonly isStage: (value: string) => boolean;
}

/** A place in an instruction whose value names an image: a FROM image, `--from=`, a mount's `from=`. */
export interface ImageSite extends Surroundings {
  readonly instruction: Instruction;
  readonly word: Word;
  /** What `$NAME` means at this place. */
  readonly lookup: (name: string) => ArgLookup;
}

/** An ARG default already followed: the reference it became (if any) and the platforms its uses state. */
interface FollowedDefault {
  readonly referenceIndex: number | undefined;
  /** Distinct, in order of first use; a set alongside keeps a file with thousands of uses linear. */
  readonly platforms: string[];
  readonly seen: Set<string>;
  /** Whether the reference already carries `platforms` (the list is shared, so it stays current). */
  exposed: boolean;
  /** For an assembled image: its name and tag, to tell another image using the same digest. */
  readonly image?: string;
}

/**
 * Turns image sites into references, skipped candidates and problems. An image given by an ARG
 * is reported at the ARG's default, where the digest is written, and only once however many
 * instructions use it; when those instructions state different platforms, the reference lists
 * them all (`platforms`).
 */
export class ImageResolver {
  private readonly positions: TextPositions;
  /** By the default's offset in the text. */
  private readonly followedDefaults = new Map<number, FollowedDefault>();
  /** Assembled images by their digest's offset in the text. */
  private readonly followedDigests = new Map<number, FollowedDefault>();

  constructor(
    private readonly file: string,
    private readonly text: string,
    private readonly findings: Findings,
  ) {
    this.positions = new TextPositions(text);
  }

  site(site: ImageSite): void {
    const written = unquote(pieceOf(site.instruction.offsets, site.word));
    const expanded = expandImage(written, site.lookup);
    if (expanded.kind === 'unknown') return this.skip(written, 'variable', site.instruction.text, expanded.reason);
    if (expanded.kind === 'literal') {
      if (VARIABLE.test(expanded.value.value)) return this.assembled(expanded.value, site);
      this.image(expanded.value, site.instruction.text, site);
      return;
    }
    const { value, declaration } = expanded;
    const followed = this.followedDefaults.get(value.start);
    if (followed !== undefined) return this.alsoUsedUnder(followed, site.platform);
    const referenceIndex = this.image(value, declaration.instruction.text, site);
    const platforms = site.platform === null ? [] : [site.platform];
    this.followedDefaults.set(value.start, { referenceIndex, platforms, seen: new Set(platforms), exposed: false });
  }

  /**
   * Another instruction uses an ARG default already reported. Once the platforms its uses state
   * are more than the reference's own `platform`, the reference lists them (`platforms`).
   */
  private alsoUsedUnder(followed: FollowedDefault, platform: string | null): void {
    if (platform === null || followed.seen.has(platform)) return;
    followed.seen.add(platform);
    followed.platforms.push(platform);
    const index = followed.referenceIndex;
    const reference = index === undefined ? undefined : this.findings.references[index];
    if (followed.exposed || index === undefined || reference === undefined) return;
    followed.exposed = true;
    this.findings.references[index] = { ...reference, platforms: followed.platforms };
  }

  /**
   * An image assembled from ARGs and text (issue 11): `ubuntu:${BASE_VERSION}` with
   * `ARG BASE_VERSION=noble@sha256:…`, or `${HOST}${NAME}:${TAG}${HASH}`. The reference is
   * reported where its digest is written (an ARG default, or the FROM line itself), with the
   * tag's own place when that is elsewhere; one digest used by several instructions is reported
   * once, like an ARG default.
   */
  private assembled(written: Piece, site: ImageSite): void {
    const context = site.instruction.text;
    const assembly = assembleImage(written, site.lookup);
    if (assembly.kind === 'unknown') return this.skip(written, 'variable', context, assembly.reason);
    const { value, fragments } = assembly;
    if (site.isStage(value)) return this.skip(written, 'stage', context);
    if (value.toLowerCase() === 'scratch') return this.skip(written, 'scratch', context);
    const parsed = parseImageReference(value);
    const image = parsed.ok ? parsed.reference : undefined;
    const digestFrom = value.length - (image?.digest?.length ?? 0);
    const tagFrom = digestFrom - (image?.digest === undefined ? 0 : 1) - (image?.tag?.length ?? 0);
    // Unpinned, a digest goes right after the value's last character, wherever that is written
    // (an ARG's default, a fallback, the FROM line): `ARG V=noble@sha256:…` (issue 10 and 11).
    const last = image === undefined || image.digest !== undefined ? null : locate(fragments, value.length - 1, 1, this.text);
    const split = {
      digestStart: image?.digest === undefined ? null : locate(fragments, digestFrom, image.digest.length, this.text),
      tagStart: image?.tag === undefined ? null : locate(fragments, tagFrom, image.tag.length, this.text),
      ...(last === null ? {} : { insertion: { start: last + 1, prefix: image?.tag === undefined ? `:${IMPLIED_TAG}@` : '@', suffix: '' } }),
    };
    const candidate = {
      file: this.file,
      kind: 'dockerfile' as const,
      value,
      start: written.start,
      platform: site.platform,
      context,
      split,
    };
    const outcome = classifyCandidate(candidate, this.positions);
    if (!outcome.found) return collect(outcome, this.findings);
    const followed = this.followedDigests.get(outcome.reference.digestStart);
    // The same digest reached as another image is a conflict, which `oneReferencePerDigest` reports.
    if (followed !== undefined && followed.image === imageKey(outcome.reference)) return this.alsoUsedUnder(followed, site.platform);
    this.findings.references.push(outcome.reference);
    if (followed !== undefined) return;
    const platforms = site.platform === null ? [] : [site.platform];
    const referenceIndex = this.findings.references.length - 1;
    const key = imageKey(outcome.reference);
    this.followedDigests.set(outcome.reference.digestStart, {
      referenceIndex,
      platforms,
      seen: new Set(platforms),
      exposed: false,
      image: key,
    });
  }

  /** `# syntax=<image>` names the BuildKit frontend image. */
  directive(directive: Directive): void {
    this.image({ value: directive.value, start: directive.start }, directive.text, { platform: null, isStage: () => false });
  }

  problem(line: number, message: string): void {
    this.findings.problems.push({ file: this.file, line, message });
  }

  /** Reports the image at `piece`; returns the index of the reference it became, if it became one. */
  private image(piece: Piece, context: string, surroundings: Surroundings): number | undefined {
    if (surroundings.isStage(piece.value)) return void this.skip(piece, 'stage', context);
    if (piece.value.toLowerCase() === 'scratch') return void this.skip(piece, 'scratch', context);
    if (!isExact(this.text, piece)) {
      // The value is split by a line continuation: its digest has no single span to rewrite.
      this.problem(
        this.positions.line(piece.start),
        `the image "${piece.value}" is split across lines by a line continuation; pinbot cannot read or update it in place`,
      );
      return undefined;
    }
    const candidate = {
      file: this.file,
      kind: 'dockerfile' as const,
      value: piece.value,
      start: piece.start,
      platform: surroundings.platform,
      context,
    };
    const outcome = classifyCandidate(candidate, this.positions);
    collect(outcome, this.findings);
    return outcome.found ? this.findings.references.length - 1 : undefined;
  }

  private skip(piece: Piece, reason: SkipReason, context: string, detail?: string): void {
    this.findings.skipped.push({
      file: this.file,
      line: this.positions.line(piece.start),
      reason,
      text: context.trim(),
      ...(detail === undefined ? {} : { detail }),
    });
  }
}
