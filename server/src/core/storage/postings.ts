/**
 * Storage for the search index: lists of numbers by key, kept in one pool of typed memory.
 * (With `stringIndex.ts` and `bodyStore.ts`, the structures the index keeps its data in.)
 */

/** Pools start at 256 KB, a size allocators map whole rather than cut from their heap. */
const MIN_POOL = 64 * 1024;

/** A typed array of twice the length, with the same numbers first. */
export function grow<T extends Uint8Array<ArrayBuffer> | Uint16Array<ArrayBuffer> | Uint32Array<ArrayBuffer> | Int32Array<ArrayBuffer>>(array: T): T {
  const bigger = new (array.constructor as new (length: number) => T)(array.length * 2);
  bigger.set(array);
  return bigger;
}

/**
 * Lists of numbers by key (a gram's names, a word's documents), all kept in one pool. A typed
 * array of their own each, regrown as it filled, costs an object apiece and leaves the C heap full
 * of holes it does not give back; a pool of 1 MB and more is mapped and unmapped whole. A full
 * list moves to the end of the pool with room to grow; the space it leaves is reclaimed when the
 * pool is rebuilt (when full, or by `settle` once the index is idle).
 */
export class Postings {
  private readonly listOf = new Map<string, number>();
  /** By list number: where it starts in the pool, how many numbers it holds and has room for. */
  private starts = new Int32Array(256);
  private lengths = new Int32Array(256);
  private capacities = new Int32Array(256);
  private lists = 0;
  private pool = new Int32Array(MIN_POOL);
  private used = 0;
  private static readonly EMPTY = new Int32Array(0);

  add(key: string, value: number): void {
    let list = this.listOf.get(key);
    if (list === undefined) {
      list = this.lists++;
      if (list >= this.starts.length) {
        this.starts = grow(this.starts);
        this.lengths = grow(this.lengths);
        this.capacities = grow(this.capacities);
      }
      this.listOf.set(key, list);
    }
    if (this.lengths[list] === this.capacities[list]) this.moveToEnd(list, Math.max(4, Math.ceil(this.capacities[list] * 1.5)));
    this.pool[this.starts[list] + this.lengths[list]++] = value;
  }

  /** The numbers under `key`, in the order added (a view: valid until the next `add` or `trim`). */
  get(key: string): Int32Array {
    const list = this.listOf.get(key);
    return list === undefined ? Postings.EMPTY : this.pool.subarray(this.starts[list], this.starts[list] + this.lengths[list]);
  }

  keys(): IterableIterator<string> {
    return this.listOf.keys();
  }

  *entries(): IterableIterator<[string, Int32Array]> {
    for (const key of this.listOf.keys()) yield [key, this.get(key)];
  }

  /** Rebuilds the pool with no room to spare, for an index that is done growing for now, unless it is tight already. */
  settle(): void {
    let live = 0;
    for (let list = 0; list < this.lists; list++) live += this.lengths[list];
    if (this.pool.length > live * 1.25 + MIN_POOL) this.rebuild(0, false);
  }

  private moveToEnd(list: number, capacity: number): void {
    if (this.used + capacity > this.pool.length) this.rebuild(capacity, true);
    const start = this.starts[list];
    this.pool.copyWithin(this.used, start, start + this.lengths[list]);
    this.starts[list] = this.used;
    this.capacities[list] = capacity;
    this.used += capacity;
  }

  /**
   * A new pool holding every list, with room for `more` at the end. While the index grows
   * (`growing`), each list keeps room for a quarter more and the pool for half as much again:
   * lists packed tight would all move again at their next number, and the pool fill up at once.
   */
  private rebuild(more: number, growing: boolean): void {
    let total = more;
    for (let list = 0; list < this.lists; list++) {
      this.capacities[list] = growing ? this.lengths[list] + (this.lengths[list] >> 2) + 2 : this.lengths[list];
      total += this.capacities[list];
    }
    const pool = new Int32Array(Math.max(MIN_POOL, growing ? Math.ceil(total * 1.5) : total));
    let at = 0;
    for (let list = 0; list < this.lists; list++) {
      const start = this.starts[list];
      pool.set(this.pool.subarray(start, start + this.lengths[list]), at);
      this.starts[list] = at;
      at += this.capacities[list];
    }
    this.pool = pool;
    this.used = at;
  }
}
