import { createScanner, parseTree, printParseErrorCode, type Node, type ParseError, type SyntaxKind } from 'jsonc-parser';

/** The scanner's token kinds used here: `SyntaxKind` is a const enum, which isolated modules can't read. */
const TOKEN = { openBrace: 1, closeBrace: 2, openBracket: 3, closeBracket: 4, eof: 17 } as const satisfies Record<string, SyntaxKind>;

/**
 * JSON with comments and trailing commas, as the dev container spec allows
 * (https://containers.dev/implementors/json_reference/: "JSON with Comments (jsonc)").
 * jsonc-parser's parser recurses once per nesting level, so a hostile `[[[[…` would overflow the
 * stack: nesting is measured first with its token scanner, which keeps no stack (issue 8's rule:
 * every step linear, no recursion on repository content).
 */
export const MAX_JSON_DEPTH = 128;

export type ParsedJsonc =
  { readonly ok: true; readonly root: Node | undefined } | { readonly ok: false; readonly offset: number; readonly message: string };

/** Parses `text` (a BOM already removed); node offsets index into `text`. */
export function parseJsonc(text: string): ParsedJsonc {
  const deep = tooDeepAt(text);
  if (deep !== undefined) return { ok: false, offset: deep, message: `objects and arrays nested more than ${MAX_JSON_DEPTH} levels deep` };
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false, allowEmptyContent: true });
  const first = errors[0];
  if (first !== undefined) return { ok: false, offset: first.offset, message: describe(printParseErrorCode(first.error)) };
  return { ok: true, root };
}

/** The offset of the first bracket nested past MAX_JSON_DEPTH, or undefined. */
function tooDeepAt(text: string): number | undefined {
  const scanner = createScanner(text, true);
  let depth = 0;
  for (let token: number = scanner.scan(); token !== TOKEN.eof; token = scanner.scan()) {
    if (token === TOKEN.openBrace || token === TOKEN.openBracket) {
      if (++depth > MAX_JSON_DEPTH) return scanner.getTokenOffset();
    } else if (token === TOKEN.closeBrace || token === TOKEN.closeBracket) depth--;
  }
  return undefined;
}

/** `CommaExpected` → `comma expected`: the library's codes, as a sentence. */
function describe(code: string): string {
  return code
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .replace('<unknown parse error code>', 'not valid JSON');
}

/** The property `key` of an object node, or undefined. */
export function property(node: Node | undefined, key: string): Node | undefined {
  if (node?.type !== 'object') return undefined;
  // A repeated key: the last one wins, as JSON.parse and the dev container CLI read it.
  let found: Node | undefined;
  for (const pair of node.children ?? []) {
    const [name, value] = pair.children ?? [];
    if (name?.value === key) found = value;
  }
  return found;
}
