import type { Segment, Token } from './glob-syntax.js';

/**
 * Globs as one NFA over the characters of a path (Thompson's construction): one chain of states
 * per `{…}` alternative, all started together. A state either consumes a character (and moves
 * to the next one, or stays, for loops) or may be skipped without consuming one.
 */
export enum Kind {
  Accept,
  /** Consumes `arg` (a UTF-16 code unit). */
  Literal,
  /** `?`: one character but `/`. */
  One,
  /** `[…]`: one character but `/` that `classes[arg]` accepts. */
  Class,
  /** The `/` between two segments. */
  Separator,
  /** `*`: loops on characters but `/`; may be skipped. */
  Star,
  /** A `**` segment followed by more: `(?:[^/]*\/)*`, entered here (may be skipped)… */
  DirectoriesStart,
  /** …and inside a directory name. */
  DirectoriesName,
  /** A trailing `/**`: `(?:\/.*)?`, entered here (may be skipped)… */
  RestStart,
  /** …and anything after its `/`. */
  Rest,
  /** A glob that is only `**`: anything at all. */
  Anything,
}

/** How far each kind of state leads forward without consuming a character (0: it does not). */
export const SKIP: Readonly<Record<Kind, number>> = {
  [Kind.Accept]: 0,
  [Kind.Literal]: 0,
  [Kind.One]: 0,
  [Kind.Class]: 0,
  [Kind.Separator]: 0,
  [Kind.Star]: 1,
  [Kind.DirectoriesStart]: 2,
  [Kind.DirectoriesName]: 0,
  [Kind.RestStart]: 2,
  [Kind.Rest]: 1,
  [Kind.Anything]: 1,
};

const SLASH = 0x2f;

export class GlobNfa {
  readonly kinds: Kind[] = [];
  private readonly args: number[] = [];
  private readonly classes: Array<(char: string) => boolean> = [];
  /** The first state of each alternative. */
  readonly starts: number[] = [];

  constructor(alternatives: readonly (readonly Segment[])[]) {
    for (const segments of alternatives) this.addAlternative(segments);
  }

  /** The state `id` moves to on character `code`, or -1. */
  consume(id: number, code: number): number {
    const other = code !== SLASH;
    switch (this.kinds[id]) {
      case Kind.Literal:
        return code === this.args[id] ? id + 1 : -1;
      case Kind.One:
        return other ? id + 1 : -1;
      case Kind.Class:
        return other && this.classes[this.args[id]!]!(String.fromCharCode(code)) ? id + 1 : -1;
      case Kind.Separator:
        return other ? -1 : id + 1;
      case Kind.Star:
        return other ? id : -1;
      case Kind.DirectoriesStart:
        return other ? id + 1 : id;
      case Kind.DirectoriesName:
        return other ? id : id - 1;
      case Kind.RestStart:
        return other ? -1 : id + 1;
      case Kind.Rest:
      case Kind.Anything:
        return id;
      default:
        return -1;
    }
  }

  private addAlternative(segments: readonly Segment[]): void {
    this.starts.push(this.kinds.length);
    segments.forEach((segment, index) => {
      const last = index === segments.length - 1;
      if (segment === 'globstar') {
        if (!last) this.push(Kind.DirectoriesStart).push(Kind.DirectoriesName);
        else if (index === 0) this.push(Kind.Anything);
        else this.push(Kind.RestStart).push(Kind.Rest);
        return;
      }
      for (const token of segment) this.addToken(token);
      // A trailing `/**` brings its own `/`.
      const trailingGlobstarNext = segments[index + 1] === 'globstar' && index + 1 === segments.length - 1;
      if (!last && !trailingGlobstarNext) this.push(Kind.Separator);
    });
    this.push(Kind.Accept);
  }

  private addToken(token: Token): void {
    if (token.kind === 'literal') this.push(Kind.Literal, token.char.charCodeAt(0));
    else if (token.kind === 'one') this.push(Kind.One);
    else if (token.kind === 'star') this.push(Kind.Star);
    else this.push(Kind.Class, this.classes.push(token.test) - 1);
  }

  private push(kind: Kind, arg = 0): this {
    this.kinds.push(kind);
    this.args.push(arg);
    return this;
  }
}
