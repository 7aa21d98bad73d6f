/**
 * A one-file ustar archive: enough to make a layer blob a real, extractable tarball (what a
 * registry client reading layers would meet) without pulling in a tar library.
 */
const BLOCK = 512;

function writeField(header: Buffer, offset: number, length: number, value: string): void {
  header.write(value.slice(0, length), offset, length, 'ascii');
}

/** Numeric tar fields are zero-padded octal followed by a NUL. */
function octal(value: number, length: number): string {
  return value.toString(8).padStart(length - 1, '0') + '\0';
}

export function singleFileTar(path: string, content: Buffer, mode = 0o644): Buffer {
  if (Buffer.byteLength(path) > 100) throw new Error(`singleFileTar: path longer than 100 bytes: ${path}`);
  const header = Buffer.alloc(BLOCK);
  writeField(header, 0, 100, path);
  writeField(header, 100, 8, octal(mode, 8));
  writeField(header, 108, 8, octal(0, 8)); // uid
  writeField(header, 116, 8, octal(0, 8)); // gid
  writeField(header, 124, 12, octal(content.length, 12));
  writeField(header, 136, 12, octal(0, 12)); // mtime: fixed, so equal inputs give equal digests
  writeField(header, 156, 1, '0'); // regular file
  writeField(header, 257, 6, 'ustar\0');
  writeField(header, 263, 2, '00');
  // The checksum is computed with its own field read as eight spaces.
  header.fill(' ', 148, 156);
  let sum = 0;
  for (const byte of header) sum += byte;
  writeField(header, 148, 8, sum.toString(8).padStart(6, '0') + '\0 ');

  const padding = (BLOCK - (content.length % BLOCK)) % BLOCK;
  // Two zero blocks mark the end of the archive.
  return Buffer.concat([header, content, Buffer.alloc(padding), Buffer.alloc(BLOCK * 2)]);
}
