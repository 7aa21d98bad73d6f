/**
 * Test helper: renders a small YAML tree in block style under a chosen layout (indentation,
 * sequence indentation, comments, line endings, BOM) and records where each pinned digest lands,
 * so property tests know the exact offsets a scanner must report.
 */

export interface Pin {
  /** `name:tag@digest` as written. */
  readonly ref: string;
  readonly tag: string;
  readonly digest: string;
  /** The platform the scanner should attach, null for none. */
  readonly platform: string | null;
}

export type Quote = 'plain' | 'single' | 'double';

export type YamlTree =
  | { readonly kind: 'map'; readonly entries: readonly (readonly [string, YamlTree])[] }
  | { readonly kind: 'seq'; readonly items: readonly YamlTree[] }
  /** A scalar that needs no escaping in any quote style. */
  | { readonly kind: 'text'; readonly value: string; readonly quote: Quote }
  | { readonly kind: 'block'; readonly lines: readonly string[] }
  /** A pinned image, optionally wrapped (`docker://…`, `${VAR:-…}`). */
  | { readonly kind: 'pin'; readonly pin: Pin; readonly quote: Quote; readonly before: string; readonly after: string };

export interface Layout {
  readonly indent: number;
  /** `key:\n  - item` when true, `key:\n- item` when false. */
  readonly indentSequences: boolean;
  /** Line endings, used in turn line by line (one entry = uniform, several = mixed). */
  readonly eols: readonly ('\n' | '\r\n')[];
  /** Per line in turn: 0 nothing, 1 a trailing comment, 2 a comment line before it. */
  readonly comments: readonly (0 | 1 | 2)[];
  readonly bom: boolean;
  /** Whether the first document also starts with `---`. */
  readonly leadingMarker: boolean;
}

export interface PlacedPin {
  readonly pin: Pin;
  readonly digestStart: number;
}

export interface Rendered {
  readonly text: string;
  readonly pins: readonly PlacedPin[];
}

const QUOTES: Record<Quote, string> = { plain: '', single: "'", double: '"' };

/** Renders documents separated by `---`. */
export function renderDocuments(documents: readonly YamlTree[], layout: Layout): Rendered {
  const out = new Writer(layout);
  documents.forEach((document, index) => {
    if (index > 0 || layout.leadingMarker) out.line(0, '---', false);
    out.node(document, 0);
  });
  return { text: out.text, pins: out.pins };
}

function scalarText(node: YamlTree): { content: string; pinOffset: number | null } | null {
  if (node.kind === 'text') return { content: QUOTES[node.quote] + node.value + QUOTES[node.quote], pinOffset: null };
  if (node.kind !== 'pin') return null;
  const quote = QUOTES[node.quote];
  const inner = node.before + node.pin.ref + node.after;
  const pinOffset = quote.length + node.before.length + node.pin.ref.length - node.pin.digest.length;
  return { content: quote + inner + quote, pinOffset };
}

class Writer {
  text: string;
  readonly pins: PlacedPin[] = [];
  private lines = 0;

  constructor(private readonly layout: Layout) {
    this.text = layout.bom ? '\uFEFF' : '';
  }

  /** Writes one line at `indent`; `pin` gives the digest's offset within `content`. */
  line(indent: number, content: string, commentable: boolean, pin?: { pin: Pin; offset: number }): void {
    const { comments } = this.layout;
    const comment = comments[this.lines % comments.length] ?? 0;
    const pad = ' '.repeat(indent);
    if (comment === 2 && commentable) this.text += `${pad}# remark${this.eol()}`;
    if (pin) this.pins.push({ pin: pin.pin, digestStart: this.text.length + indent + pin.offset });
    this.text += pad + content + (comment === 1 && commentable ? '   # note: keep' : '') + this.eol();
  }

  private eol(): string {
    const { eols } = this.layout;
    return eols[this.lines++ % eols.length] ?? '\n';
  }

  node(node: YamlTree, indent: number): void {
    if (node.kind === 'map') for (const [key, value] of node.entries) this.entry(indent, '', key, value);
    else if (node.kind === 'seq') for (const item of node.items) this.item(indent, item);
    else throw new Error(`test renderer: a document root must be a collection, not ${node.kind}`);
  }

  /** `key: value` at `indent`, after `lead` (the `- ` of a sequence item, or nothing). */
  private entry(indent: number, lead: string, key: string, value: YamlTree): void {
    const head = `${lead}${key}:`;
    const column = indent + lead.length;
    const scalar = scalarText(value);
    if (scalar) {
      const pin =
        value.kind === 'pin' && scalar.pinOffset !== null ? { pin: value.pin, offset: head.length + 1 + scalar.pinOffset } : undefined;
      this.line(indent, `${head} ${scalar.content}`, true, pin);
    } else if (value.kind === 'block') {
      this.line(indent, `${head} |`, false);
      for (const text of value.lines) this.line(column + this.layout.indent, text, false);
    } else if (value.kind === 'seq') {
      this.line(indent, head, true);
      const items = this.layout.indentSequences ? column + this.layout.indent : column;
      for (const item of value.items) this.item(items, item);
    } else {
      this.line(indent, head, true);
      this.node(value, column + this.layout.indent);
    }
  }

  /** `- item` at `indent`; a mapping item starts on the dash line, its other keys align with it. */
  private item(indent: number, item: YamlTree): void {
    const scalar = scalarText(item);
    if (scalar) {
      const pin = item.kind === 'pin' && scalar.pinOffset !== null ? { pin: item.pin, offset: 2 + scalar.pinOffset } : undefined;
      this.line(indent, `- ${scalar.content}`, true, pin);
      return;
    }
    if (item.kind !== 'map' || item.entries.length === 0) throw new Error('test renderer: items are scalars or non-empty maps');
    item.entries.forEach(([key, value], index) => this.entry(index === 0 ? indent : indent + 2, index === 0 ? '- ' : '', key, value));
  }
}
