/**
 * Maps string offsets to 1-based line/column and to UTF-8 byte offsets.
 * Built once per file; lookups are a binary search over line starts.
 */
export class TextPositions {
  private readonly lineStarts: number[] = [0];
  private readonly ascii: boolean;

  constructor(private readonly text: string) {
    for (let i = 0; i < text.length; i++) {
      // A line ends at LF; a CR directly before it belongs to the same line ending.
      if (text.charCodeAt(i) === 10) this.lineStarts.push(i + 1);
    }
    // eslint-disable-next-line no-control-regex
    this.ascii = !/[^\x00-\x7f]/.test(text);
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

  /** UTF-8 byte offset of a string offset (the file's bytes, BOM included when the text keeps it). */
  byteOffset(offset: number): number {
    return this.ascii ? offset : Buffer.byteLength(this.text.slice(0, offset), 'utf8');
  }
}
