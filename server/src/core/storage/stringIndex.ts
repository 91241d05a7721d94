/**
 * A hash index from strings to the numbers their owner gave them, for owners that keep the strings
 * themselves (an array of ids by number): the index stores only numbers and hashes, in one
 * open-addressing table: about a third of what a Map costs per entry (key, value and chain per
 * entry, plus buckets), for the graph's ids and the search index's documents.
 */
export class StringIndex {
  /** Numbers by slot (-1: empty), linear probing; the size is a power of two, at most 5/8 full. */
  private table = new Int32Array(64).fill(-1);
  /** Each slot's hash: growing needs no string again, and a probe compares strings only when these match. */
  private hashes = new Int32Array(64);
  private count = 0;

  /** `keyOf(n)` is the string of number `n`; it must stay so while `n` is in the index. */
  constructor(private readonly keyOf: (n: number) => string | undefined) {}

  get size(): number {
    return this.count;
  }

  get(key: string): number | undefined {
    const slot = this.slotOf(key);
    return slot < 0 ? undefined : this.table[slot];
  }

  has(key: string): boolean {
    return this.slotOf(key) >= 0;
  }

  /** Indexes `n` under its string (`keyOf(n)`), replacing the number that string had. */
  set(n: number): void {
    const key = this.keyOf(n)!;
    const h = hash(key);
    const mask = this.table.length - 1;
    let slot = h & mask;
    for (; this.table[slot] >= 0; slot = (slot + 1) & mask) {
      if (this.hashes[slot] === h && this.keyOf(this.table[slot]) === key) {
        this.table[slot] = n;
        return;
      }
    }
    this.table[slot] = n;
    this.hashes[slot] = h;
    if (++this.count * 8 > this.table.length * 5) this.resize(this.table.length * 2);
  }

  /** Forgets `key`; call it while `keyOf` still gives `key` for its number. */
  delete(key: string): boolean {
    let slot = this.slotOf(key);
    if (slot < 0) return false;
    // Backward-shift deletion: the entries after the hole that probed past it move into it, so no
    // search stops early and no tombstones pile up.
    const mask = this.table.length - 1;
    for (let next = (slot + 1) & mask; this.table[next] >= 0; next = (next + 1) & mask) {
      const home = this.hashes[next] & mask;
      // The entry at `next` may fill the hole unless its home lies after the hole, up to `next`.
      if (((next - home) & mask) >= ((next - slot) & mask)) {
        this.table[slot] = this.table[next];
        this.hashes[slot] = this.hashes[next];
        slot = next;
      }
    }
    this.table[slot] = -1;
    this.count--;
    return true;
  }

  clear(): void {
    this.table = new Int32Array(64).fill(-1);
    this.hashes = new Int32Array(64);
    this.count = 0;
  }

  private slotOf(key: string): number {
    const h = hash(key);
    const mask = this.table.length - 1;
    for (let slot = h & mask; this.table[slot] >= 0; slot = (slot + 1) & mask) {
      if (this.hashes[slot] === h && this.keyOf(this.table[slot]) === key) return slot;
    }
    return -1;
  }

  private resize(size: number): void {
    const oldTable = this.table;
    const oldHashes = this.hashes;
    this.table = new Int32Array(size).fill(-1);
    this.hashes = new Int32Array(size);
    const mask = size - 1;
    for (let i = 0; i < oldTable.length; i++) {
      if (oldTable[i] < 0) continue;
      let slot = oldHashes[i] & mask;
      while (this.table[slot] >= 0) slot = (slot + 1) & mask;
      this.table[slot] = oldTable[i];
      this.hashes[slot] = oldHashes[i];
    }
  }
}

/** The last string hashed: a lookup is often followed by setting the same string (`numberOf`, `add`). */
let lastText: string | undefined;
let lastHash = 0;

/**
 * FNV-1a over the length and at most the first 8 and last 24 UTF-16 code units (long titles cost
 * no more; strings that differ only in between share a hash and are told apart by comparing),
 * then mixed, so that ids that differ only in their last digit spread over the table.
 */
function hash(text: string): number {
  if (text === lastText) return lastHash;
  let h = Math.imul(0x811c9dc5 ^ text.length, 0x01000193);
  const head = Math.min(text.length, 8);
  for (let i = 0; i < head; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  for (let i = Math.max(head, text.length - 24); i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  lastText = text;
  return (lastHash = h | 0);
}
