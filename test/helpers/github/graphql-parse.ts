/**
 * Just enough of GraphQL to read one operation: its type and top-level fields with aliases, arguments
 * (variables, literals, lists, objects) and the names selected beneath. Fragments are not supported.
 */

export type GqlValue =
  | { readonly kind: 'variable'; readonly name: string }
  | { readonly kind: 'literal'; readonly value: string | number | boolean | null }
  | { readonly kind: 'enum'; readonly value: string }
  | { readonly kind: 'list'; readonly items: readonly GqlValue[] }
  | { readonly kind: 'object'; readonly fields: Readonly<Record<string, GqlValue>> };

export interface GqlField {
  readonly alias: string;
  readonly name: string;
  readonly args: Readonly<Record<string, GqlValue>>;
  readonly selections: readonly string[];
  readonly line: number;
  readonly column: number;
}

export interface GqlOperation {
  readonly type: 'query' | 'mutation' | 'subscription';
  readonly fields: readonly GqlField[];
}

interface Token {
  readonly kind: 'punct' | 'name' | 'string' | 'number';
  readonly text: string;
  readonly line: number;
  readonly column: number;
}

export class GqlSyntaxError extends Error {}

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  const pattern =
    /[\s,]+|#[^\n]*|("""[\s\S]*?"""|"(?:[^"\\\n]|\\.)*")|(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)|([_A-Za-z][_0-9A-Za-z]*)|(\.\.\.|[{}()[\]:!$=@|&])/y;
  let index = 0;
  while (index < source.length) {
    pattern.lastIndex = index;
    const match = pattern.exec(source);
    const before = source.slice(0, index);
    const line = before.split('\n').length;
    const column = index - before.lastIndexOf('\n');
    if (!match) throw new GqlSyntaxError(`Parse error on "${source[index] ?? ''}" at [${line}, ${column}]`);
    index = pattern.lastIndex;
    const [, string, number, name, punct] = match;
    if (string !== undefined) tokens.push({ kind: 'string', text: string, line, column });
    else if (number !== undefined) tokens.push({ kind: 'number', text: number, line, column });
    else if (name !== undefined) tokens.push({ kind: 'name', text: name, line, column });
    else if (punct !== undefined) tokens.push({ kind: 'punct', text: punct, line, column });
  }
  return tokens;
}

class Parser {
  private index = 0;
  constructor(private readonly tokens: Token[]) {}

  peek(): Token | undefined {
    return this.tokens[this.index];
  }

  next(): Token {
    const token = this.tokens[this.index++];
    if (!token) throw new GqlSyntaxError('Parse error on end of document');
    return token;
  }

  expect(text: string): Token {
    const token = this.next();
    if (token.text !== text)
      throw new GqlSyntaxError(`Parse error on "${token.text}" (expected ${text}) at [${token.line}, ${token.column}]`);
    return token;
  }

  accept(text: string): boolean {
    if (this.peek()?.text !== text) return false;
    this.index += 1;
    return true;
  }

  /** Skips a balanced group (variable definitions, directive arguments). */
  skipGroup(open: string, close: string): void {
    this.expect(open);
    let depth = 1;
    while (depth > 0) {
      const text = this.next().text;
      if (text === open) depth += 1;
      if (text === close) depth -= 1;
    }
  }

  value(): GqlValue {
    const token = this.next();
    if (token.text === '$') return { kind: 'variable', name: this.next().text };
    if (token.kind === 'string')
      return { kind: 'literal', value: token.text.startsWith('"""') ? token.text.slice(3, -3) : (JSON.parse(token.text) as string) };
    if (token.kind === 'number') return { kind: 'literal', value: Number(token.text) };
    if (token.kind === 'name') {
      if (token.text === 'true' || token.text === 'false') return { kind: 'literal', value: token.text === 'true' };
      return token.text === 'null' ? { kind: 'literal', value: null } : { kind: 'enum', value: token.text };
    }
    if (token.text === '[') {
      const items: GqlValue[] = [];
      while (!this.accept(']')) items.push(this.value());
      return { kind: 'list', items };
    }
    if (token.text === '{') {
      const fields: Record<string, GqlValue> = {};
      while (!this.accept('}')) {
        const key = this.next().text;
        this.expect(':');
        fields[key] = this.value();
      }
      return { kind: 'object', fields };
    }
    throw new GqlSyntaxError(`Parse error on "${token.text}" at [${token.line}, ${token.column}]`);
  }

  skipDirectives(): void {
    while (this.accept('@')) {
      this.next();
      if (this.peek()?.text === '(') this.skipGroup('(', ')');
    }
  }

  /** Names selected in a nested selection set (their own sub-selections are skipped). */
  selectionNames(): string[] {
    const names: string[] = [];
    this.expect('{');
    while (!this.accept('}')) {
      if (this.peek()?.text === '...') throw new GqlSyntaxError('Fragments are not supported by the fake GitHub');
      let name = this.next().text;
      if (this.accept(':')) name = this.next().text;
      names.push(name);
      if (this.peek()?.text === '(') this.skipGroup('(', ')');
      this.skipDirectives();
      if (this.peek()?.text === '{') this.skipGroup('{', '}');
    }
    return names;
  }

  field(): GqlField {
    const first = this.next();
    if (first.text === '...') throw new GqlSyntaxError('Fragments are not supported by the fake GitHub');
    let alias = first.text;
    let name = first.text;
    if (this.accept(':')) name = this.next().text;
    else alias = name;
    const args: Record<string, GqlValue> = {};
    if (this.accept('(')) {
      while (!this.accept(')')) {
        const key = this.next().text;
        this.expect(':');
        args[key] = this.value();
      }
    }
    this.skipDirectives();
    const selections = this.peek()?.text === '{' ? this.selectionNames() : [];
    return { alias, name, args, selections, line: first.line, column: first.column };
  }

  operation(): GqlOperation {
    let type: GqlOperation['type'] = 'query';
    const head = this.peek();
    if (head?.kind === 'name' && (head.text === 'query' || head.text === 'mutation' || head.text === 'subscription')) {
      type = head.text;
      this.next();
      if (this.peek()?.kind === 'name') this.next();
      if (this.peek()?.text === '(') this.skipGroup('(', ')');
      this.skipDirectives();
    }
    this.expect('{');
    const fields: GqlField[] = [];
    while (!this.accept('}')) fields.push(this.field());
    const rest = this.peek();
    if (rest)
      throw new GqlSyntaxError(
        `Parse error on "${rest.text}" at [${rest.line}, ${rest.column}]: the fake GitHub reads one operation per document`,
      );
    return { type, fields };
  }
}

export function parseOperation(source: string): GqlOperation {
  return new Parser(tokenize(source)).operation();
}

/** Substitutes variables into a parsed value, giving plain JSON. */
export function resolveValue(value: GqlValue, variables: Readonly<Record<string, unknown>>): unknown {
  switch (value.kind) {
    case 'variable':
      return variables[value.name];
    case 'literal':
    case 'enum':
      return value.value;
    case 'list':
      return value.items.map((item) => resolveValue(item, variables));
    case 'object':
      return Object.fromEntries(Object.entries(value.fields).map(([key, item]) => [key, resolveValue(item, variables)]));
  }
}
