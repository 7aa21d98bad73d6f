import { isSpace } from './lines.js';
import type { OffsetMap } from './offset-map.js';

/** A word of a logical instruction: its raw text (quotes kept) and its index in the joined line. */
export interface Word {
  readonly text: string;
  readonly at: number;
}

/** A value with the offset of its first character in the scanned text. */
export interface Piece {
  readonly value: string;
  readonly start: number;
}

/**
 * Splits a logical line into blank-separated words the way Docker's `parseWords` does: quoted
 * spans keep their blanks, and the escape character protects the next character (except inside
 * single quotes). Quotes and escapes stay in the word's text; callers unquote what they use.
 */
export function splitWords(joined: string, escape: string): Word[] {
  const words: Word[] = [];
  let at = 0;
  while (at < joined.length) {
    while (at < joined.length && isSpace(joined.charCodeAt(at))) at++;
    if (at >= joined.length) break;
    const begin = at;
    let quote: string | null = null;
    while (at < joined.length && (quote !== null || !isSpace(joined.charCodeAt(at)))) {
      const ch = joined[at];
      if (ch === escape && quote !== "'") at += 2;
      else {
        if (quote !== null && ch === quote) quote = null;
        else if (quote === null && (ch === '"' || ch === "'")) quote = ch;
        at++;
      }
    }
    at = Math.min(at, joined.length);
    words.push({ text: joined.slice(begin, at), at: begin });
  }
  return words;
}

/** Part of a word, e.g. the value after `--from=`. */
export function subWord(word: Word, from: number, to: number = word.text.length): Word {
  return { text: word.text.slice(from, to), at: word.at + from };
}

/**
 * Where a word stands in the scanned text, using the joined line's offset map. An empty word at
 * the end of the line sits just past the previous character.
 */
export function pieceOf(offsets: OffsetMap, word: Word): Piece {
  const start = offsets.at(word.at) ?? (offsets.at(word.at - 1) ?? -1) + 1;
  return { value: word.text, start };
}

/** Strips one pair of matching surrounding quotes (`"v"` or `'v'`), keeping the offset exact. */
export function unquote(piece: Piece): Piece {
  const { value } = piece;
  const first = value[0];
  if (value.length >= 2 && (first === '"' || first === "'") && value.endsWith(first)) {
    const inner = value.slice(1, -1);
    if (!inner.includes(first)) return { value: inner, start: piece.start + 1 };
  }
  return piece;
}

/** True when the piece is written contiguously in the text (not split by a line continuation). */
export function isExact(text: string, piece: Piece): boolean {
  return text.slice(piece.start, piece.start + piece.value.length) === piece.value;
}
