import { describe, expect, it } from '@jest/globals';
import { unscannableFiles, unscannableNote } from '../../src/repository/unscannable.js';

describe('unscannableFiles', () => {
  it('counts oversized files, whole-file problems and unreadable YAML documents, not a Dockerfile instruction the scanner skips', () => {
    const files = unscannableFiles(
      ['big/compose.yaml'],
      [
        { file: 'huge.yaml', message: 'file too complex to scan: it took more than 2 s of CPU time, so it was skipped' },
        { file: 'k8s/app.yaml', line: 7, message: 'Map keys must be unique' },
        { file: 'Dockerfile', line: 3, message: 'unknown instruction "FORM"; the line is ignored' },
        { file: 'bin/Dockerfile', message: 'binary file (NUL byte at byte 3)' },
        { file: 'k8s/app.yaml', line: 9, message: 'a later problem in the same file' },
      ],
    );
    expect([...files]).toEqual([
      ['big/compose.yaml', 'larger than the 1 MiB a candidate file may have'],
      ['huge.yaml', 'file too complex to scan: it took more than 2 s of CPU time, so it was skipped'],
      ['k8s/app.yaml', 'Map keys must be unique'],
      ['bin/Dockerfile', 'binary file (NUL byte at byte 3)'],
    ]);
  });

  it('names the files in the check run as code, whatever characters they hold', () => {
    const [note] = unscannableNote(new Map([['a`b.yaml', 'bad <img src=x> @team']]));
    expect(note).toContain('Not scanned: ``a`b.yaml`` (`bad <img src=x> @team`)');
    expect(unscannableNote(new Map())).toEqual([]);
  });
});
