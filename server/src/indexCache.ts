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
import type { KnowledgeBase } from './core/knowledgeBase';
import { namesOf, NoteContribution } from './core/noteParser';
import { packNote, PackedNote, StringPool, unpackNote } from './core/packedNote';
import type { NoteFile } from './workspaceFiles';

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

/** What reading and writing the cache needs from the server. */
export interface CacheHost {
  kb: KnowledgeBase;
  /** Ids and labels shared by every unpacked note. */
  strings: StringPool;
  /** Identifies this server build (see `buildFingerprint`). */
  build: string;
  /** Notes open in an editor: their text there wins over the disk and the cache. */
  isOpen(uri: string): boolean;
  /** Indexes a workspace glossary entry the cache holds, and reports its problems. */
  setGlossaryNote(uri: string, text: string): void;
  info(message: string): void;
  warn(message: string): void;
}

export interface CacheRead {
  /** Names of the unchanged notes, from the small part of the cache. */
  names: NoteContribution[];
  /** The whole unchanged notes, from the large part, read after the names are searchable. */
  notes: () => NoteContribution[];
  /** Glossary generation the cached parses are valid for. */
  generation: number;
  /** Files the cache answers for: unchanged notes and workspace glossary entries. */
  done: Set<string>;
  /** Every file answered and nothing gone: the cache on disk stays as it is. */
  complete: boolean;
}

/** Nothing from the cache: every note is parsed. */
export function noCache(done = new Set<string>()): CacheRead {
  return { names: [], notes: () => [], generation: -1, done, complete: false };
}

/**
 * What the index cache still holds for `files`: its glossary entries whose files are unchanged
 * are indexed first (notes were parsed with their names); then, if the glossary and companies
 * are the ones the cache was written with, every unchanged note comes back, names first.
 */
export function readCache(cache: IndexCache, files: NoteFile[], host: CacheHost): CacheRead {
  const started = Date.now();
  const loaded = cache.load('names');
  if ('problem' in loaded) {
    host.info(`Index cache: ${loaded.problem}.`);
    return noCache();
  }
  const onDisk = new Map(files.map((f) => [f.uri, f]));
  const isUnchanged = (entry: CachedNote) => {
    const file = onDisk.get(entry.uri);
    return file !== undefined && file.size === entry.size && file.mtimeMs === entry.mtimeMs && !host.isOpen(entry.uri);
  };
  const unchanged = loaded.notes.filter(isUnchanged);
  const done = new Set<string>();
  for (const entry of unchanged) {
    if ('glossary' in entry) {
      host.setGlossaryNote(entry.uri, entry.glossary);
      done.add(entry.uri);
    }
  }
  const snapshot = host.kb.snapshot();
  if (glossaryFingerprint(host.build, snapshot) !== loaded.fingerprint) {
    host.info('Index cache: written with other glossary entries, companies or another version of Data Notes; notes are parsed again.');
    return noCache(done);
  }
  const names = unchanged.flatMap((entry) => ('note' in entry ? [unpackNote(entry.note, host.strings)] : []));
  for (const note of names) done.add(note.uri);
  host.info(`Index cache: names of ${names.length} unchanged notes read back in ${Date.now() - started} ms.`);
  const notes = () => {
    const read = Date.now();
    const whole = cache.load('notes');
    if ('problem' in whole || whole.id !== loaded.id) {
      host.info(`Index cache: ${'problem' in whole ? whole.problem : 'notes part from another write'}; those notes are parsed again.`);
      return [];
    }
    const wanted = new Set(names.map((n) => n.uri));
    const result = whole.notes.flatMap((entry) => ('note' in entry && wanted.has(entry.uri) && isUnchanged(entry) ? [unpackNote(entry.note, host.strings)] : []));
    host.info(`Index cache: ${result.length} whole notes read back in ${Date.now() - read} ms.`);
    return result;
  };
  return { names, notes, generation: snapshot.generation, done, complete: done.size === files.length && loaded.notes.length === files.length };
}

/**
 * Writes the index cache after an index pass: packing every note takes a while (seconds at
 * 100k notes), so it is done a chunk at a time between requests; `finish` (at shutdown) ends it at once.
 */
export class CacheWriter {
  private write: { cache: IndexCache; steps: Generator<void, Record<CachePart, CachedNote[]>>; started: number } | undefined;

  constructor(private readonly host: () => CacheHost) {}

  start(cache: IndexCache, files: NoteFile[]): void {
    const write = { cache, steps: this.pack(files), started: Date.now() };
    this.write = write;
    const step = () => {
      if (this.write !== write) return; // finished at shutdown, or dropped by a new index pass
      const next = write.steps.next();
      if (next.done) {
        this.write = undefined;
        this.save(write, next.value);
      } else setImmediate(step);
    };
    setImmediate(step);
  }

  /** Drops a write in progress (a new index pass writes its own). */
  cancel(): void {
    this.write = undefined;
  }

  /** Packs whatever is left at once and writes the cache. */
  finish(): void {
    const write = this.write;
    this.write = undefined;
    if (!write) return;
    let step = write.steps.next();
    while (!step.done) step = write.steps.next();
    this.save(write, step.value);
  }

  /** Packs every fully indexed workspace note (not those with unsaved editors), yielding every few hundred. */
  private *pack(files: NoteFile[]): Generator<void, Record<CachePart, CachedNote[]>> {
    const { kb, isOpen } = this.host();
    const glossaryTexts = new Map(kb.snapshot().glossary.map((g) => [g.uri, g.text]));
    const names: CachedNote[] = [];
    const notes: CachedNote[] = [];
    for (const [i, file] of files.entries()) {
      if (i % 500 === 499) yield;
      const { uri } = file;
      if (isOpen(uri)) continue;
      const glossary = glossaryTexts.get(uri);
      const note = kb.note(uri);
      const stat = { uri, size: file.size, mtimeMs: file.mtimeMs };
      if (glossary !== undefined) names.push({ ...stat, glossary });
      else if (note && !kb.isNamesOnly(uri)) {
        names.push({ ...stat, note: packNote(namesOf(note)) });
        notes.push({ ...stat, note: packNote(note) });
      }
    }
    return { names, notes };
  }

  /** Never throws: a cache that cannot be written only costs the next start its speed. */
  private save(write: { cache: IndexCache; started: number }, parts: Record<CachePart, CachedNote[]>): void {
    try {
      // The glossary cannot have changed meanwhile unnoticed: a change re-reads the notes, and a new index pass cancels this write.
      const host = this.host();
      const bytes = write.cache.save(glossaryFingerprint(host.build, host.kb.snapshot()), parts);
      host.info(`Index cache: ${parts.notes.length} notes written (${Math.round(bytes / 1e6)} MB) in ${Date.now() - write.started} ms.`);
    } catch (error) {
      this.host().warn(`Index cache not written: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
