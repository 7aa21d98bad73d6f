import type { Instruction } from './lexer.js';
import type { Word } from './words.js';
import { subWord } from './words.js';

/**
 * The image (or stage) named by `from=` in each `RUN --mount=type=…,from=…,…` flag. Other keys
 * (`source=`, `target=`, `id=`, …) name paths and caches, never images.
 */
export function mountSources(instruction: Instruction): Word[] {
  const sources: Word[] = [];
  for (const flag of instruction.flags) {
    if (flag.name !== 'mount' || flag.value === null) continue;
    const from = fromField(withoutQuotes(flag.value));
    if (from !== null) sources.push(from);
  }
  return sources;
}

/** `--mount="type=bind,from=x"`: the whole option list may be quoted. */
function withoutQuotes(value: Word): Word {
  const first = value.text[0];
  const quoted = value.text.length >= 2 && (first === '"' || first === "'") && value.text.endsWith(first);
  return quoted ? subWord(value, 1, value.text.length - 1) : value;
}

/** Finds the `from=` field of a comma-separated mount option list (keys are case-insensitive). */
function fromField(options: Word): Word | null {
  let begin = 0;
  while (begin <= options.text.length) {
    const comma = options.text.indexOf(',', begin);
    const end = comma === -1 ? options.text.length : comma;
    const field = options.text.slice(begin, end);
    const equals = field.indexOf('=');
    if (equals !== -1 && field.slice(0, equals).trim().toLowerCase() === 'from') {
      return subWord(options, begin + equals + 1, end);
    }
    begin = end + 1;
  }
  return null;
}
