import { parseAllDocuments, type Document, type YAMLError } from 'yaml';
import type { TextPositions } from '../text-position.js';
import type { ScanProblem } from '../types.js';

/** The well-formed documents of a YAML stream, and one problem per document that is not. */
export interface ParsedYaml {
  readonly documents: readonly Document[];
  readonly problems: readonly ScanProblem[];
}

/**
 * Splits a YAML stream into documents. A malformed document is reported (its first parser
 * error: later ones are usually consequences of it) and left out, so its neighbours are still
 * scanned. Node ranges of the returned documents index into `text` itself, BOM and CRs included.
 */
export function parseYamlDocuments(file: string, text: string, positions: TextPositions): ParsedYaml {
  const problemAt = (error: YAMLError, documentNumber: number | null): ScanProblem => {
    const { line, column } = positions.position(error.pos[0]);
    const where = documentNumber === null ? `column ${column}` : `document ${documentNumber}, column ${column}`;
    return { file, line, message: `malformed YAML (${where}): ${error.message}` };
  };

  let parsed: ReturnType<typeof parseAllDocuments>;
  try {
    // prettyErrors off: the message stays the parser's sentence; line and column are ours.
    parsed = parseAllDocuments(text, { prettyErrors: false });
  } catch (error) {
    // The parser is not expected to throw on any string, but a scanner must never throw.
    const reason = error instanceof Error ? error.message : String(error);
    return { documents: [], problems: [{ file, message: `YAML could not be read: ${reason}` }] };
  }

  if ('empty' in parsed) {
    // A stream without documents can still carry errors (e.g. a stray directive).
    const first = parsed.errors[0];
    return { documents: [], problems: first === undefined ? [] : [problemAt(first, null)] };
  }

  const documents: Document[] = [];
  const problems: ScanProblem[] = [];
  parsed.forEach((document, index) => {
    const first = document.errors[0];
    if (first === undefined) documents.push(document);
    else problems.push(problemAt(first, index + 1));
  });
  return { documents, problems };
}
