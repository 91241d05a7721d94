/** A small seeded PRNG (mulberry32) and helpers, so every run generates the same corpus. */
export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  /** Index skewed towards the start (popular items first): roughly Zipf with exponent ~1. */
  skewedIndex(length: number): number {
    return Math.min(length - 1, Math.floor(Math.pow(length + 1, this.next()) - 1));
  }

  skewed<T>(items: readonly T[]): T {
    return items[this.skewedIndex(items.length)];
  }

  /** A derived generator, so one part of the corpus does not shift the others. */
  fork(salt: number): Rng {
    return new Rng((Math.imul(this.state ^ salt, 0x9e3779b1) + salt) >>> 0);
  }
}
