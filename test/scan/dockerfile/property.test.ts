import { expect, test } from '@jest/globals';
import fc from 'fast-check';
import { scanDockerfile } from '../../../src/scan/dockerfile/scan.js';
import { expectDigestSpan } from './assertions.js';

/** `arg-fragment` and `arg-hash` are issue 11's images assembled from ARGs: the ARG holds `tag@digest` or `@digest`. */
type Site = 'from' | 'from-platform' | 'copy' | 'mount' | 'arg' | 'arg-fragment' | 'arg-hash';

interface Pin {
  readonly name: string;
  readonly tag: string;
  readonly digest: string;
  readonly site: Site;
}

interface Expected {
  readonly digestStart: number;
  readonly image: string;
  readonly platform: string | null;
}

const pinArb: fc.Arbitrary<Pin> = fc.record({
  name: fc.constantFrom(
    'node',
    'python',
    'ghcr.io/acme/api',
    'registry.example.com:5000/team/tool',
    'gcr.io/distroless/static-debian12',
    'library/redis',
  ),
  tag: fc.stringMatching(/^[a-z0-9][a-z0-9._-]{0,12}$/),
  digest: fc.stringMatching(/^[0-9a-f]{64}$/).map((hex) => `sha256:${hex}`),
  site: fc.constantFrom<Site>('from', 'from-platform', 'copy', 'mount', 'arg', 'arg-fragment', 'arg-hash'),
});

const fileArb = fc.record({
  pins: fc.array(pinArb, { maxLength: 8 }),
  bom: fc.boolean(),
  backtick: fc.boolean(),
  /** A stream of small numbers that decides every formatting choice (line endings, case, blanks…). */
  choices: fc.array(fc.nat({ max: 1_000 }), { minLength: 32, maxLength: 128 }),
});

/** Builds a Dockerfile while recording where each generated digest lands. */
class Writer {
  text = '';
  readonly expected: Expected[] = [];
  private cursor = 0;

  constructor(
    private readonly choices: readonly number[],
    private readonly escape: string,
  ) {}

  pick<T>(options: readonly T[]): T {
    const choice = this.choices[this.cursor++ % this.choices.length] ?? 0;
    return options[choice % options.length] as T;
  }

  eol(): string {
    return this.pick(['\n', '\r\n', '\n', '\r\n', '\n']);
  }

  keyword(word: string): string {
    return [...word].map((ch) => (this.pick([true, false, false]) ? ch.toLowerCase() : ch)).join('');
  }

  /** Comment lines (one with a decoy pin), blank lines and whitespace-only lines between instructions. */
  noise(): void {
    const decoy = `# FROM decoy:1@sha256:${'d'.repeat(64)}`;
    const count = this.pick([0, 0, 1, 2]);
    for (let i = 0; i < count; i++) {
      this.text += this.pick(['', '   ', '# build notes', `  ${decoy}`, decoy, '\t# indented comment']) + this.eol();
    }
  }

  /** Writes an instruction: words joined by blanks or by line continuations (with comment lines inside). */
  instruction(words: ReadonlyArray<Word>): void {
    this.text += this.pick(['', '', '  ', '\t']);
    words.forEach((word, index) => {
      if (index > 0) this.separator();
      for (const part of word) {
        if (typeof part === 'string') {
          this.text += part;
          continue;
        }
        // The whole reference, or the fragment of it an ARG holds; the reference found is the whole one.
        const image = `${part.pin.name}:${part.pin.tag}@${part.pin.digest}`;
        const written = part.written ?? image;
        this.expected.push({ digestStart: this.text.length + written.length - part.pin.digest.length, image, platform: part.platform });
        this.text += written;
      }
    });
    this.text += this.eol();
  }

  private separator(): void {
    const kind = this.pick(['space', 'space', 'tab', 'continued']);
    if (kind !== 'continued') {
      this.text += kind === 'tab' ? '\t' : ' ';
      return;
    }
    // A blank before the escape keeps the words apart once Docker joins the lines.
    this.text += ` ${this.escape}${this.pick(['', '', ' ', '\t '])}${this.eol()}`;
    if (this.pick([false, false, true])) this.text += `  # a comment inside the instruction${this.eol()}`;
    if (this.pick([false, false, true])) this.text += this.eol();
    this.text += this.pick(['', '    ', '\t']);
  }
}

/** A word is written without blanks inside; a pin part is the generated `name:tag@digest`. */
type Word = ReadonlyArray<string | { pin: Pin; platform: string | null; written?: string }>;

function render(file: { pins: Pin[]; bom: boolean; backtick: boolean; choices: number[] }): Writer {
  const writer = new Writer(file.choices, file.backtick ? '`' : '\\');
  if (file.bom) writer.text += '\ufeff';
  if (file.backtick) writer.text += `# escape=\`${writer.eol()}`;

  // Global ARGs come first: they are what FROM lines see.
  file.pins.forEach((pin, index) => {
    if (pin.site !== 'arg') return;
    const quote = writer.pick(['', '"', "'"]);
    writer.noise();
    writer.instruction([[writer.keyword('ARG')], [`IMAGE_${index}=${quote}`, { pin, platform: null }, quote]]);
  });
  file.pins.forEach((pin, index) => {
    if (pin.site !== 'arg-fragment' && pin.site !== 'arg-hash') return;
    const quote = writer.pick(['', '"', "'"]);
    const written = pin.site === 'arg-hash' ? `@${pin.digest}` : `${pin.tag}@${pin.digest}`;
    writer.noise();
    writer.instruction([[writer.keyword('ARG')], [`FRAGMENT_${index}=${quote}`, { pin, platform: null, written }, quote]]);
  });

  let stages = 0;
  const stage = (image: Word, platform: string | null = null): void => {
    writer.noise();
    const flags: Word[] = platform === null ? [] : [[`--platform=${platform}`]];
    writer.instruction([[writer.keyword('FROM')], ...flags, image, [writer.pick(['AS', 'as'])], [`stage-${stages++}`]]);
  };
  const ensureStage = (): void => {
    if (stages === 0) stage([writer.pick(['scratch', 'alpine:3.20'])]);
  };

  file.pins.forEach((pin, index) => {
    switch (pin.site) {
      case 'from':
        stage([{ pin, platform: null }]);
        break;
      case 'from-platform':
        stage([{ pin, platform: 'linux/arm64' }], 'linux/arm64');
        break;
      case 'arg': {
        const use = writer.pick([`$IMAGE_${index}`, `\${IMAGE_${index}}`]);
        stage([use]);
        // A second use of the same ARG must not report the pin twice.
        if (writer.pick([true, false])) stage([use]);
        break;
      }
      case 'arg-fragment': {
        const use = writer.pick([`\${FRAGMENT_${index}}`, `$FRAGMENT_${index}`, `\${FRAGMENT_${index}:-latest}`]);
        stage([`${pin.name}:${use}`]);
        // The same image again under another platform: still one reference.
        if (writer.pick([true, false])) stage([`${pin.name}:${use}`], 'linux/amd64');
        break;
      }
      case 'arg-hash':
        stage([`${pin.name}:${pin.tag}\${FRAGMENT_${index}}`]);
        break;
      case 'copy':
        ensureStage();
        writer.noise();
        writer.instruction([
          [writer.keyword('COPY')],
          ...(writer.pick([true, false]) ? [['--link']] : []),
          ['--from=', { pin, platform: null }],
          ['/src'],
          ['/dst'],
        ]);
        break;
      case 'mount':
        ensureStage();
        writer.noise();
        writer.instruction([[writer.keyword('RUN')], ['--mount=type=bind,from=', { pin, platform: null }, ',target=/mnt'], ['true']]);
        break;
    }
    if (stages > 0 && writer.pick([true, false, false])) {
      writer.instruction([[writer.keyword('COPY')], [`--from=stage-${writer.pick([...Array(stages).keys()])}`], ['/a'], ['/b']]);
    }
  });
  writer.noise();
  return writer;
}

test('finds exactly the generated pins at their offsets, whatever the formatting', () => {
  fc.assert(
    fc.property(fileArb, (file) => {
      const writer = render(file);
      const result = scanDockerfile('Dockerfile', writer.text);
      expect(result.problems).toEqual([]);
      const found = result.references.map((reference) => ({
        digestStart: reference.digestStart,
        image: reference.image.original,
        platform: reference.platform,
      }));
      expect(found).toEqual([...writer.expected].sort((a, b) => a.digestStart - b.digestStart));
      for (const reference of result.references) expectDigestSpan(writer.text, reference);
    }),
    { numRuns: 1000 },
  );
});
