import type { ArgDeclaration, ArgLookup } from './args.js';
import type { Piece } from './words.js';
import { pieceOf, unquote } from './words.js';

/** What an image value stands for once its variable, if any, is looked up. Pure. */
export type Expansion =
  /** The image is written right here: no variable, or the fallback of `${NAME:-image}` applies. */
  | { readonly kind: 'literal'; readonly value: Piece }
  /** The image is an ARG default, reported where the ARG writes it. */
  | { readonly kind: 'arg-default'; readonly value: Piece; readonly declaration: ArgDeclaration }
  /** A variable whose value pinbot cannot know here. */
  | { readonly kind: 'unknown'; readonly reason: string };

/** `$NAME` or `${NAME}` as the whole value: the one plain variable form whose ARG default we follow. */
const WHOLE_VARIABLE = /^\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))$/;

/**
 * `${NAME:-image}` (NAME unset or empty) or `${NAME-image}` (NAME unset) as the whole value: the
 * fallback is the image a build uses unless someone passes `--build-arg`, so it is the pin.
 */
const WITH_FALLBACK = /^\$\{([A-Za-z_][A-Za-z0-9_]*)(:?)-(.*)\}$/ds;

/** Resolves the variable forms Docker expands in FROM, `COPY --from` and mount `from=` values. */
export function expandImage(written: Piece, lookup: (name: string) => ArgLookup): Expansion {
  const whole = WHOLE_VARIABLE.exec(written.value);
  if (whole !== null) {
    const name = whole[1] ?? whole[2] ?? '';
    return followArg(name, lookup(name));
  }
  const fallback = WITH_FALLBACK.exec(written.value);
  if (fallback === null) return { kind: 'literal', value: written };
  const name = fallback[1] ?? '';
  const found = lookup(name);
  if ('missing' in found) {
    return found.setByEnv ? { kind: 'unknown', reason: found.missing } : { kind: 'literal', value: fallbackWord(written, fallback) };
  }
  if (found.value === null) return { kind: 'literal', value: fallbackWord(written, fallback) };
  if (unquote(pieceOf(found.instruction.offsets, found.value)).value === '') {
    if (fallback[2] === ':') return { kind: 'literal', value: fallbackWord(written, fallback) };
    return { kind: 'unknown', reason: `ARG ${name} is set to an empty value, so \${${name}-…} stands for nothing` };
  }
  return followArg(name, found);
}

/** The ARG default a `$NAME` stands for, or why there is none to follow. */
function followArg(name: string, lookup: ArgLookup): Expansion {
  if ('missing' in lookup) return { kind: 'unknown', reason: lookup.missing };
  if (lookup.value === null) return { kind: 'unknown', reason: `ARG ${name} has no default` };
  const value = unquote(pieceOf(lookup.instruction.offsets, lookup.value));
  if (value.value === '') return { kind: 'unknown', reason: `ARG ${name} has an empty default` };
  // `ARG IMAGE=${IMAGE:-image}` lets a build argument override the image; without one, the image is the fallback.
  const own = WITH_FALLBACK.exec(value.value);
  if (own !== null && own[1] === lookup.name) return { kind: 'arg-default', value: fallbackWord(value, own), declaration: lookup };
  return { kind: 'arg-default', value, declaration: lookup };
}

/** The fallback of a `${NAME:-…}` match, with its offset, quotes removed as the shell would. */
function fallbackWord(piece: Piece, match: RegExpExecArray): Piece {
  const at = match.indices?.[3]?.[0] ?? 0;
  return unquote({ value: match[3] ?? '', start: piece.start + at });
}
