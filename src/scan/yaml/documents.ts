import type { Document, YAMLError } from 'yaml';
import type { TextPositions } from '../text-position.js';
import type { ScanProblem } from '../types.js';
import { composeYamlStream, DUPLICATE_KEY_MESSAGE, TOO_DEEP_MESSAGE } from './stream.js';

/** The well-formed documents of a YAML stream, and one problem per document that is not. */
export interface ParsedYaml {
  readonly documents: readonly Document[];
  readonly problems: readonly ScanProblem[];
}

/**
 * Splits a YAML stream into documents. A malformed document is reported (its first error:
 * later ones are usually consequences of it) and left out, so its neighbours are still scanned.
 * Node ranges of the returned documents index into `text` itself, BOM and CRs included.
 * Every step is linear in the text (`composeYamlStream`, issue 8).
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
    const stream = composeYamlStream(text);
    for (const { number, offset } of stream.tooDeep) problems.push(problemAt(offset, TOO_DEEP_MESSAGE, number));
    for (const { number, document, duplicateKeyAt } of stream.documents) {
      const firstError = document.errors[0];
      if (duplicateKeyAt !== undefined && (firstError === undefined || duplicateKeyAt < firstError.pos[0])) {
        problems.push(problemAt(duplicateKeyAt, DUPLICATE_KEY_MESSAGE, number));
      } else if (firstError !== undefined) problems.push(errorAt(firstError, number));
      else documents.push(document);
    }
    const streamError = stream.streamErrors[0];
    if (streamError !== undefined && stream.tooDeep.length === 0) problems.push(errorAt(streamError, null));
  } catch (error) {
    // The parser is not expected to throw on any string, but a scanner must never throw.
    const reason = error instanceof Error ? error.message : String(error);
    return { documents: [], problems: [{ file, message: `YAML could not be read: ${reason}` }] };
  }
  problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  return { documents, problems };
}
