/**
 * A multi-pattern byte matcher (Aho–Corasick, 1975) with ASCII case folding:
 * one pass over a buffer finds every occurrence of every pattern, whatever
 * the number of patterns. The residual-PHI scan has tens of thousands of
 * candidate values and searches gigabytes, so `indexOf` per value per file
 * is out of the question.
 *
 * Memory stays proportional to the total pattern length (about 50 bytes per
 * trie state): the shallowest states have full DFA rows (a scan spends nearly
 * all its time there), deeper transitions live in one open-addressing hash
 * table keyed by (state, byte) with failure links.
 */

/** Upper bound on trie states (typed array lengths). */
const MAX_STATES = 2 ** 30;

/**
 * States (the shallowest, breadth first) given a full 256-entry transition
 * row with failures resolved (a DFA row): a scan spends nearly all its time
 * within a few bytes of the root, where this saves the hash probes and
 * failure hops. 1024 rows take 1 MiB.
 */
export const DEFAULT_DENSE_STATES = 1024;

/** Byte → ASCII-lowercased byte; bytes ≥ 0x80 are left alone (Latin-1/UTF-8 are not folded). */
const FOLD = new Uint8Array(256);
for (let b = 0; b < 256; b++) FOLD[b] = b >= 0x41 && b <= 0x5a ? b + 0x20 : b;

/** Lowercases ASCII letters of a byte sequence (a copy). */
export function foldAsciiCase(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) out[i] = FOLD[bytes[i] ?? 0] ?? 0;
  return out;
}

/** Called for each occurrence: the pattern's index and the match's [start, end) in the haystack. */
export type MatchCallback = (patternIndex: number, start: number, end: number) => void;

/**
 * Finds occurrences of byte patterns, ignoring ASCII letter case. Patterns
 * are given once; `scan` may run on any number of buffers.
 */
export class ByteMatcher {
  readonly patternCount: number;
  private readonly patternLengths: Int32Array;
  private readonly rootNext = new Int32Array(256);
  private stateCount = 1;
  /** `state * 256 + byte`, exact in a double for any state count; -1 marks a free slot. */
  private edgeKeys: Float64Array;
  private edgeValues: Int32Array;
  private edgeMask: number;
  private fail: Int32Array;
  /** Pattern ending exactly at a state, or -1. */
  private output: Int32Array;
  /** The nearest state down the failure chain that has an output, or 0. */
  private dictionaryLink: Int32Array;
  /** The first state whose output a visit to a state reports (itself or down its dictionary links), or 0. */
  private firstReport: Int32Array;
  /** Children of each state as a linked list, for the breadth-first failure pass. */
  private firstChild: Int32Array;
  private nextSibling: Int32Array;
  private edgeByte: Uint8Array;
  /** Per state, the start of its dense row in `dense`, or -1 for a state without one. */
  private denseBase: Int32Array;
  private dense: Int32Array;

  /**
   * @param patterns byte sequences to find; empty ones never match. Two
   *   patterns equal after case folding share a state: only the first one's
   *   index is reported, so callers should pass distinct folded patterns.
   * @param denseStates how many of the shallowest states get a DFA row (at
   *   least 1, the root); tests lower it to exercise the hashed transitions.
   */
  constructor(patterns: readonly Uint8Array[], denseStates = DEFAULT_DENSE_STATES) {
    this.patternCount = patterns.length;
    this.patternLengths = new Int32Array(patterns.length);
    let totalBytes = 0;
    for (const p of patterns) totalBytes += p.length;
    const stateCapacity = Math.min(MAX_STATES, totalBytes + 1);
    let capacity = 16;
    while (capacity < totalBytes * 2) capacity *= 2;
    this.edgeKeys = new Float64Array(capacity).fill(-1);
    this.edgeValues = new Int32Array(capacity);
    this.edgeMask = capacity - 1;
    this.fail = new Int32Array(stateCapacity);
    this.output = new Int32Array(stateCapacity).fill(-1);
    this.dictionaryLink = new Int32Array(stateCapacity);
    this.firstChild = new Int32Array(stateCapacity).fill(-1);
    this.nextSibling = new Int32Array(stateCapacity).fill(-1);
    this.edgeByte = new Uint8Array(stateCapacity);
    this.rootNext.fill(-1);
    patterns.forEach((pattern, index) => this.insert(pattern, index));
    this.rootNext.forEach((next, b) => {
      if (next === -1) this.rootNext[b] = 0;
    });
    const order = this.buildFailureLinks();
    this.denseBase = new Int32Array(this.stateCount).fill(-1);
    this.dense = this.buildDenseRows(order, Math.max(1, denseStates));
    // Only the scan's tables stay: the build's child lists go, the rest shrink to the states made.
    this.firstChild = new Int32Array(0);
    this.nextSibling = new Int32Array(0);
    this.edgeByte = new Uint8Array(0);
    this.fail = this.fail.slice(0, this.stateCount);
    this.output = this.output.slice(0, this.stateCount);
    this.dictionaryLink = this.dictionaryLink.slice(0, this.stateCount);
    this.firstReport = new Int32Array(this.stateCount);
    for (let state = 1; state < this.stateCount; state++) {
      this.firstReport[state] =
        (this.output[state] ?? -1) !== -1 ? state : (this.dictionaryLink[state] ?? 0);
    }
  }

  private hashSlot(key: number): number {
    return (Math.imul(key, 0x9e3779b1) >>> 7) & this.edgeMask;
  }

  private child(state: number, byte: number): number {
    if (state === 0) return this.rootNext[byte] ?? -1;
    const key = state * 256 + byte;
    const keys = this.edgeKeys;
    for (let slot = this.hashSlot(key); ; slot = (slot + 1) & this.edgeMask) {
      const found = keys[slot] ?? -1;
      if (found === key) return this.edgeValues[slot] ?? -1;
      if (found === -1) return -1;
    }
  }

  private addChild(state: number, byte: number): number {
    if (this.stateCount >= this.fail.length) {
      throw new RangeError(`more than ${this.fail.length} matcher states: too many patterns`);
    }
    const next = this.stateCount++;
    if (state === 0) this.rootNext[byte] = next;
    else {
      const key = state * 256 + byte;
      let slot = this.hashSlot(key);
      while ((this.edgeKeys[slot] ?? -1) !== -1) slot = (slot + 1) & this.edgeMask;
      this.edgeKeys[slot] = key;
      this.edgeValues[slot] = next;
    }
    this.edgeByte[next] = byte;
    this.nextSibling[next] = this.firstChild[state] ?? -1;
    this.firstChild[state] = next;
    return next;
  }

  private insert(pattern: Uint8Array, index: number): void {
    this.patternLengths[index] = pattern.length;
    if (pattern.length === 0) return;
    let state = 0;
    for (const raw of pattern) {
      const byte = FOLD[raw] ?? 0;
      const next = this.child(state, byte);
      state = next === -1 ? this.addChild(state, byte) : next;
    }
    if ((this.output[state] ?? -1) === -1) this.output[state] = index;
  }

  /** Sets failure and dictionary links; returns the states in breadth-first order (root first). */
  private buildFailureLinks(): Int32Array {
    const queue = new Int32Array(this.stateCount);
    let head = 1;
    let tail = 1;
    for (let c = this.firstChild[0] ?? -1; c !== -1; c = this.nextSibling[c] ?? -1) {
      this.fail[c] = 0;
      queue[tail++] = c;
    }
    while (head < tail) {
      const state = queue[head++] ?? 0;
      const fallback = this.fail[state] ?? 0;
      this.dictionaryLink[state] =
        (this.output[fallback] ?? -1) !== -1 ? fallback : (this.dictionaryLink[fallback] ?? 0);
      for (let c = this.firstChild[state] ?? -1; c !== -1; c = this.nextSibling[c] ?? -1) {
        const byte = this.edgeByte[c] ?? 0;
        let f = fallback;
        let target = this.child(f, byte);
        while (target === -1) {
          f = this.fail[f] ?? 0;
          target = this.child(f, byte);
        }
        this.fail[c] = target;
        queue[tail++] = c;
      }
    }
    return queue;
  }

  /**
   * DFA rows for the first states in breadth-first order. A state's failure
   * target is shallower, so it comes earlier and its row is already complete.
   */
  private buildDenseRows(order: Int32Array, denseStates: number): Int32Array {
    const count = Math.min(denseStates, order.length);
    const dense = new Int32Array(count * 256);
    for (let row = 0; row < count; row++) {
      const state = order[row] ?? 0;
      const base = row * 256;
      this.denseBase[state] = base;
      const failBase = state === 0 ? 0 : (this.denseBase[this.fail[state] ?? 0] ?? 0);
      for (let byte = 0; byte < 256; byte++) {
        // Indexed by the raw byte: case folding is built into the row.
        const folded = FOLD[byte] ?? byte;
        const next = this.child(state, folded);
        dense[base + byte] = next !== -1 ? next : state === 0 ? 0 : (dense[failBase + folded] ?? 0);
      }
    }
    return dense;
  }

  /** Trie states (≈ total pattern bytes), for reporting. */
  get states(): number {
    return this.stateCount;
  }

  /**
   * Reports every occurrence of every pattern in `haystack`, overlapping ones
   * included, in order of their end offset.
   */
  scan(haystack: Uint8Array, onMatch: MatchCallback): void {
    const denseBase = this.denseBase;
    const dense = this.dense;
    const output = this.output;
    const link = this.dictionaryLink;
    const firstReport = this.firstReport;
    const lengths = this.patternLengths;
    const n = haystack.length;
    let state = 0;
    for (let i = 0; i < n; i++) {
      const raw = haystack[i] as number;
      const base = denseBase[state] as number;
      state = base !== -1 ? (dense[base + raw] as number) : this.deepStep(state, raw);
      let hit = firstReport[state] as number;
      while (hit !== 0) {
        const pattern = output[hit] as number;
        onMatch(pattern, i + 1 - (lengths[pattern] as number), i + 1);
        hit = link[hit] as number;
      }
    }
  }

  /** The transition from a state without a dense row: hashed edges, then failure links. */
  private deepStep(from: number, raw: number): number {
    const byte = FOLD[raw] as number;
    const keys = this.edgeKeys;
    const mask = this.edgeMask;
    let state = from;
    for (;;) {
      const base = this.denseBase[state] as number;
      if (base !== -1) return this.dense[base + raw] as number;
      const key = state * 256 + byte;
      for (let slot = (Math.imul(key, 0x9e3779b1) >>> 7) & mask; ; slot = (slot + 1) & mask) {
        const found = keys[slot] as number;
        if (found === key) return this.edgeValues[slot] as number;
        if (found === -1) break;
      }
      state = this.fail[state] as number;
    }
  }
}
