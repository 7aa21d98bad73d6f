import type { Flag, Instruction } from './lexer.js';
import type { Word } from './words.js';

/** The parts of a `FROM [--platform=…] image [AS name]` instruction. */
export interface FromParts {
  readonly image: Word | null;
  /** Lowercased stage name: Docker compares stage names case-insensitively. */
  readonly stageName: string | null;
  readonly platform: Word | null;
  /** Set when the instruction does not have Docker's shape (Docker would reject the file). */
  readonly problem: string | null;
}

export function fromParts(instruction: Instruction): FromParts {
  const [image, as, name, ...extra] = instruction.args;
  const platform = instruction.flags.find((flag: Flag) => flag.name === 'platform')?.value ?? null;
  const hasAs = as !== undefined && as.text.toLowerCase() === 'as';
  const stageName = hasAs && name !== undefined ? name.text.toLowerCase() : null;
  let problem: string | null = null;
  if (image === undefined) problem = 'FROM names no image';
  else if (as !== undefined && (stageName === null || extra.length > 0)) {
    problem = `FROM takes an image and optionally "AS <name>", but got "${instruction.args.map((word) => word.text).join(' ')}"`;
  }
  return { image: image ?? null, stageName, platform, problem };
}

/**
 * The build stages of a file, for telling a stage reference from an image name. A `FROM` may
 * only build on an earlier stage; `COPY --from` and `RUN --mount=…,from=` may name any stage,
 * by name or by its 0-based index.
 */
export class Stages {
  private readonly names: ReadonlyArray<string | null>;

  constructor(instructions: readonly Instruction[]) {
    this.names = instructions.filter((instruction) => instruction.keyword === 'from').map((from) => fromParts(from).stageName);
  }

  /** Is `value` the name of a stage defined before the stage with index `stageIndex`? */
  isEarlierStage(value: string, stageIndex: number): boolean {
    return this.names.slice(0, stageIndex).includes(value.toLowerCase());
  }

  /** Is `value` the name or index of any stage in the file? */
  isStage(value: string): boolean {
    if (/^\d+$/.test(value)) return Number(value) < this.names.length;
    return this.names.includes(value.toLowerCase());
  }
}
