import { classifyCandidate, collect } from '../candidate.js';
import { TextPositions } from '../text-position.js';
import type { FoundReference, ScanProblem, SkippedCandidate, SkipReason } from '../types.js';
import type { ArgLookup } from './args.js';
import type { Directive } from './directives.js';
import { expandImage } from './expand.js';
import type { Instruction } from './lexer.js';
import type { Piece, Word } from './words.js';
import { isExact, pieceOf, unquote } from './words.js';

export interface Findings {
  readonly references: FoundReference[];
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

/**
 * Turns image sites into references, skipped candidates and problems. An image given by an ARG
 * is reported at the ARG's default, where the digest is written, and only once however many
 * instructions use it.
 */
export class ImageResolver {
  private readonly positions: TextPositions;
  private readonly followedDefaults = new Set<number>();

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
    if (expanded.kind === 'literal') return this.image(expanded.value, site.instruction.text, site);
    const { value, declaration } = expanded;
    if (this.followedDefaults.has(value.start)) return;
    this.followedDefaults.add(value.start);
    this.image(value, declaration.instruction.text, site);
  }

  /** `# syntax=<image>` names the BuildKit frontend image. */
  directive(directive: Directive): void {
    this.image({ value: directive.value, start: directive.start }, directive.text, { platform: null, isStage: () => false });
  }

  problem(line: number, message: string): void {
    this.findings.problems.push({ file: this.file, line, message });
  }

  private image(piece: Piece, context: string, surroundings: Surroundings): void {
    if (surroundings.isStage(piece.value)) return this.skip(piece, 'stage', context);
    if (piece.value.toLowerCase() === 'scratch') return this.skip(piece, 'scratch', context);
    if (!isExact(this.text, piece)) {
      // The value is split by a line continuation: its digest has no single span to rewrite.
      this.problem(
        this.positions.line(piece.start),
        `the image "${piece.value}" is split across lines by a line continuation; pinbot cannot read or update it in place`,
      );
      return;
    }
    const candidate = {
      file: this.file,
      kind: 'dockerfile' as const,
      value: piece.value,
      start: piece.start,
      platform: surroundings.platform,
      context,
    };
    collect(classifyCandidate(candidate, this.positions), this.findings);
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
