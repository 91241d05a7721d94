/**
 * The body texts of the graph's nodes, one text per file (its nodes' bodies one after another).
 * A file's text stays a string while it is new and is deflated by `settle` when the server is
 * idle: bodies are most of a note's text, and only the few shown in results and hovers are read
 * again; Korean text takes two bytes a character as a string and deflates well.
 */
import { deflateRawSync, inflateRawSync } from 'zlib';

/** Texts shorter than this stay as they are: deflating them saves next to nothing. */
const MIN_DEFLATED_CHARS = 256;
/** How many files' texts are kept inflated (a search shows tens of results, a hover a few). */
const MAX_INFLATED = 64;
/**
 * Deflating must leave no small garbage on the C heap: freed between buffers that stay, it is not
 * given back (figures in BENCHMARKS.md). So the texts kept are copied into shared blocks of 1 MB,
 * and the input and output buffers are large, which allocators map and unmap whole.
 */
const BLOCK_BYTES = 1 << 20;
const BUFFER_BYTES = 256 * 1024;
/** A 4 KB window (a note's bodies are a few KB of UTF-8) keeps zlib's own state at ~30 KB. */
const DEFLATE_OPTIONS = { level: 1, windowBits: 12, memLevel: 4, chunkSize: BUFFER_BYTES };
const INFLATE_OPTIONS = { windowBits: 12 };
const TWO_BYTE = /[^\u0000-\u00ff]/;

export class BodyStore {
  private readonly texts: (string | Uint8Array | undefined)[] = [];
  /** Files whose text is still a string. */
  private readonly fresh = new Set<number>();
  /** Inflated texts, least recently used first. */
  private readonly inflated = new Map<number, string>();
  private block = new Uint8Array(0);
  private blockUsed = 0;
  /** The UTF-8 of the text being deflated, reused from one text to the next while `settle` runs. */
  private scratch = Buffer.alloc(0);

  /** Sets file `file`'s text (undefined: it has none). */
  set(file: number, text: string | undefined): void {
    this.delete(file);
    if (text === undefined) return;
    this.texts[file] = text;
    this.fresh.add(file);
  }

  delete(file: number): void {
    this.texts[file] = undefined;
    this.fresh.delete(file);
    this.inflated.delete(file);
  }

  /** Forgets the texts kept inflated for the next reads. */
  dropCaches(): void {
    this.inflated.clear();
  }

  /** How many texts are deflated, and their size. */
  sizes(): { deflatedFiles: number; deflatedBytes: number } {
    let deflatedFiles = 0;
    let deflatedBytes = 0;
    for (const text of this.texts) {
      if (text instanceof Uint8Array) {
        deflatedFiles++;
        deflatedBytes += text.length;
      }
    }
    return { deflatedFiles, deflatedBytes };
  }

  /** `length` characters of file `file`'s text from `start`. */
  slice(file: number, start: number, length: number): string {
    return this.text(file).slice(start, start + length);
  }

  /**
   * Deflates the texts set since the last call until `deadline` (a `performance.now()` time)
   * passes; returns true when none is left. A note's text takes ~40 µs, and ~20 µs to inflate.
   */
  settle(deadline = Infinity): boolean {
    for (const file of this.fresh) {
      if (performance.now() >= deadline) return false;
      this.fresh.delete(file);
      const text = this.texts[file];
      if (typeof text !== 'string' || text.length < MIN_DEFLATED_CHARS) continue;
      const deflated = deflateRawSync(this.utf8(text), DEFLATE_OPTIONS);
      // V8 keeps a string with any character past U+00FF at two bytes a character (Korean text).
      const stringBytes = TWO_BYTE.test(text) ? text.length * 2 : text.length;
      if (deflated.length < stringBytes) this.texts[file] = this.keep(deflated);
    }
    this.scratch = Buffer.alloc(0);
    return true;
  }

  private utf8(text: string): Buffer {
    const most = text.length * 3;
    if (this.scratch.length < most) this.scratch = Buffer.allocUnsafe(Math.max(most, BUFFER_BYTES));
    return this.scratch.subarray(0, this.scratch.write(text));
  }

  /** A copy of `bytes` inside the current block (a block of its own if it is larger). */
  private keep(bytes: Uint8Array): Uint8Array {
    if (bytes.length > BLOCK_BYTES / 4) return new Uint8Array(bytes);
    if (this.blockUsed + bytes.length > this.block.length) {
      // A block is freed once no text in it is current any more.
      this.block = new Uint8Array(BLOCK_BYTES);
      this.blockUsed = 0;
    }
    const kept = this.block.subarray(this.blockUsed, this.blockUsed + bytes.length);
    kept.set(bytes);
    this.blockUsed += bytes.length;
    return kept;
  }

  private text(file: number): string {
    const text = this.texts[file];
    if (text === undefined || typeof text === 'string') return text ?? '';
    let inflated = this.inflated.get(file);
    if (inflated === undefined) {
      inflated = inflateRawSync(text, INFLATE_OPTIONS).toString('utf8');
      if (this.inflated.size >= MAX_INFLATED) this.inflated.delete(this.inflated.keys().next().value!);
    } else {
      this.inflated.delete(file);
    }
    this.inflated.set(file, inflated);
    return inflated;
  }
}
