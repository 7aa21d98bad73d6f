import type { Segment, Token } from './glob-syntax.js';

/**
 * Globs as one NFA over the characters of a path (Thompson's construction), built as a trie:
 * alternatives that start alike share their states, so the thousand globs of a list that all
 * begin with `**\/` or `vendor/` cost one state for that beginning, not a thousand. A state
 * either consumes a character (moving to its children, or staying, for loops) or may be
 * skipped without consuming one.
 */
export enum Kind {
  Root,
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
  /** …and inside a directory name (the only child of its DirectoriesStart). */
  DirectoriesName,
  /** A trailing `/**`: `(?:\/.*)?`, entered here (may be skipped)… */
  RestStart,
  /** …and anything after its `/` (the only child of its RestStart). */
  Rest,
  /** A glob that is only `**`: anything at all. */
  Anything,
}

const SLASH = 0x2f;
const ROOT = 0;

export class GlobNfa {
  readonly kinds: Kind[] = [Kind.Root];
  private readonly args: number[] = [0];
  private readonly children: number[][] = [[]];
  private readonly parents: number[] = [-1];
  private readonly classes: Array<(char: string) => boolean> = [];
  /** While building: (parent, kind, arg) as one number → the child that is that. */
  private readonly index = new Map<number, number>();
  private readonly classIds = new Map<string, number>();

  constructor(alternatives: readonly (readonly Segment[])[]) {
    for (const segments of alternatives) this.addAlternative(segments);
    this.index.clear();
    this.classIds.clear();
  }

  get size(): number {
    return this.kinds.length;
  }

  /** Where matching starts: the states that begin an alternative. */
  get starts(): readonly number[] {
    return this.children[ROOT]!;
  }

  /** Adds the states `id` moves to on character `code` to `into`. */
  consume(id: number, code: number, into: number[]): void {
    const other = code !== SLASH;
    const children = this.children[id]!;
    switch (this.kinds[id]) {
      case Kind.Literal:
        if (code === this.args[id]) pushAll(into, children);
        return;
      case Kind.One:
        if (other) pushAll(into, children);
        return;
      case Kind.Class:
        if (other && this.classes[this.args[id]!]!(String.fromCharCode(code))) pushAll(into, children);
        return;
      case Kind.Separator:
        if (!other) pushAll(into, children);
        return;
      case Kind.Star:
        if (other) into.push(id);
        return;
      case Kind.DirectoriesStart:
        into.push(other ? children[0]! : id);
        return;
      case Kind.DirectoriesName:
        into.push(other ? id : this.parents[id]!);
        return;
      case Kind.RestStart:
        if (!other) into.push(children[0]!);
        return;
      case Kind.Rest:
      case Kind.Anything:
        into.push(id);
        return;
    }
  }

  /** The states reachable from `id` without consuming a character (not `id` itself). */
  skipTo(id: number): readonly number[] {
    switch (this.kinds[id]) {
      case Kind.Star:
      case Kind.Rest:
      case Kind.Anything:
        return this.children[id]!;
      case Kind.DirectoriesStart:
      case Kind.RestStart:
        return this.children[this.children[id]![0]!]!;
      default:
        return NONE;
    }
  }

  isAccept(id: number): boolean {
    return this.kinds[id] === Kind.Accept;
  }

  private addAlternative(segments: readonly Segment[]): void {
    let at = ROOT;
    segments.forEach((segment, index) => {
      const last = index === segments.length - 1;
      if (segment === 'globstar') {
        if (!last) at = this.child(this.child(at, Kind.DirectoriesStart), Kind.DirectoriesName);
        else if (index === 0) at = this.child(at, Kind.Anything);
        else at = this.child(this.child(at, Kind.RestStart), Kind.Rest);
        return;
      }
      for (const token of segment) at = this.child(at, ...this.tokenState(token));
      // A trailing `/**` brings its own `/`.
      const trailingGlobstarNext = segments[index + 1] === 'globstar' && index + 1 === segments.length - 1;
      if (!last && !trailingGlobstarNext) at = this.child(at, Kind.Separator);
    });
    this.child(at, Kind.Accept);
  }

  private tokenState(token: Token): [Kind, number] {
    switch (token.kind) {
      case 'literal':
        return [Kind.Literal, token.char.charCodeAt(0)];
      case 'one':
        return [Kind.One, 0];
      case 'star':
        return [Kind.Star, 0];
      case 'class': {
        let id = this.classIds.get(token.source);
        if (id === undefined) {
          id = this.classes.push(token.test) - 1;
          this.classIds.set(token.source, id);
        }
        return [Kind.Class, id];
      }
    }
  }

  /** The child of `parent` that is `kind` (with `arg`), made when there is none yet. */
  private child(parent: number, kind: Kind, arg = 0): number {
    // arg < 2^16 (a UTF-16 unit, or a class number: classes come from at most 64 KiB of globs),
    // kind < 2^4: the key stays an exact integer for any parent id below 2^32.
    const key = (parent * 16 + kind) * 65536 + arg;
    const known = this.index.get(key);
    if (known !== undefined) return known;
    const id = this.kinds.push(kind) - 1;
    this.args.push(arg);
    this.children.push([]);
    this.parents.push(parent);
    this.children[parent]!.push(id);
    this.index.set(key, id);
    return id;
  }
}

const NONE: readonly number[] = [];

/** `into.push(...from)` without spreading: a node may have tens of thousands of children. */
function pushAll(into: number[], from: readonly number[]): void {
  for (const id of from) into.push(id);
}
