/**
 * Maps string offsets to 1-based line/column and to UTF-8 byte offsets.
 * Built once per file; lookups are a binary search over line starts.
 */
export class TextPositions {
  private readonly lineStarts: number[] = [0];
  /** UTF-8 length of the text before every CHECKPOINT-th code unit; undefined for ASCII text. */
  private readonly checkpoints: number[] | undefined;

  constructor(private readonly text: string) {
    for (let i = 0; i < text.length; i++) {
      // A line ends at LF; a CR directly before it belongs to the same line ending.
      if (text.charCodeAt(i) === 10) this.lineStarts.push(i + 1);
    }
    // eslint-disable-next-line no-control-regex
    this.checkpoints = /[^\x00-\x7f]/.test(text) ? utf8Checkpoints(text) : undefined;
  }

  /** 1-based line and column of a string offset. */
  position(offset: number): { line: number; column: number } {
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if ((this.lineStarts[mid] ?? 0) <= offset) low = mid;
      else high = mid - 1;
    }
    return { line: low + 1, column: offset - (this.lineStarts[low] ?? 0) + 1 };
  }

  line(offset: number): number {
    return this.position(offset).line;
  }

  /**
   * UTF-8 byte offset of a string offset (the file's bytes, BOM included when the text keeps it).
   * Counted from the nearest checkpoint, so a file with thousands of references costs no more
   * than one pass over it (measuring from the start each time was quadratic, issue 8).
   */
  byteOffset(offset: number): number {
    if (this.checkpoints === undefined) return offset;
    const index = Math.floor(offset / CHECKPOINT);
    return (this.checkpoints[index] ?? 0) + utf8Length(this.text, index * CHECKPOINT, offset);
  }
}

const CHECKPOINT = 1024;

function utf8Checkpoints(text: string): number[] {
  const checkpoints = [0];
  for (let at = CHECKPOINT; at <= text.length; at += CHECKPOINT) {
    checkpoints.push((checkpoints.at(-1) ?? 0) + utf8Length(text, at - CHECKPOINT, at));
  }
  return checkpoints;
}

/**
 * UTF-8 bytes of `text[from, to)`, as `Buffer.byteLength` counts them: a surrogate pair is 4
 * bytes; an unpaired surrogate becomes U+FFFD, 3 bytes. A pair split by `from` or `to` counts
 * 3 bytes on the side holding its high half and 1 on the other, so pieces add up to the whole.
 */
function utf8Length(text: string, from: number, to: number): number {
  let bytes = 0;
  for (let at = from; at < to; at++) {
    const code = text.charCodeAt(at);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (isHigh(code) && isLow(text.charCodeAt(at + 1))) bytes += 3;
    else if (isLow(code) && isHigh(text.charCodeAt(at - 1))) bytes += 1;
    else bytes += 3;
  }
  return bytes;
}

const isHigh = (code: number): boolean => code >= 0xd800 && code <= 0xdbff;
const isLow = (code: number): boolean => code >= 0xdc00 && code <= 0xdfff;
