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
 * by name or by its 0-based index. Lookups are constant-time: a file with tens of thousands of
 * stages must not cost a scan of every stage per instruction (issue 8, finding 4).
 */
export class Stages {
  /** Each stage name and the index of the first stage that has it. */
  private readonly firstIndex = new Map<string, number>();
  private readonly count: number;

  constructor(instructions: readonly Instruction[]) {
    let index = 0;
    for (const instruction of instructions) {
      if (instruction.keyword !== 'from') continue;
      const name = fromParts(instruction).stageName;
      if (name !== null && !this.firstIndex.has(name)) this.firstIndex.set(name, index);
      index++;
    }
    this.count = index;
  }

  /** Is `value` the name of a stage defined before the stage with index `stageIndex`? */
  isEarlierStage(value: string, stageIndex: number): boolean {
    const first = this.firstIndex.get(value.toLowerCase());
    return first !== undefined && first < stageIndex;
  }

  /** Is `value` the name or index of any stage in the file? */
  isStage(value: string): boolean {
    if (/^\d+$/.test(value)) return Number(value) < this.count;
    return this.firstIndex.has(value.toLowerCase());
  }
}
