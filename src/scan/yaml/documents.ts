import { Composer, Parser, type CST, type Document, type YAMLError } from 'yaml';
import type { TextPositions } from '../text-position.js';
import type { ScanProblem } from '../types.js';
import { firstDuplicateKey } from './duplicate-keys.js';
import { collectionDepth, MAX_YAML_DEPTH } from './nesting.js';

/** The well-formed documents of a YAML stream, and one problem per document that is not. */
export interface ParsedYaml {
  readonly documents: readonly Document[];
  readonly problems: readonly ScanProblem[];
}

/**
 * Splits a YAML stream into documents. A malformed document is reported (its first error:
 * later ones are usually consequences of it) and left out, so its neighbours are still scanned.
 * Node ranges of the returned documents index into `text` itself, BOM and CRs included.
 *
 * Every step is linear in the text (issue 8): the CST parser keeps its own stack, a document
 * nested deeper than MAX_YAML_DEPTH is refused before the recursive composer sees it, and
 * duplicate keys are found with a set per mapping instead of the library's pairwise check.
 */
export function parseYamlDocuments(file: string, text: string, positions: TextPositions): ParsedYaml {
  const problemAt = (offset: number, message: string, documentNumber: number | null): ScanProblem => {
    const { line, column } = positions.position(offset);
    const where = documentNumber === null ? `column ${column}` : `document ${documentNumber}, column ${column}`;
    return { file, line, message: `malformed YAML (${where}): ${message}` };
  };
  const errorAt = (error: YAMLError, documentNumber: number | null): ScanProblem => problemAt(error.pos[0], error.message, documentNumber);

  const documents: Document[] = [];
  const problems: ScanProblem[] = [];
  try {
    const { tokens, numbers, tooDeep } = readTokens(text);
    for (const { token, number } of tooDeep) {
      problems.push(problemAt(token.value?.offset ?? token.offset, `collections nested more than ${MAX_YAML_DEPTH} levels deep`, number));
    }
    const composer = new Composer({ uniqueKeys: false });
    let composed = 0;
    for (const document of composer.compose(tokens)) {
      const number = numbers[composed++] ?? composed;
      const firstError = document.errors[0];
      const duplicate = firstDuplicateKey(document);
      const duplicateAt = duplicate?.range?.[0];
      if (duplicateAt !== undefined && (firstError === undefined || duplicateAt < firstError.pos[0])) {
        problems.push(problemAt(duplicateAt, 'Map keys must be unique', number));
      } else if (firstError !== undefined) problems.push(errorAt(firstError, number));
      else documents.push(document);
    }
    // A stream without documents can still carry errors (e.g. a stray directive).
    const streamError = composed === 0 ? composer.streamInfo().errors[0] : undefined;
    if (streamError !== undefined && tooDeep.length === 0) problems.push(errorAt(streamError, null));
  } catch (error) {
    // The parser is not expected to throw on any string, but a scanner must never throw.
    const reason = error instanceof Error ? error.message : String(error);
    return { documents: [], problems: [{ file, message: `YAML could not be read: ${reason}` }] };
  }
  problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  return { documents, problems };
}

interface Tokens {
  /** The stream's tokens without the documents that nest too deeply. */
  readonly tokens: CST.Token[];
  /** The 1-based number, in the whole stream, of each document left in `tokens`. */
  readonly numbers: number[];
  readonly tooDeep: Array<{ token: CST.Document; number: number }>;
}

function readTokens(text: string): Tokens {
  const result: Tokens = { tokens: [], numbers: [], tooDeep: [] };
  let number = 0;
  let skipping = false;
  for (const token of new Parser().parse(text)) {
    // The `...` closing a left-out document goes with it: alone it would be an error.
    if (skipping && token.type === 'doc-end') continue;
    skipping = false;
    if (token.type !== 'document') {
      result.tokens.push(token);
      continue;
    }
    number++;
    if (collectionDepth(token) > MAX_YAML_DEPTH) {
      result.tooDeep.push({ token, number });
      skipping = true;
    } else {
      result.tokens.push(token);
      result.numbers.push(number);
    }
  }
  return result;
}
