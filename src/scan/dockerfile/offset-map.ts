/**
 * Where each character of a joined instruction stands in the scanned text. An instruction is
 * joined from parts of physical lines, and within a part the offsets simply count up, so the map
 * keeps one segment per part instead of one number per character: a 1 MiB FROM line used to
 * carry a million-entry array, and 55,000 one-line stages 55,000 arrays (issue 8).
 */
export class OffsetMap {
  private constructor(
    /** Index in the joined text where each segment starts, ascending; segments are never empty. */
    private readonly joinedStarts: readonly number[],
    /** Source offset of each segment's first character. */
    private readonly sourceStarts: readonly number[],
    /** Length of the joined text. */
    readonly length: number,
  ) {}

  /** The map of one source range: most instructions are one line, and share these two small arrays' shape. */
  static single(start: number, end: number): OffsetMap {
    return end > start ? new OffsetMap(ZERO, [start], end - start) : EMPTY;
  }

  /** Builds a map from source ranges `[start, end)` in joined order. */
  static of(ranges: ReadonlyArray<readonly [start: number, end: number]>): OffsetMap {
    const joinedStarts: number[] = [];
    const sourceStarts: number[] = [];
    let length = 0;
    for (const [start, end] of ranges) {
      if (end <= start) continue;
      joinedStarts.push(length);
      sourceStarts.push(start);
      length += end - start;
    }
    return new OffsetMap(joinedStarts, sourceStarts, length);
  }

  /** The source offset of the joined text's character at `index`; undefined outside it. */
  at(index: number): number | undefined {
    if (!Number.isInteger(index) || index < 0 || index >= this.length) return undefined;
    const segment = this.segmentOf(index);
    return (this.sourceStarts[segment] as number) + index - (this.joinedStarts[segment] as number);
  }

  /** The map of the joined text from `index` on (what an `ONBUILD` carries). */
  from(index: number): OffsetMap {
    if (index <= 0) return this;
    if (index >= this.length) return EMPTY;
    const first = this.segmentOf(index);
    const joinedStarts = [0];
    const sourceStarts = [(this.sourceStarts[first] as number) + index - (this.joinedStarts[first] as number)];
    for (let segment = first + 1; segment < this.joinedStarts.length; segment++) {
      joinedStarts.push((this.joinedStarts[segment] as number) - index);
      sourceStarts.push(this.sourceStarts[segment] as number);
    }
    return new OffsetMap(joinedStarts, sourceStarts, this.length - index);
  }

  /** The last segment starting at or before `index` (binary search: an instruction may span thousands of lines). */
  private segmentOf(index: number): number {
    let low = 0;
    let high = this.joinedStarts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if ((this.joinedStarts[middle] as number) <= index) low = middle;
      else high = middle - 1;
    }
    return low;
  }
}

/** Shared by every one-line instruction: the joined text starts at its one segment. */
const ZERO: readonly number[] = [0];
const EMPTY = OffsetMap.of([]);
