import type { Scanner, ScanResult } from '../types.js';
import { ArgScopes } from './args.js';
import type { Instruction } from './lexer.js';
import { lexDockerfile, onbuildTrigger } from './lexer.js';
import { mountSources } from './mounts.js';
import type { Findings } from './resolve.js';
import { oneReferencePerDigest } from '../one-per-place.js';
import { ImageResolver } from './resolve.js';
import { fromParts, Stages } from './stages.js';
import type { Word } from './words.js';
import { pieceOf, unquote } from './words.js';

/**
 * Finds the images a Dockerfile/Containerfile names: the `# syntax=` frontend, every FROM,
 * `COPY --from=<image>` and `RUN --mount=…,from=<image>`, following `$NAME` to an ARG default.
 * Pure: never throws; malformed input becomes problems and the rest of the file is still read.
 */
export const scanDockerfile: Scanner = (path, text) => {
  const lexed = lexDockerfile(text);
  const findings: Findings = {
    references: [],
    unpinned: [],
    skipped: [],
    problems: lexed.problems.map((problem) => ({ file: path, ...problem })),
  };
  const resolver = new ImageResolver(path, text, findings);
  const syntax = lexed.directives.find((directive) => directive.name === 'syntax');
  if (syntax !== undefined) resolver.directive(syntax);

  const stages = new Stages(lexed.instructions);
  const args = new ArgScopes();
  let stageIndex = 0;
  for (const instruction of lexed.instructions) {
    switch (instruction.keyword) {
      case 'arg':
        args.declare(instruction);
        break;
      case 'env':
        args.shadow(instruction);
        break;
      case 'from':
        scanFrom(instruction, stageIndex++, { resolver, stages, args });
        args.startStage();
        break;
      case 'copy':
      case 'run':
        scanSourceFlags(instruction, { resolver, stages, args });
        break;
      case 'onbuild': {
        const trigger = onbuildTrigger(instruction, lexed.escape);
        if (trigger !== null) scanSourceFlags(trigger, { resolver, stages, args });
        break;
      }
    }
  }
  return sorted(oneReferencePerDigest(findings, path));
};

/** The images a COPY (`--from=`) or RUN (`--mount=…,from=`) copies from; other instructions have none. */
function scanSourceFlags(instruction: Instruction, context: Context): void {
  if (instruction.keyword === 'copy') {
    for (const flag of instruction.flags) {
      if (flag.name === 'from' && flag.value !== null) scanStageSource(instruction, flag.value, context);
    }
  } else if (instruction.keyword === 'run') {
    for (const source of mountSources(instruction)) scanStageSource(instruction, source, context);
  }
}

interface Context {
  readonly resolver: ImageResolver;
  readonly stages: Stages;
  readonly args: ArgScopes;
}

function scanFrom(instruction: Instruction, stageIndex: number, { resolver, stages, args }: Context): void {
  const parts = fromParts(instruction);
  if (parts.problem !== null) resolver.problem(instruction.line, parts.problem);
  if (parts.image === null) return;
  resolver.site({
    instruction,
    word: parts.image,
    platform: parts.platform === null ? null : literalPlatform(unquote(pieceOf(instruction.offsets, parts.platform)).value),
    isStage: (value) => stages.isEarlierStage(value, stageIndex),
    lookup: (name) => args.forFrom(name),
  });
}

/** `COPY --from=…` and a mount's `from=`: a stage name, a stage index or an image. */
function scanStageSource(instruction: Instruction, word: Word, { resolver, stages, args }: Context): void {
  resolver.site({
    instruction,
    word,
    platform: null,
    isStage: (value) => stages.isStage(value),
    lookup: (name) => args.forStage(name),
  });
}

/** `--platform=$BUILDPLATFORM` is decided at build time, so it is not a platform we can state. */
function literalPlatform(value: string): string | null {
  return value === '' || value.includes('$') ? null : value;
}

/** Results in file order, whatever order ARG defaults were reached in. */
function sorted(findings: Findings): ScanResult {
  return {
    references: [...findings.references].sort((a, b) => a.digestStart - b.digestStart),
    unpinned: [...findings.unpinned].sort((a, b) => a.insertion.start - b.insertion.start),
    skipped: [...findings.skipped].sort((a, b) => a.line - b.line),
    problems: [...findings.problems].sort((a, b) => (a.line ?? 0) - (b.line ?? 0)),
  };
}
