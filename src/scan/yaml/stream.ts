import { Composer, type CST, type Document, type YAMLError } from 'yaml';
import { CstParser } from './cst-parser.js';
import { firstDuplicateKey } from './duplicate-keys.js';
import { collectionDepth, MAX_YAML_DEPTH } from './nesting.js';

/** One document of a YAML stream, composed. */
export interface ComposedDocument {
  /** 1-based number of the document in the whole stream, the ones left out included. */
  readonly number: number;
  /** Where the document starts in the text (its `---` marker, when it has one). */
  readonly offset: number;
  readonly document: Document.Parsed;
  /** Offset of the first key that repeats an earlier key of its mapping, if any. */
  readonly duplicateKeyAt: number | undefined;
}

/** A document left out because it nests too deeply to compose safely. */
export interface TooDeepDocument {
  readonly number: number;
  /** Where its content starts. */
  readonly offset: number;
}

export interface ComposedStream {
  readonly documents: readonly ComposedDocument[];
  readonly tooDeep: readonly TooDeepDocument[];
  /** Errors of a stream that holds no document at all (e.g. a stray directive). */
  readonly streamErrors: readonly YAMLError[];
}

/**
 * The one way pinbot turns YAML text into documents, for the scanners and for config files
 * alike, with every step linear in the text (issue 8): the CST parser keeps its own stack, a
 * document nested deeper than MAX_YAML_DEPTH is left out before the recursive composer sees it
 * (near 700 levels the composer overflows the stack, and on Node 20 a second such overflow
 * aborted the process outright), and duplicate keys are found with a set per mapping instead of
 * the yaml library's pairwise check (`uniqueKeys: false`; 40,000 keys took 38 s). Aliases are
 * left as they are: callers resolve them in one pass (`aliasTargets`).
 *
 * `onNewLine` is told the offset of every line start (a yaml `LineCounter`'s `addNewLine`).
 */
export function composeYamlStream(text: string, onNewLine?: (offset: number) => void): ComposedStream {
  const { tokens, numbers, starts, tooDeep } = readTokens(text, onNewLine);
  const composer = new Composer({ uniqueKeys: false });
  const documents: ComposedDocument[] = [];
  for (const document of composer.compose(tokens)) {
    const index = documents.length;
    const number = numbers[index] ?? index + 1;
    documents.push({ number, offset: starts[index] ?? 0, document, duplicateKeyAt: firstDuplicateKey(document)?.range?.[0] });
  }
  const streamErrors = documents.length === 0 ? composer.streamInfo().errors : [];
  return { documents, tooDeep, streamErrors };
}

interface Tokens {
  /** The stream's tokens without the documents that nest too deeply. */
  readonly tokens: CST.Token[];
  /** The 1-based number, in the whole stream, of each document left in `tokens`. */
  readonly numbers: number[];
  /** Where each document left in `tokens` starts. */
  readonly starts: number[];
  readonly tooDeep: TooDeepDocument[];
}

function readTokens(text: string, onNewLine: ((offset: number) => void) | undefined): Tokens {
  const result: Tokens = { tokens: [], numbers: [], starts: [], tooDeep: [] };
  let number = 0;
  let skipping = false;
  for (const token of new CstParser(onNewLine).parse(text)) {
    // The `...` closing a left-out document goes with it: alone it would be an error.
    if (skipping && token.type === 'doc-end') continue;
    skipping = false;
    if (token.type !== 'document') {
      result.tokens.push(token);
      continue;
    }
    number++;
    if (collectionDepth(token) > MAX_YAML_DEPTH) {
      result.tooDeep.push({ number, offset: token.value?.offset ?? token.offset });
      skipping = true;
    } else {
      result.tokens.push(token);
      result.numbers.push(number);
      result.starts.push(token.offset);
    }
  }
  return result;
}

/** What a reader says about a document left out for its depth. */
export const TOO_DEEP_MESSAGE = `collections nested more than ${MAX_YAML_DEPTH} levels deep`;

/** What a reader says about a repeated key (the yaml library's own words). */
export const DUPLICATE_KEY_MESSAGE = 'Map keys must be unique';
