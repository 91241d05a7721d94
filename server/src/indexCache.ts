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
import { namesOf } from './core/noteParser';
import { packNote, PackedNote } from './core/packedNote';
import type { NoteFile } from './workspaceFiles';

export type CachedNote =
  | { uri: string; size: number; mtimeMs: number; note: PackedNote }
  /** A workspace glossary entry: its text, indexed before the notes so that they see its names. */
  | { uri: string; size: number; mtimeMs: number; glossary: string };

interface CacheFile {
  format: number;
  /** One write: the names file and its shards belong together only with the same id. */
  id: string;
  /** Server build + glossary + companies the notes were parsed with. */
  fingerprint: string;
  notes: CachedNote[];
  /** In the names file: how many shards of whole notes go with it. */
  shards?: number;
}

const FORMAT = 4;
/**
 * The names (small, read first: a warm start shows headings within a second), then the whole
 * notes in shards, each read or written between requests (one file of 72 MB blocked for 0.6 s).
 */
const NAMES_FILE = 'index-cache-names.v8';
const shardFile = (index: number) => `index-cache-notes-${index}.v8`;
const NOTES_PER_SHARD = 1000;

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

  /** The names file, or why there is none (missing, unreadable, other format). Never throws. */
  loadNames(): { id: string; fingerprint: string; notes: CachedNote[]; shards: number } | { problem: string } {
    const data = this.read(NAMES_FILE);
    if ('problem' in data) return data;
    return { id: data.id, fingerprint: data.fingerprint, notes: data.notes, shards: data.shards ?? 0 };
  }

  /** One shard of whole notes, if it belongs to the write `id`. Never throws. */
  loadShard(index: number, id: string): { notes: CachedNote[] } | { problem: string } {
    const data = this.read(shardFile(index));
    if ('problem' in data) return data;
    return data.id === id ? { notes: data.notes } : { problem: 'a shard of notes from another write' };
  }

  private read(name: string): CacheFile | { problem: string } {
    let bytes: Buffer;
    try {
      bytes = fs.readFileSync(path.join(this.dir, name));
    } catch {
      return { problem: 'no index cache yet' };
    }
    try {
      const data = v8.deserialize(bytes) as CacheFile;
      if (!data || data.format !== FORMAT || typeof data.fingerprint !== 'string' || typeof data.id !== 'string' || !Array.isArray(data.notes)) {
        return { problem: 'index cache of another format, ignored' };
      }
      return data;
    } catch (error) {
      return { problem: `index cache unreadable, ignored (${error instanceof Error ? error.message : String(error)})` };
    }
  }

  /**
   * A new write: shards first, the names file last. Each file is written to a temporary name and
   * renamed, so a crash never leaves half a file; shards without their names file are told by the id.
   */
  beginWrite(fingerprint: string): { addShard(notes: CachedNote[]): number; finish(names: CachedNote[]): number } {
    fs.mkdirSync(this.dir, { recursive: true });
    const id = crypto.randomUUID();
    let shards = 0;
    const write = (name: string, data: CacheFile) => {
      const bytes = v8.serialize(data);
      const file = path.join(this.dir, name);
      const temporary = `${file}.${process.pid}.tmp`;
      fs.writeFileSync(temporary, bytes);
      fs.renameSync(temporary, file);
      return bytes.length;
    };
    return {
      addShard: (notes) => write(shardFile(shards++), { format: FORMAT, id, fingerprint, notes }),
      finish: (names) => {
        const bytes = write(NAMES_FILE, { format: FORMAT, id, fingerprint, notes: names, shards });
        // Shards of an older, larger write are of no use any more.
        for (let i = shards; fs.existsSync(path.join(this.dir, shardFile(i))); i++) fs.rmSync(path.join(this.dir, shardFile(i)), { force: true });
        return bytes;
      },
    };
  }
}

/** What reading and writing the cache needs from the server. */
export interface CacheHost {
  kb: KnowledgeBase;
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
  names: PackedNote[];
  /** The whole unchanged notes, a shard at a time, read after the names are searchable. */
  notes: () => IterableIterator<PackedNote[]>;
  /** Glossary generation the cached parses are valid for. */
  generation: number;
  /** Files the cache answers for: unchanged notes and workspace glossary entries. */
  done: Set<string>;
  /** Every file answered and nothing gone: the cache on disk stays as it is. */
  complete: boolean;
}

/** Nothing from the cache: every note is parsed. */
export function noCache(done = new Set<string>()): CacheRead {
  return { names: [], notes: () => [][Symbol.iterator](), generation: -1, done, complete: false };
}

/**
 * What the index cache still holds for `files`: its glossary entries whose files are unchanged
 * are indexed first (notes were parsed with their names); then, if the glossary and companies
 * are the ones the cache was written with, every unchanged note comes back, names first.
 */
export function readCache(cache: IndexCache, files: NoteFile[], host: CacheHost): CacheRead {
  const started = Date.now();
  const loaded = cache.loadNames();
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
  const names = unchanged.flatMap((entry) => ('note' in entry ? [entry.note] : []));
  for (const note of names) done.add(note.uri);
  host.info(`Index cache: names of ${names.length} unchanged notes read back in ${Date.now() - started} ms.`);
  const wanted = new Set(names.map((n) => n.uri));
  const { id, shards } = loaded;
  function* notes(): IterableIterator<PackedNote[]> {
    const read = Date.now();
    let count = 0;
    for (let i = 0; i < shards; i++) {
      const shard = cache.loadShard(i, id);
      if ('problem' in shard) {
        host.info(`Index cache: ${shard.problem}; those notes are parsed again.`);
        continue;
      }
      const whole = shard.notes.flatMap((entry) => ('note' in entry && wanted.has(entry.uri) && isUnchanged(entry) ? [entry.note] : []));
      count += whole.length;
      yield whole;
    }
    host.info(`Index cache: ${count} whole notes read back in ${Date.now() - read} ms (with indexing them, a shard at a time).`);
  }
  return { names, notes, generation: snapshot.generation, done, complete: done.size === files.length && loaded.notes.length === files.length };
}

/**
 * Writes the index cache after an index pass: packing and writing every note takes a while
 * (seconds at 100k notes), so it is done a few hundred notes at a time between requests;
 * `finish` (at shutdown) ends it at once.
 */
export class CacheWriter {
  private steps: Generator<void, void> | undefined;

  constructor(private readonly host: () => CacheHost) {}

  /** Writes between requests; `done` runs once the whole cache is written (not if dropped). */
  start(cache: IndexCache, files: NoteFile[], done?: () => void): void {
    const steps = this.write(cache, files);
    this.steps = steps;
    const step = () => {
      if (this.steps !== steps) return; // finished at shutdown, or dropped by a new index pass
      if (this.next(steps)) setImmediate(step);
      else {
        this.steps = undefined;
        done?.();
      }
    };
    setImmediate(step);
  }

  /** Drops a write in progress (a new index pass writes its own). */
  cancel(): void {
    this.steps = undefined;
  }

  /** Does whatever is left at once. */
  finish(): void {
    const steps = this.steps;
    this.steps = undefined;
    while (steps && this.next(steps)) { /* on */ }
  }

  /** One step; false once done. Never throws: a cache that cannot be written only costs the next start its speed. */
  private next(steps: Generator<void, void>): boolean {
    try {
      return !steps.next().done;
    } catch (error) {
      this.host().warn(`Index cache not written: ${error instanceof Error ? error.message : String(error)}`);
      return false;
    }
  }

  /** Packs every fully indexed workspace note (not those with unsaved editors) into shards, then the names. */
  private *write(cache: IndexCache, files: NoteFile[]): Generator<void, void> {
    const started = Date.now();
    const { kb, isOpen, build } = this.host();
    const snapshot = kb.snapshot();
    const glossaryTexts = new Map(snapshot.glossary.map((g) => [g.uri, g.text]));
    const writing = cache.beginWrite(glossaryFingerprint(build, snapshot));
    const names: CachedNote[] = [];
    let notes: CachedNote[] = [];
    let bytes = 0;
    let count = 0;
    const flush = () => {
      bytes += writing.addShard(notes);
      count += notes.length;
      notes = [];
    };
    for (const [i, file] of files.entries()) {
      if (i % 50 === 49) yield; // a few ms of work at a time: requests wait at most that long
      const { uri } = file;
      if (isOpen(uri)) continue;
      const glossary = glossaryTexts.get(uri);
      const note = kb.note(uri);
      const stat = { uri, size: file.size, mtimeMs: file.mtimeMs };
      if (glossary !== undefined) names.push({ ...stat, glossary });
      else if (note && kb.isFullyIndexed(uri)) {
        names.push({ ...stat, note: packNote(namesOf(note)) });
        notes.push({ ...stat, note: packNote(note) });
        if (notes.length >= NOTES_PER_SHARD) {
          flush();
          yield;
        }
      }
    }
    if (notes.length > 0) flush();
    // The notes were packed as parsed with the glossary fingerprinted above; if it changed meanwhile, leave the old names file be.
    if (kb.snapshot().generation !== snapshot.generation) {
      this.host().info('Index cache: the glossary changed while the cache was written; not written this time.');
      return;
    }
    bytes += writing.finish(names);
    this.host().info(`Index cache: ${count} notes written (${Math.round(bytes / 1e6)} MB) in ${Date.now() - started} ms.`);
  }
}
