/**
 * Check run annotations as GitHub's REST API takes them (docs: "Create a check run", the
 * `output.annotations` object): at most 50 per request, appended on every update, each with a
 * path, a line range, a level and a message; columns only within one line.
 */
import { fail } from './http.js';
import type { CheckAnnotationState } from './state.js';

/** GitHub's per-request cap; more gets "No more than 50 items are allowed; N were supplied." */
export const MAX_ANNOTATIONS_PER_REQUEST = 50;
const LEVELS = ['notice', 'warning', 'failure'];
const MAX_TITLE = 255;
const MAX_TEXT_BYTES = 64 * 1024;

function invalid(detail: string): never {
  return fail(422, `Invalid request.\n\n${detail}`);
}

function field(entry: Record<string, unknown>, name: string, type: 'string' | 'integer', required: boolean): unknown {
  const value = entry[name];
  if (value === undefined || value === null) return required ? invalid(`"${name}" wasn't supplied.`) : undefined;
  const ok = type === 'string' ? typeof value === 'string' : Number.isInteger(value);
  return ok ? value : invalid(`For '${name}', ${JSON.stringify(value)} is not ${type === 'string' ? 'a string' : 'an integer'}.`);
}

/** Validates `output.annotations` of one request; returns them in GitHub's stored shape. */
export function readAnnotations(output: Record<string, unknown>): CheckAnnotationState[] {
  const given = output.annotations;
  if (given === undefined || given === null) return [];
  if (!Array.isArray(given)) return invalid("For 'annotations', the value is not of type array.");
  if (given.length > MAX_ANNOTATIONS_PER_REQUEST) {
    invalid(`No more than ${MAX_ANNOTATIONS_PER_REQUEST} items are allowed; ${given.length} were supplied.`);
  }
  return given.map((raw: unknown) => {
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return invalid("For 'items', the value is not of type object.");
    const entry = raw as Record<string, unknown>;
    const path = field(entry, 'path', 'string', true) as string;
    const startLine = field(entry, 'start_line', 'integer', true) as number;
    const endLine = field(entry, 'end_line', 'integer', true) as number;
    const level = field(entry, 'annotation_level', 'string', true) as string;
    const message = field(entry, 'message', 'string', true) as string;
    const title = field(entry, 'title', 'string', false) as string | undefined;
    const rawDetails = field(entry, 'raw_details', 'string', false) as string | undefined;
    const startColumn = field(entry, 'start_column', 'integer', false) as number | undefined;
    const endColumn = field(entry, 'end_column', 'integer', false) as number | undefined;
    if (!LEVELS.includes(level)) invalid(`${level} is not a valid annotation_level.`);
    if (startLine < 1 || endLine < startLine) invalid('start_line must be at least 1 and end_line at least start_line.');
    if ((startColumn !== undefined || endColumn !== undefined) && startLine !== endLine) {
      invalid('start_column and end_column may only be given when start_line and end_line are the same.');
    }
    if (title !== undefined && title.length > MAX_TITLE) invalid(`title is too long (maximum is ${MAX_TITLE} characters).`);
    for (const [name, text] of [['message', message] as const, ['raw_details', rawDetails] as const]) {
      if (text !== undefined && Buffer.byteLength(text) > MAX_TEXT_BYTES) invalid(`${name} is too long (maximum is 64 KB).`);
    }
    return {
      path,
      startLine,
      endLine,
      startColumn: startColumn ?? null,
      endColumn: endColumn ?? null,
      level,
      message,
      title: title ?? null,
      rawDetails: rawDetails ?? null,
    };
  });
}

/** One annotation as `GET …/check-runs/{id}/annotations` lists it. */
export function annotationShape(annotation: CheckAnnotationState, blobHref: string): Record<string, unknown> {
  return {
    path: annotation.path,
    start_line: annotation.startLine,
    end_line: annotation.endLine,
    start_column: annotation.startColumn,
    end_column: annotation.endColumn,
    annotation_level: annotation.level,
    title: annotation.title,
    message: annotation.message,
    raw_details: annotation.rawDetails,
    blob_href: blobHref,
  };
}
