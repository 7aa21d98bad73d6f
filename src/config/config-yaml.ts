import { LineCounter, type Document } from 'yaml';
import { MAX_FILE_SIZE } from '../discover/discover.js';
import { plainValue } from '../scan/yaml/plain-value.js';
import { composeYamlStream, DUPLICATE_KEY_MESSAGE, TOO_DEEP_MESSAGE } from '../scan/yaml/stream.js';
import { redactSecrets } from '../text/secrets.js';

/** A config file may be as large as any file pinbot reads, and no larger. */
export const MAX_CONFIG_BYTES = MAX_FILE_SIZE;

/** `data` is the document as plain values (null for an empty file); `document` maps a key path back to its line. */
export interface ConfigYamlRead {
  readonly ok: true;
  readonly data: unknown;
  readonly document: Document | null;
  readonly lineCounter: LineCounter;
}

export type ConfigYaml =
  | ConfigYamlRead
  /** Each error reads `source:line:column: invalid YAML: what`. */
  | { readonly ok: false; readonly errors: readonly string[] };

/**
 * Reads a config file's YAML the way pinbot reads every YAML file (issue 8): refused over
 * 1 MiB before parsing, composed by `composeYamlStream` (nesting capped before the recursive
 * composer runs, duplicate keys found in linear time and reported at their line), and turned
 * into plain values by `plainValue` (aliases resolved in one pass, their expansion bounded). The
 * CLI's loader and the App's use this one function, so neither can fall back to the yaml
 * library's quadratic checks or its stack-hungry composer. `source` names the file in errors.
 */
export function readConfigYaml(text: string, source: string): ConfigYaml {
  const size = Buffer.byteLength(text, 'utf8');
  if (size > MAX_CONFIG_BYTES) {
    const limit = MAX_CONFIG_BYTES.toLocaleString('en-US');
    return {
      ok: false,
      errors: [`${source}: the file is ${size.toLocaleString('en-US')} bytes, over the ${limit} bytes a config file may have`],
    };
  }
  const lineCounter = new LineCounter();
  const stream = composeYamlStream(text, lineCounter.addNewLine);
  const located: Array<{ offset: number; message: string }> = [];
  const first = stream.documents.find((document) => document.number === 1);
  const firstTooDeep = stream.tooDeep.find((document) => document.number === 1);
  if (firstTooDeep !== undefined) located.push({ offset: firstTooDeep.offset, message: TOO_DEEP_MESSAGE });
  if (first !== undefined) {
    for (const error of first.document.errors) located.push({ offset: error.pos[0], message: redactSecrets(error.message) });
    if (first.duplicateKeyAt !== undefined) located.push({ offset: first.duplicateKeyAt, message: DUPLICATE_KEY_MESSAGE });
  }
  // Only the first document is read, so anything after it is a mistake, however it looks.
  const second = [...stream.documents, ...stream.tooDeep].find((document) => document.number === 2);
  if (second !== undefined) located.push({ offset: second.offset, message: 'expected a single YAML document, found a second one' });
  if (stream.documents.length === 0 && stream.tooDeep.length === 0) {
    for (const error of stream.streamErrors) located.push({ offset: error.pos[0], message: redactSecrets(error.message) });
  }

  const at = ({ offset, message }: { offset: number; message: string }): string => {
    const { line, col } = lineCounter.linePos(offset);
    return `${source}:${line}:${col}: invalid YAML: ${message}`;
  };
  if (located.length > 0) return { ok: false, errors: located.sort((a, b) => a.offset - b.offset).map(at) };
  if (first === undefined) return { ok: true, data: null, document: null, lineCounter };

  const plain = plainValue(first.document);
  if (!plain.ok) return { ok: false, errors: [at({ offset: plain.offset, message: redactSecrets(plain.message) })] };
  return { ok: true, data: plain.value, document: first.document, lineCounter };
}
