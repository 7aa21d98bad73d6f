import { GlobNfa } from './glob-nfa.js';
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
  /** Remembered DFA states by a hash of their NFA states. */
  private remembered = new Map<number, DfaState[]>();
  private rememberedIds = 0;
  private readonly start: DfaState;
  /** `marks[id] === generation` when `id` is already in the set being built. */
  private readonly marks: Int32Array;
  private generation = 0;

  constructor(alternatives: readonly (readonly Segment[])[]) {
    this.nfa = new GlobNfa(alternatives);
    this.marks = new Int32Array(this.nfa.size);
    this.start = this.state(this.closure(this.nfa.starts));
  }

  /** NFA states: at most one per character of the globs with their `{…}` alternatives spelled out. */
  get size(): number {
    return this.nfa.size;
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
    for (const id of state.ids) this.nfa.consume(id, code, targets);
    const next = this.state(this.closure(targets));
    state.next.set(code, next);
    return next;
  }

  /** The states reachable without consuming a character, sorted. */
  private closure(ids: readonly number[]): Int32Array {
    const generation = ++this.generation;
    const found: number[] = [];
    const pending = [...ids];
    for (let id = pending.pop(); id !== undefined; id = pending.pop()) {
      if (this.marks[id] === generation) continue;
      this.marks[id] = generation;
      found.push(id);
      for (const next of this.nfa.skipTo(id)) pending.push(next);
    }
    this.work += found.length;
    return Int32Array.from(found).sort();
  }

  private state(ids: Int32Array): DfaState {
    const hash = hashIds(ids);
    const bucket = this.remembered.get(hash);
    const known = bucket?.find((candidate) => sameIds(candidate.ids, ids));
    if (known !== undefined) return known;
    // The first state made is the start, so there is always one to keep.
    if (this.rememberedIds + ids.length > MAX_REMEMBERED_IDS && this.remembered.size > 0) this.forget();
    const created = new DfaState(
      ids,
      ids.some((id) => this.nfa.isAccept(id)),
    );
    const into = this.remembered.get(hash);
    if (into === undefined) this.remembered.set(hash, [created]);
    else into.push(created);
    this.rememberedIds += ids.length;
    return created;
  }

  /** Drops every remembered state but the start: memory stays bounded, work is merely redone. */
  private forget(): void {
    this.remembered = new Map([[hashIds(this.start.ids), [this.start]]]);
    this.rememberedIds = this.start.ids.length;
    this.start.next.clear();
  }
}

/** FNV-1a over the ids: a key for a set of NFA states without building a string of it. */
function hashIds(ids: Int32Array): number {
  let hash = 0x811c9dc5;
  for (const id of ids) hash = Math.imul(hash ^ id, 0x01000193);
  return hash >>> 0;
}

function sameIds(a: Int32Array, b: Int32Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
