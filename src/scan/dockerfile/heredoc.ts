import type { LexProblem, PhysicalLine } from './lines.js';
import type { Word } from './words.js';

/** Instructions whose lines may open here-documents (BuildKit's `canContainHeredoc`). */
export const HEREDOC_INSTRUCTIONS = new Set(['run', 'copy', 'add']);

/** `<<EOF`, `<<-EOF`, `<<"EOF"`, `2<<EOF`; `<<<` (a here-string) is not a heredoc. */
const MARKER = /^(\d*)<<(-?)([^<]*)$/;

export interface HeredocMarker {
  /** The terminator line, quotes removed. */
  readonly name: string;
  /** `<<-`: leading tabs are ignored when looking for the terminator. */
  readonly chomp: boolean;
}

/** The here-documents an instruction opens, in order. */
export function heredocMarkers(words: readonly Word[]): HeredocMarker[] {
  const markers: HeredocMarker[] = [];
  for (const word of words) {
    const match = MARKER.exec(word.text);
    const name = match?.[3]?.replace(/["']/g, '');
    if (match && name) markers.push({ name, chomp: match[2] === '-' });
  }
  return markers;
}

/**
 * Skips the bodies of the given here-documents, which start on line index `from`; their
 * contents are data (a script, a file), so a `FROM` inside them is not an instruction.
 * Returns the index of the first line after the last terminator.
 */
export function skipHeredocs(
  text: string,
  lines: readonly PhysicalLine[],
  from: number,
  markers: readonly HeredocMarker[],
  openedAt: number,
  problems: LexProblem[],
): number {
  let index = from;
  for (const marker of markers) {
    let terminated = false;
    while (index < lines.length && !terminated) {
      const line = lines[index++];
      if (line === undefined) break;
      let body = text.slice(line.start, line.end);
      if (marker.chomp) body = body.replace(/^\t+/, '');
      terminated = body === marker.name;
    }
    if (!terminated) {
      problems.push({
        line: openedAt,
        message: `here-document "${marker.name}" opened on this line is never terminated; the rest of the file was read as its content`,
      });
      return index;
    }
  }
  return index;
}
