import { describe, expect, test } from '@jest/globals';
import type { Instruction } from '../../../src/scan/dockerfile/lexer.js';
import { lexDockerfile } from '../../../src/scan/dockerfile/lexer.js';
import { pieceOf } from '../../../src/scan/dockerfile/words.js';

const keywords = (text: string): string[] => lexDockerfile(text).instructions.map((instruction) => instruction.keyword);
const only = (text: string): Instruction => {
  const { instructions } = lexDockerfile(text);
  expect(instructions).toHaveLength(1);
  return instructions[0] as Instruction;
};

describe('parser directives', () => {
  test('reads syntax and escape at the top, case-insensitively and with blanks around the parts', () => {
    const text = '#  SYNTAX = docker/dockerfile:1 \n # EsCaPe=`\nFROM alpine\n';
    const { directives, escape } = lexDockerfile(text);
    expect(directives.map((d) => [d.name, d.value, d.line])).toEqual([
      ['syntax', 'docker/dockerfile:1', 1],
      ['escape', '`', 2],
    ]);
    expect(text.slice(directives[0]?.start, (directives[0]?.start ?? 0) + 19)).toBe('docker/dockerfile:1');
    expect(escape).toBe('`');
  });

  test('a directive after a BOM still counts, and its offset includes the BOM', () => {
    const { directives } = lexDockerfile('\ufeff# syntax=docker/dockerfile:1\nFROM alpine');
    expect(directives[0]?.start).toBe(10);
  });

  test.each([
    ['an ordinary comment', '# build stage\n# escape=`\nFROM a'],
    ['a blank line', '\n# escape=`\nFROM a'],
    ['an instruction', 'FROM a\n# escape=`\nFROM b'],
    ['an unknown directive', '# foo=bar\n# escape=`\nFROM a'],
  ])('directives end at %s', (_, text) => {
    const { directives, escape } = lexDockerfile(text);
    expect(directives.some((directive) => directive.name === 'escape')).toBe(false);
    expect(escape).toBe('\\');
  });

  test('a repeated directive is a problem and is ignored', () => {
    const { directives, escape, problems } = lexDockerfile('# escape=`\n# escape=\\\nFROM a');
    expect(directives).toHaveLength(1);
    expect(escape).toBe('`');
    expect(problems).toEqual([{ line: 2, message: expect.stringContaining('only one "escape" parser directive') }]);
  });

  test('an escape directive with another character is a problem and the default stays', () => {
    const { escape, problems } = lexDockerfile('# escape=x\nFROM a');
    expect(escape).toBe('\\');
    expect(problems).toEqual([{ line: 1, message: expect.stringContaining('invalid escape directive "x"') }]);
  });
});

describe('logical instructions', () => {
  test('joins continued lines, tolerating blanks after the escape and skipping comment and empty lines', () => {
    const text = 'FROM \\  \n  # a comment inside\n\n   node:22 \\\t\n AS build\nRUN true\n';
    const { instructions } = lexDockerfile(text);
    expect(instructions.map((instruction) => [instruction.keyword, instruction.line, instruction.text])).toEqual([
      ['from', 1, 'FROM    node:22  AS build'],
      ['run', 6, 'RUN true'],
    ]);
    const from = instructions[0] as Instruction;
    expect(from.args.map((word) => word.text)).toEqual(['node:22', 'AS', 'build']);
    expect(pieceOf(from.offsets, from.args[0]!).start).toBe(text.indexOf('node:22'));
    expect(from.end).toBe(text.indexOf('\nRUN'));
  });

  test('the backtick escape continues lines and leaves backslashes alone', () => {
    const text = '# escape=`\r\nRUN copy C:\\src\\ `\r\n    C:\\dst\\\r\nFROM x\r\n';
    expect(lexDockerfile(text).instructions.map((instruction) => instruction.text)).toEqual(['RUN copy C:\\src\\     C:\\dst\\', 'FROM x']);
  });

  test('comments and indentation: a FROM in a comment is not an instruction, keywords are lowercased', () => {
    expect(keywords('# FROM a\n   from b\n\t#FROM c\nFrOm d')).toEqual(['from', 'from']);
  });

  test('CRLF and LF may be mixed; a CR before the escape character still ends the line', () => {
    const instruction = only('FROM \\\r\n  alpine:3 \\\n  AS a\r\n');
    expect(instruction.text).toBe('FROM   alpine:3   AS a');
  });

  test('flags are parsed up to the first word that is not a flag; `--` ends them', () => {
    const copy = only('COPY --link --chown=0:0 --FROM=img /a /b');
    expect(copy.flags.map((flag) => [flag.name, flag.value?.text ?? null])).toEqual([
      ['link', null],
      ['chown', '0:0'],
      ['from', 'img'],
    ]);
    expect(copy.args.map((word) => word.text)).toEqual(['/a', '/b']);
    expect(only('RUN -- --not-a-flag').args.map((word) => word.text)).toEqual(['--not-a-flag']);
  });

  test('quoted words keep their blanks', () => {
    expect(only('ARG A="x y" B=\'z w\' C').args.map((word) => word.text)).toEqual(['A="x y"', "B='z w'", 'C']);
  });

  test('a file ending inside a continuation keeps the instruction and reports the problem', () => {
    const { instructions, problems } = lexDockerfile('FROM alpine\nRUN apk add \\\n  curl \\\n# the end\n');
    expect(instructions.map((instruction) => instruction.text)).toEqual(['FROM alpine', 'RUN apk add   curl']);
    expect(problems).toEqual([{ line: 2, message: expect.stringContaining('file ends inside this RUN instruction') }]);
  });

  test('unknown instructions are problems, and lexing carries on', () => {
    const { instructions, problems } = lexDockerfile('no from!\nFROM alpine');
    expect(instructions.map((instruction) => instruction.keyword)).toEqual(['from']);
    expect(problems).toEqual([{ line: 1, message: 'unknown instruction "no"; the line is ignored' }]);
  });
});

describe('here-documents', () => {
  test('bodies are skipped, including `<<-` bodies with tab-indented terminators and quoted names', () => {
    const text = ['RUN <<EOF', 'FROM inside:1', 'EOF', "COPY <<-'CONF' /etc/x", '\tFROM inside:2', '\tCONF', 'FROM outside:3'].join('\n');
    expect(lexDockerfile(text).instructions.map((instruction) => instruction.text)).toEqual([
      'RUN <<EOF',
      "COPY <<-'CONF' /etc/x",
      'FROM outside:3',
    ]);
  });

  test('several heredocs on one line are read in order', () => {
    const text = 'COPY <<A <<B /dst/\nFROM a\nA\nFROM b\nB\nFROM c\n';
    expect(keywords(text)).toEqual(['copy', 'from']);
    expect(lexDockerfile(text).instructions[1]?.line).toBe(6);
  });

  test('a here-string (<<<) and a quoted << are not heredocs', () => {
    expect(keywords('RUN cat <<<"FROM x"\nFROM a\nRUN echo "a <<b"\nFROM b')).toEqual(['run', 'from', 'run', 'from']);
  });

  test('heredocs only open on RUN, COPY and ADD', () => {
    expect(keywords('LABEL a=<<EOF\nFROM a\nEOF')).toEqual(['label', 'from']);
  });

  test('an unterminated heredoc is a problem', () => {
    const { instructions, problems } = lexDockerfile('FROM a\nRUN <<EOF\necho hi\nFROM b\n');
    expect(instructions.map((instruction) => instruction.keyword)).toEqual(['from', 'run']);
    expect(problems).toEqual([{ line: 2, message: expect.stringContaining('here-document "EOF"') }]);
  });
});
