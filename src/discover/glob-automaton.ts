import { GlobNfa, Kind, SKIP } from './glob-nfa.js';
import type { Segment } from './glob-syntax.js';

/**
 * All globs of a list compiled into one automaton, so that matching a path costs one pass over
 * its characters however many globs there are (issue 8: 300 globs each matched on their own,
 * with every `{…}` alternative apart, took 259 s over 40 files).
 *
 * The globs become one NFA (glob-nfa.ts), run as a DFA built lazily: each set of NFA states met
 * is computed once and its transitions are remembered, so most paths cost a map lookup per
 * character. A step not remembered yet costs at most the size of the NFA, which the config
 * bounds (MAX_GLOB_LIST_SIZE). Memory for remembered sets is capped too: past the cap it is
 * dropped and rebuilt as needed.
 */

const SLASH = 0x2f;
/** NFA state ids kept across remembered DFA states, at most. */
const MAX_REMEMBERED_IDS = 1 << 20;

class DfaState {
  readonly next = new Map<number, DfaState>();
  constructor(
    readonly ids: Int32Array,
    readonly accepting: boolean,
  ) {}
}

export class GlobAutomaton {
  /**
   * NFA states processed so far: what matching has cost, in the unit the bound is stated in
   * (at most about `size` per character of a path, and nothing for a step already remembered).
   */
  work = 0;
  private readonly nfa: GlobNfa;
  private remembered = new Map<string, DfaState>();
  private rememberedIds = 0;
  private readonly start: DfaState;
  /** `marks[id] === generation` when `id` is already in the set being built. */
  private readonly marks: Int32Array;
  private generation = 0;

  constructor(alternatives: readonly (readonly Segment[])[]) {
    this.nfa = new GlobNfa(alternatives);
    this.marks = new Int32Array(this.nfa.kinds.length);
    this.start = this.state(this.closure(this.nfa.starts));
  }

  /** NFA states: about one per character of the globs with their `{…}` alternatives spelled out. */
  get size(): number {
    return this.nfa.kinds.length;
  }

  /** Does the whole path match a glob? */
  matches(path: string): boolean {
    let state = this.start;
    for (let at = 0; at < path.length && state.ids.length > 0; at++) state = this.step(state, path.charCodeAt(at));
    return state.accepting;
  }

  /** Does the path, or a directory above it (`a` and `a/b` for `a/b/c`), match a glob? */
  matchesItselfOrParent(path: string): boolean {
    let state = this.start;
    for (let at = 0; at < path.length && state.ids.length > 0; at++) {
      const code = path.charCodeAt(at);
      if (code === SLASH && state.accepting) return true;
      state = this.step(state, code);
    }
    return state.accepting;
  }

  private step(state: DfaState, code: number): DfaState {
    const known = state.next.get(code);
    if (known !== undefined) return known;
    const targets: number[] = [];
    this.work += state.ids.length;
    for (const id of state.ids) {
      const target = this.nfa.consume(id, code);
      if (target !== -1) targets.push(target);
    }
    const next = this.state(this.closure(targets));
    state.next.set(code, next);
    return next;
  }

  /** The states reachable without consuming a character, sorted. */
  private closure(ids: readonly number[]): Int32Array {
    const generation = ++this.generation;
    const found: number[] = [];
    for (let id of ids) {
      // Skippable states only lead forward, so following them is a walk along the chain.
      while (this.marks[id] !== generation) {
        this.marks[id] = generation;
        found.push(id);
        const skip = SKIP[this.nfa.kinds[id]!];
        if (skip === 0) break;
        id += skip;
      }
    }
    this.work += found.length;
    return Int32Array.from(found).sort();
  }

  private state(ids: Int32Array): DfaState {
    const key = ids.join(',');
    const known = this.remembered.get(key);
    if (known !== undefined) return known;
    // The first state made is the start, so there is always one to keep.
    if (this.rememberedIds + ids.length > MAX_REMEMBERED_IDS && this.remembered.size > 0) this.forget();
    const created = new DfaState(
      ids,
      ids.some((id) => this.nfa.kinds[id] === Kind.Accept),
    );
    this.remembered.set(key, created);
    this.rememberedIds += ids.length;
    return created;
  }

  /** Drops every remembered state but the start: memory stays bounded, work is merely redone. */
  private forget(): void {
    this.remembered = new Map([[this.start.ids.join(','), this.start]]);
    this.rememberedIds = this.start.ids.length;
    this.start.next.clear();
  }
}
