import type { Instruction } from './lexer.js';
import type { Word } from './words.js';
import { subWord } from './words.js';

/** One `NAME[=default]` declared by an ARG instruction. */
export interface ArgDeclaration {
  readonly name: string;
  /** The default as written (quotes kept), or null when the ARG has none. */
  readonly value: Word | null;
  /** The ARG instruction, whose offsets locate `value` in the text. */
  readonly instruction: Instruction;
}

/**
 * What a `$NAME` stands for where it is used: its ARG declaration, or why there is none.
 * `setByEnv` tells a name whose value pinbot does not follow (an ENV) from one with no value.
 */
export type ArgLookup = ArgDeclaration | { readonly missing: string; readonly setByEnv?: true };

/**
 * ARG scoping as Docker applies it. ARGs before the first FROM are global and are what FROM
 * lines see. Inside a stage, an ARG declares a stage variable; `ARG NAME` without a default
 * re-declares a global one and inherits its default; an ENV of the same name hides it.
 */
export class ArgScopes {
  private readonly global = new Map<string, ArgDeclaration>();
  private stage: Map<string, ArgDeclaration | 'env'> | null = null;
  /** The latest stage-level declaration of each name, to explain why a FROM cannot see it. */
  private readonly inStages = new Map<string, ArgDeclaration>();

  /** Called at each FROM: a new stage starts with no stage variables. */
  startStage(): void {
    this.stage = new Map();
  }

  declare(instruction: Instruction): void {
    for (const declaration of argDeclarations(instruction)) {
      if (this.stage === null) {
        this.global.set(declaration.name, declaration);
        continue;
      }
      const inherited = declaration.value === null ? this.global.get(declaration.name) : undefined;
      this.stage.set(declaration.name, inherited ?? declaration);
      this.inStages.set(declaration.name, declaration);
    }
  }

  /** ENV values are not followed; a variable they set is unknown from here on in the stage. */
  shadow(instruction: Instruction): void {
    for (const name of envNames(instruction)) this.stage?.set(name, 'env');
  }

  /** What `$NAME` means in a FROM line: only global ARGs count. */
  forFrom(name: string): ArgLookup {
    const global = this.global.get(name);
    if (global !== undefined) return global;
    const inStage = this.inStages.get(name);
    if (inStage === undefined) return { missing: `no ARG ${name} is declared before the first FROM` };
    return {
      missing: `ARG ${name} is declared inside a stage (line ${inStage.instruction.line}), but FROM only sees ARGs declared before the first FROM`,
    };
  }

  /**
   * What `$NAME` means in `COPY --from` / `RUN --mount=…,from=`. BuildKit refuses variables
   * there, but Podman/Buildah expand them; we look in the stage first, then the global ARGs,
   * so the pin written in the ARG default is still followed.
   */
  forStage(name: string): ArgLookup {
    const found = this.stage?.get(name) ?? this.global.get(name);
    if (found === 'env') return { missing: `${name} is set by ENV, whose values pinbot does not follow`, setByEnv: true };
    return found ?? { missing: `no ARG ${name} is declared in this stage or before the first FROM` };
  }
}

/** `ARG A=1 B="x" C` declares A, B and C. */
function argDeclarations(instruction: Instruction): ArgDeclaration[] {
  return instruction.args.map((word) => {
    const equals = word.text.indexOf('=');
    if (equals === -1) return { name: word.text, value: null, instruction };
    return { name: word.text.slice(0, equals), value: subWord(word, equals + 1), instruction };
  });
}

/** `ENV A=1 B=2` sets A and B; the legacy `ENV A some value` sets only A. */
function envNames(instruction: Instruction): string[] {
  const [first] = instruction.args;
  if (first === undefined) return [];
  if (!first.text.includes('=')) return [first.text];
  return instruction.args.filter((word) => word.text.includes('=')).map((word) => word.text.slice(0, word.text.indexOf('=')));
}
