/**
 * Parse `WWW-Authenticate` (RFC 7235 challenges). Node's fetch joins repeated headers with
 * ", ", so one string may hold several challenges (`Bearer realm="…",service="…", Basic realm="…"`)
 * and commas also appear inside quoted values. Pure and total: any input yields a (possibly
 * empty) list, never an exception.
 */

export interface Challenge {
  /** Lowercased auth scheme, e.g. `bearer`, `basic`. */
  readonly scheme: string;
  /** Parameter names lowercased; the first occurrence of a name wins. */
  readonly params: ReadonlyMap<string, string>;
  readonly token68: string | undefined;
}

export type AuthChallenge =
  | { readonly kind: 'bearer'; readonly realm: string; readonly service: string | undefined; readonly scope: string | undefined }
  | { readonly kind: 'basic'; readonly realm: string | undefined };

const TCHAR = /[!#$%&'*+\-.^_`|~0-9A-Za-z]/;
const TOKEN68 = /^[A-Za-z0-9\-._~+/]+=*[ \t]*(,|$)/;
/** `name=value` (value non-empty): what distinguishes a parameter from a token68 ending in `=`. */
const PARAM_START = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+[ \t]*=[ \t]*[^=\s,]/;

class Scanner {
  index = 0;
  constructor(readonly text: string) {}
  get done(): boolean {
    return this.index >= this.text.length;
  }
  peek(): string {
    return this.text[this.index] ?? '';
  }
  skipSpaces(): void {
    while (this.peek() === ' ' || this.peek() === '\t') this.index++;
  }
  skipSeparators(): void {
    while (this.peek() === ' ' || this.peek() === '\t' || this.peek() === ',') this.index++;
  }
  readToken(): string {
    const start = this.index;
    while (!this.done && TCHAR.test(this.peek())) this.index++;
    return this.text.slice(start, this.index);
  }
  /** A quoted-string with backslash escapes; an unterminated one runs to the end of input. */
  readQuoted(): string {
    this.index++; // opening quote
    let value = '';
    while (!this.done && this.peek() !== '"') {
      if (this.peek() === '\\' && this.index + 1 < this.text.length) this.index++;
      value += this.peek();
      this.index++;
    }
    this.index++; // closing quote (or past the end)
    return value;
  }
  /** Unquoted values are meant to be tokens, but realms like `https://x/token` arrive unquoted too. */
  readBareValue(): string {
    const start = this.index;
    while (!this.done && !/[\s,]/.test(this.peek())) this.index++;
    return this.text.slice(start, this.index);
  }
}

export function parseChallenges(header: string): Challenge[] {
  const scanner = new Scanner(header);
  const challenges: Challenge[] = [];
  while (true) {
    scanner.skipSeparators();
    if (scanner.done) break;
    const scheme = scanner.readToken();
    if (scheme === '') {
      scanner.index++; // not a token character: skip it so the loop always makes progress
      continue;
    }
    const params = new Map<string, string>();
    let token68: string | undefined;
    scanner.skipSpaces();
    const rest = header.slice(scanner.index);
    const token68Match = TOKEN68.exec(rest);
    if (token68Match && !PARAM_START.test(rest)) {
      token68 = rest.slice(0, token68Match[0].length).replace(/[\s,]+$/, '');
      scanner.index += token68.length;
    } else {
      readParams(scanner, params);
    }
    challenges.push({ scheme: scheme.toLowerCase(), params, token68 });
  }
  return challenges;
}

/** Read `name=value` pairs until something that is not one (e.g. the next challenge's scheme). */
function readParams(scanner: Scanner, params: Map<string, string>): void {
  while (!scanner.done) {
    const start = scanner.index;
    const name = scanner.readToken();
    scanner.skipSpaces();
    if (name === '' || scanner.peek() !== '=') {
      scanner.index = start;
      return;
    }
    scanner.index++; // '='
    scanner.skipSpaces();
    const value = scanner.peek() === '"' ? scanner.readQuoted() : scanner.readBareValue();
    const key = name.toLowerCase();
    if (!params.has(key)) params.set(key, value);
    scanner.skipSpaces();
    if (scanner.peek() !== ',') return;
    scanner.skipSeparators();
  }
}

/** Pick the challenge pinbot can answer: Bearer with a realm first, then Basic. */
export function selectChallenge(header: string | null | undefined): AuthChallenge | undefined {
  if (!header) return undefined;
  const challenges = parseChallenges(header);
  for (const challenge of challenges) {
    const realm = challenge.params.get('realm');
    if (challenge.scheme === 'bearer' && realm) {
      return {
        kind: 'bearer',
        realm,
        service: challenge.params.get('service') || undefined,
        scope: challenge.params.get('scope') || undefined,
      };
    }
  }
  const basic = challenges.find((challenge) => challenge.scheme === 'basic');
  return basic ? { kind: 'basic', realm: basic.params.get('realm') } : undefined;
}
