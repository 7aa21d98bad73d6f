import type { Directive } from './directives.js';
import { readDirectives } from './directives.js';
import { HEREDOC_INSTRUCTIONS, heredocMarkers, skipHeredocs } from './heredoc.js';
import type { LexProblem, PhysicalLine } from './lines.js';
import { continuation, firstNonSpace, isCommentOrBlank, splitLines } from './lines.js';
import { OffsetMap } from './offset-map.js';
import type { Word } from './words.js';
import { splitWords, subWord } from './words.js';

/** `--name=value` (value null for a bare `--name`). */
export interface Flag {
  /** Lowercased flag name without the dashes, e.g. `platform`, `from`, `mount`. */
  readonly name: string;
  readonly value: Word | null;
}

/** One logical instruction: its physical lines joined, with a map back to the source. */
export interface Instruction {
  /** Lowercased instruction keyword, e.g. `from`. */
  readonly keyword: string;
  /** 1-based line where the instruction starts. */
  readonly line: number;
  /** Source offsets of the first character and just past the last line's content. */
  readonly start: number;
  readonly end: number;
  /** The joined instruction text, trimmed (what a user would recognise as the instruction). */
  readonly text: string;
  /** The joined text: continuation characters, line breaks and inner comment lines removed. */
  readonly joined: string;
  /** `offsets.at(i)` is the source offset of `joined[i]`. */
  readonly offsets: OffsetMap;
  readonly flags: readonly Flag[];
  /** Words after the keyword and its flags. */
  readonly args: readonly Word[];
}

export interface LexResult {
  readonly directives: Directive[];
  readonly escape: string;
  readonly instructions: Instruction[];
  readonly problems: LexProblem[];
}

const KNOWN_INSTRUCTIONS = new Set([
  'add',
  'arg',
  'cmd',
  'copy',
  'entrypoint',
  'env',
  'expose',
  'from',
  'healthcheck',
  'label',
  'maintainer',
  'onbuild',
  'run',
  'shell',
  'stopsignal',
  'user',
  'volume',
  'workdir',
]);

/**
 * Splits a Dockerfile into parser directives and logical instructions, following BuildKit's
 * parser: comment and blank lines are skipped (also inside a continued instruction), the
 * escape character at the end of a line joins it with the next, and here-document bodies are
 * skipped. Never throws: oddities become problems and lexing carries on.
 */
export function lexDockerfile(text: string): LexResult {
  const lines = splitLines(text);
  const { directives, escape, problems } = readDirectives(text, lines);
  const instructions: Instruction[] = [];
  let index = 0;
  while (index < lines.length) {
    const line = lines[index] as PhysicalLine;
    if (isCommentOrBlank(text, line)) {
      index++;
      continue;
    }
    const joined = joinLines(text, lines, index, escape);
    index = joined.next;
    const instruction = toInstruction(joined, line.number, escape);
    if (joined.truncated) {
      problems.push({
        line: line.number,
        message: `the file ends inside this ${instruction.keyword.toUpperCase()} instruction: its last line ends with the line-continuation character ${escape}, so the file may be truncated`,
      });
    }
    if (!KNOWN_INSTRUCTIONS.has(instruction.keyword)) {
      problems.push({ line: line.number, message: `unknown instruction "${instruction.text.split(/\s/)[0] ?? ''}"; the line is ignored` });
      continue;
    }
    instructions.push(instruction);
    if (HEREDOC_INSTRUCTIONS.has(instruction.keyword) && instruction.joined.includes('<<')) {
      const markers = heredocMarkers(instruction.args);
      index = skipHeredocs(text, lines, index, markers, line.number, problems);
    }
  }
  return { directives, escape, instructions, problems };
}

interface Joined {
  readonly joined: string;
  readonly offsets: OffsetMap;
  readonly start: number;
  readonly end: number;
  /** Index of the first line after the instruction. */
  readonly next: number;
  /** The file ended while the instruction was still being continued. */
  readonly truncated: boolean;
}

/** Joins an instruction's physical lines, starting at line index `from` (a non-blank, non-comment line). */
function joinLines(text: string, lines: readonly PhysicalLine[], from: number, escape: string): Joined {
  const first = lines[from] as PhysicalLine;
  const start = firstNonSpace(text, first);
  let { end, continued } = continuation(text, start, first.end, escape);
  // Most instructions are one line: its text is a slice of the file, its map one segment.
  if (!continued)
    return {
      joined: text.slice(start, end),
      offsets: OffsetMap.single(start, end),
      start,
      end: first.end,
      next: from + 1,
      truncated: false,
    };
  const ranges: Array<[number, number]> = [[start, end]];
  let index = from + 1;
  let last = first;
  while (continued && index < lines.length) {
    const line = lines[index++] as PhysicalLine;
    // BuildKit drops comment and empty lines inside a continued instruction.
    if (isCommentOrBlank(text, line)) continue;
    ({ end, continued } = continuation(text, line.start, line.end, escape));
    ranges.push([line.start, end]);
    last = line;
  }
  const joined = ranges.map(([begin, stop]) => text.slice(begin, stop)).join('');
  return { joined, offsets: OffsetMap.of(ranges), start, end: last.end, next: index, truncated: continued };
}

/**
 * The instruction an `ONBUILD` carries (`ONBUILD COPY --from=…`), with offsets into the same
 * text; null when there is none. It runs in a child image's build, but the image it names is
 * written here.
 */
export function onbuildTrigger(instruction: Instruction, escape: string): Instruction | null {
  const [first] = instruction.args;
  if (instruction.keyword !== 'onbuild' || first === undefined) return null;
  const offsets = instruction.offsets.from(first.at);
  const joined = {
    joined: instruction.joined.slice(first.at),
    offsets,
    start: offsets.at(0) ?? instruction.start,
    end: instruction.end,
    next: 0,
    truncated: false,
  };
  return toInstruction(joined, instruction.line, escape);
}

function toInstruction(joined: Joined, line: number, escape: string): Instruction {
  const words = splitWords(joined.joined, escape);
  const keyword = (words[0]?.text ?? '').toLowerCase();
  const flags: Flag[] = [];
  let index = 1;
  for (; index < words.length; index++) {
    const word = words[index] as Word;
    if (!word.text.startsWith('--')) break;
    if (word.text === '--') {
      index++;
      break;
    }
    const equals = word.text.indexOf('=');
    const name = word.text.slice(2, equals === -1 ? undefined : equals).toLowerCase();
    flags.push({ name, value: equals === -1 ? null : subWord(word, equals + 1) });
  }
  return {
    keyword,
    line,
    start: joined.start,
    end: joined.end,
    text: joined.joined.trim(),
    joined: joined.joined,
    offsets: joined.offsets,
    flags,
    args: words.slice(index),
  };
}
