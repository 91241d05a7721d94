/**
 * The parsed notes of a large workspace, kept on disk between sessions so that a warm start
 * reads them back instead of parsing every note again. A cached note counts only while its
 * file has the same size and modification time, and the whole cache only for the same server
 * build and the same glossary and companies (the names every note was read with).
 */
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import * as v8 from 'v8';
import type { PackedNote } from './core/packedNote';

export type CachedNote =
  | { uri: string; size: number; mtimeMs: number; note: PackedNote }
  /** A workspace glossary entry: its text, indexed before the notes so that they see its names. */
  | { uri: string; size: number; mtimeMs: number; glossary: string };

interface CacheFile {
  format: number;
  /** Written with the other part: the two files belong together only with the same id. */
  id: string;
  /** Server build + glossary + companies the notes were parsed with. */
  fingerprint: string;
  notes: CachedNote[];
}

const FORMAT = 2;
/** Two parts: the names (small, read first: a warm start shows headings within a second) and the whole notes. */
const PARTS = { names: 'index-cache-names.v8', notes: 'index-cache-notes.v8' } as const;
export type CachePart = keyof typeof PARTS;

/** Identifies the names notes are parsed with: the companies and every glossary source, and the parser (this build). */
export function glossaryFingerprint(build: string, snapshot: { companies: string[]; glossary: { uri: string; text: string }[] }): string {
  const hash = crypto.createHash('sha256').update(build);
  for (const companies of snapshot.companies) hash.update('\u0000companies\u0000').update(companies);
  for (const { uri, text } of [...snapshot.glossary].sort((a, b) => (a.uri < b.uri ? -1 : 1))) hash.update('\u0000entry\u0000').update(uri).update('\u0000').update(text);
  return hash.digest('hex');
}

/** A fingerprint of this server build, so a new version never trusts what an older parser wrote. */
export function buildFingerprint(bundleFile: string): string {
  try {
    return crypto.createHash('sha256').update(fs.readFileSync(bundleFile)).digest('hex');
  } catch {
    return `unreadable:${bundleFile}`;
  }
}

export class IndexCache {
  constructor(private readonly dir: string) {}

  /** One part of the cache, or why there is none (missing, unreadable, other format). Never throws. */
  load(part: CachePart): { id: string; fingerprint: string; notes: CachedNote[] } | { problem: string } {
    let bytes: Buffer;
    try {
      bytes = fs.readFileSync(path.join(this.dir, PARTS[part]));
    } catch {
      return { problem: 'no index cache yet' };
    }
    try {
      const data = v8.deserialize(bytes) as CacheFile;
      if (!data || data.format !== FORMAT || typeof data.fingerprint !== 'string' || typeof data.id !== 'string' || !Array.isArray(data.notes)) {
        return { problem: 'index cache of another format, ignored' };
      }
      return { id: data.id, fingerprint: data.fingerprint, notes: data.notes };
    } catch (error) {
      return { problem: `index cache unreadable, ignored (${error instanceof Error ? error.message : String(error)})` };
    }
  }

  /**
   * Replaces both parts. Each is written to a temporary file first and renamed, so a crash
   * never leaves half a file; a names part without its notes part is told by the id.
   */
  save(fingerprint: string, parts: Record<CachePart, CachedNote[]>): number {
    fs.mkdirSync(this.dir, { recursive: true });
    const id = crypto.randomUUID();
    let total = 0;
    for (const part of ['notes', 'names'] as const) {
      const bytes = v8.serialize({ format: FORMAT, id, fingerprint, notes: parts[part] } satisfies CacheFile);
      const file = path.join(this.dir, PARTS[part]);
      const temporary = `${file}.${process.pid}.tmp`;
      fs.writeFileSync(temporary, bytes);
      fs.renameSync(temporary, file);
      total += bytes.length;
    }
    return total;
  }
}
