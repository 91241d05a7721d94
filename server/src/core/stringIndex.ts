/**
 * A hash index from strings to the numbers their owner gave them, for owners that keep the strings
 * themselves (an array of ids by number): the index stores only numbers, in one open-addressing
 * table. About 5 bytes an entry against a Map's ~32 (key, value and chain per entry, plus buckets);
 * at 10k notes the graph's 117k node ids and the search index's 124k documents had 7.4 MB of Maps.
 */
export class StringIndex {
  /** Numbers by slot (-1: empty), linear probing; the size is a power of two, at most 5/8 full. */
  private table = new Int32Array(64).fill(-1);
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
    const mask = this.table.length - 1;
    let slot = hash(key) & mask;
    for (; this.table[slot] >= 0; slot = (slot + 1) & mask) {
      if (this.keyOf(this.table[slot]) === key) {
        this.table[slot] = n;
        return;
      }
    }
    this.table[slot] = n;
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
      const home = hash(this.keyOf(this.table[next])!) & mask;
      // The entry at `next` may fill the hole unless its home lies after the hole, up to `next`.
      if (((next - home) & mask) >= ((next - slot) & mask)) {
        this.table[slot] = this.table[next];
        slot = next;
      }
    }
    this.table[slot] = -1;
    this.count--;
    return true;
  }

  clear(): void {
    this.table = new Int32Array(64).fill(-1);
    this.count = 0;
  }

  private slotOf(key: string): number {
    const mask = this.table.length - 1;
    for (let slot = hash(key) & mask; this.table[slot] >= 0; slot = (slot + 1) & mask) {
      if (this.keyOf(this.table[slot]) === key) return slot;
    }
    return -1;
  }

  private resize(size: number): void {
    const old = this.table;
    this.table = new Int32Array(size).fill(-1);
    const mask = size - 1;
    for (const n of old) {
      if (n < 0) continue;
      let slot = hash(this.keyOf(n)!) & mask;
      while (this.table[slot] >= 0) slot = (slot + 1) & mask;
      this.table[slot] = n;
    }
  }
}

/** The last string hashed: a lookup is often followed by setting the same string (`numberOf`, `add`). */
let lastText: string | undefined;
let lastHash = 0;

/** FNV-1a over UTF-16 code units, then mixed (ids that differ in their last digit must spread). */
function hash(text: string): number {
  if (text === lastText) return lastHash;
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  lastText = text;
  return (lastHash = h >>> 0);
}
