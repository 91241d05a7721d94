/**
 * The parsed notes of a large workspace, kept on disk between sessions so that a warm start
 * reads them back instead of parsing every note again. A cached note counts only while its
 * file has the same size and modification time, and the whole cache only for the same server
 * build and the same glossary and companies (the names every note was read with).
 *
 * On disk: a small manifest names the parts that make up the cache, parts of names (read first:
 * a warm start shows headings within a second) and parts of whole notes. Parts are written by
 * the parser threads, which hold the packed notes anyway: the server's own thread never packs
 * or serializes the workspace again (memory that churn touches is not given back), and only
 * writes the manifest. Parts are never changed once written; a later write lists again the
 * parts whose notes are mostly unchanged, and copies the rest.
 */
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import * as v8 from 'v8';
import { intoOneBuffer, isValidPackedNote, PackedNote, packedNamesOf } from './core/storage/packedNote';
import type { NoteFile } from './workspaceFiles';

export type CachedNote =
  | { uri: string; size: number; mtimeMs: number; note: PackedNote }
  /** A workspace glossary entry: its text, indexed before the notes so that they see its names. */
  | { uri: string; size: number; mtimeMs: number; glossary: string };

type CachedParse = Extract<CachedNote, { note: PackedNote }>;

export interface CacheManifest {
  format: number;
  /** Server build + glossary + companies the notes were parsed with. */
  fingerprint: string;
  /** Parts holding names and glossary entries. */
  names: string[];
  /** Parts holding whole notes. */
  notes: string[];
}

/** The parts of a cache one parser thread wrote, and how many entries and bytes they hold. */
export interface CacheParts {
  names: string[];
  notes: string[];
  count: number;
  bytes: number;
}

/** What a write may keep of the cache it replaces: the notes the server read back from it, as they are on disk. */
export interface CacheReuse {
  previous: CacheManifest;
  keep: { uri: string; size: number; mtimeMs: number }[];
}

const FORMAT = 5;
const MANIFEST_FILE = 'index-cache.v8';
const PART_PREFIX = 'index-cache-part-';
/** The files the cache writes: its manifest, its parts, and their temporary files. Nothing else is its to delete. */
const CACHE_FILE = /^index-cache(?:-part-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})?\.v8(?:\.\d+\.tmp)?$/;
/** How long an unlisted part is left alone: another window's pass may be about to list it. */
const UNLISTED_GRACE_MS = 10 * 60 * 1000;
/** Each part is read or written in one step between requests, so parts stay small enough not to block them. */
export const NOTES_PER_PART = 250;
/** A part whose notes are mostly still wanted is listed again as it is; stale entries in it are skipped on reading. */
const REUSE_PART_SHARE = 0.7;

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
  constructor(readonly dir: string) {}

  /** The manifest, or why there is none (missing, unreadable, other format). Never throws. */
  loadManifest(): CacheManifest | { problem: string } {
    const data = this.read(MANIFEST_FILE) as Partial<CacheManifest> | { problem: string };
    if ('problem' in data) return data;
    if (data.format !== FORMAT || typeof data.fingerprint !== 'string' || !isNameList(data.names) || !isNameList(data.notes)) {
      return { problem: 'index cache of another format, ignored' };
    }
    return data as CacheManifest;
  }

  /** The entries of one part. Never throws. */
  loadPart(name: string): CachedNote[] | { problem: string } {
    const data = this.read(name) as { format?: number; notes?: unknown } | { problem: string };
    if ('problem' in data) return data;
    if (data.format !== FORMAT || !Array.isArray(data.notes)) return { problem: 'index cache of another format, ignored' };
    // Bytes can flip and still deserialize: one entry in doubt and the part's notes are parsed again.
    if (!data.notes.every(isCachedNote)) return { problem: `part ${name} of the index cache is damaged` };
    return data.notes as CachedNote[];
  }

  /** Writes one part under a new name, and returns its name and size. */
  writePart(notes: CachedNote[]): { name: string; bytes: number } {
    const name = `${PART_PREFIX}${crypto.randomUUID()}.v8`;
    return { name, bytes: this.write(name, { format: FORMAT, notes }) };
  }

  /**
   * Makes `manifest` the cache, then removes the files of the cache it does not list (parts of
   * older writes, parts an abandoned pass wrote, temporary files of a crash). Only files the cache
   * names itself are ever removed, whatever else the folder holds. Parts the replaced manifest
   * listed go at once; others only once they are old enough that no other window on the same
   * workspace can be about to list them.
   */
  commit(manifest: Omit<CacheManifest, 'format'>, now = Date.now()): number {
    const replaced = this.loadManifest();
    const retired = new Set('problem' in replaced ? [] : [...replaced.names, ...replaced.notes]);
    const bytes = this.write(MANIFEST_FILE, { format: FORMAT, ...manifest });
    const listed = new Set([MANIFEST_FILE, ...manifest.names, ...manifest.notes]);
    for (const file of fs.readdirSync(this.dir)) {
      if (!CACHE_FILE.test(file) || listed.has(file)) continue;
      const full = path.join(this.dir, file);
      try {
        if (retired.has(file) || now - fs.statSync(full).mtimeMs >= UNLISTED_GRACE_MS) fs.rmSync(full, { force: true });
      } catch {
        // gone already (another window cleaned up first)
      }
    }
    return bytes;
  }

  private read(name: string): object | { problem: string } {
    let bytes: Buffer;
    try {
      bytes = fs.readFileSync(path.join(this.dir, name));
    } catch {
      return { problem: name === MANIFEST_FILE ? 'no index cache yet' : `part ${name} of the index cache is missing` };
    }
    try {
      const data: unknown = v8.deserialize(bytes);
      return data && typeof data === 'object' ? data : { problem: 'index cache of another format, ignored' };
    } catch (error) {
      return { problem: `index cache unreadable, ignored (${error instanceof Error ? error.message : String(error)})` };
    }
  }

  /** To a temporary name, then renamed: a crash never leaves half a file under the real name. */
  private write(name: string, data: object): number {
    fs.mkdirSync(this.dir, { recursive: true });
    const bytes = v8.serialize(data);
    const file = path.join(this.dir, name);
    const temporary = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(temporary, bytes);
    fs.renameSync(temporary, file);
    return bytes.length;
  }
}

function isCachedNote(value: unknown): value is CachedNote {
  if (!value || typeof value !== 'object') return false;
  const entry = value as Record<string, unknown>;
  if (typeof entry.uri !== 'string' || typeof entry.size !== 'number' || typeof entry.mtimeMs !== 'number') return false;
  return 'glossary' in entry ? typeof entry.glossary === 'string' : isValidPackedNote(entry.note) && entry.note.uri === entry.uri;
}

const isNameList = (value: unknown): value is string[] => Array.isArray(value) && value.every((v) => typeof v === 'string' && !v.includes('/') && !v.includes('\\'));

/**
 * Collects the entries a parser thread parsed; `finish` writes them in parts, with what `reuse`
 * keeps. Written at the end, once the server's thread has indexed them and is idle: written as
 * they came, the parts would take CPU time from indexing on a two-core machine.
 */
export class CacheRecorder {
  private names: CachedNote[] = [];
  private notes: CachedParse[] = [];
  private readonly parts: CacheParts = { names: [], notes: [], count: 0, bytes: 0 };

  constructor(private readonly cache: IndexCache, private readonly fingerprint: string) {}

  /** A parsed note or a glossary entry. */
  add(entry: CachedNote): void {
    if ('glossary' in entry) this.names.push(entry);
    else this.notes.push(entry);
  }

  finish(reuse?: CacheReuse): CacheParts {
    const parsed = this.notes;
    this.notes = [];
    if (reuse) this.reuse(reuse);
    const names: PackedNote[] = [];
    for (const entry of parsed) {
      // Names are made only now, from the packed note: making them as each note came took time from indexing.
      const note = packedNamesOf(entry.note);
      names.push(note);
      this.names.push({ ...entry, note });
      this.addNote(entry);
    }
    intoOneBuffer(names);
    if (this.notes.length > 0) this.flushNotes();
    if (this.names.length > 0) this.flush(this.names, this.parts.names);
    this.names = [];
    return this.parts;
  }

  private addNote(entry: CachedParse): void {
    this.notes.push(entry);
    if (this.notes.length >= NOTES_PER_PART) this.flushNotes();
  }

  private flushNotes(): void {
    this.parts.count += this.notes.length;
    this.flush(this.notes, this.parts.notes);
    this.notes = [];
  }

  private flush(entries: CachedNote[], into: string[]): void {
    const { name, bytes } = this.cache.writePart(entries);
    into.push(name);
    this.parts.bytes += bytes;
  }

  /**
   * Keeps the entries of `keep` from the previous cache: glossary texts always, parsed notes only
   * if they were parsed with the same names. A part mostly kept is listed again as it is.
   */
  private reuse({ previous, keep }: CacheReuse): void {
    const kept = new Map(keep.map((file) => [file.uri, file]));
    const sameNames = previous.fingerprint === this.fingerprint;
    // An older entry of a kept note may linger in a part listed again: only the one read back counts.
    const take = (entry: CachedNote) => {
      const file = kept.get(entry.uri);
      return file !== undefined && file.size === entry.size && file.mtimeMs === entry.mtimeMs && ('glossary' in entry || sameNames);
    };
    for (const [parts, into, collect] of [[previous.names, this.parts.names, this.names], [previous.notes, this.parts.notes, undefined]] as const) {
      for (const part of parts) {
        const entries = this.cache.loadPart(part);
        if ('problem' in entries) continue;
        const taken = entries.filter(take);
        if (sameNames && taken.length >= entries.length * REUSE_PART_SHARE) {
          into.push(part);
          if (!collect) this.parts.count += taken.length;
        } else if (collect) collect.push(...taken);
        else for (const entry of taken) if ('note' in entry) this.addNote(entry);
      }
    }
  }
}

/** What reading the cache needs from the server. */
export interface CacheHost {
  /** Identifies this server build (see `buildFingerprint`). */
  build: string;
  /** Notes open in an editor: their text there wins over the disk and the cache. */
  isOpen(uri: string): boolean;
  info(message: string): void;
}

/** What `readCache` found: the workspace glossary entries to index first, then `accept` gives the notes. */
export interface CachedWorkspace {
  /** Unchanged workspace glossary notes: the cached notes were parsed with their names. */
  glossary: { uri: string; text: string }[];
  /**
   * Once the glossary entries are indexed: every unchanged note, if the glossary and companies
   * are the ones the cache was written with (`snapshot` of the knowledge base now); else nothing.
   */
  accept(snapshot: { generation: number; companies: string[]; glossary: { uri: string; text: string }[] }): CacheRead;
}

export interface CacheRead {
  /** Names of the unchanged notes, from the small part of the cache. */
  names: PackedNote[];
  /** The whole unchanged notes, a part at a time, read after the names are searchable. */
  notes: () => IterableIterator<PackedNote[]>;
  /** Glossary generation the cached parses are valid for. */
  generation: number;
  /** Files the cache answers for: unchanged notes and workspace glossary entries. */
  done: Set<string>;
  /** The cache read, which the next write may partly keep. */
  manifest?: CacheManifest;
}

/** Nothing from the cache: every note is parsed. */
export function noCache(done = new Set<string>(), manifest?: CacheManifest): CacheRead {
  return { names: [], notes: () => [][Symbol.iterator](), generation: -1, done, manifest };
}

/**
 * What the index cache still holds for `files`, read and nothing else: its glossary entries whose
 * files are unchanged (to be indexed first: notes were parsed with their names), then, through
 * `accept`, every unchanged note, names first.
 */
export function readCache(cache: IndexCache, files: NoteFile[], host: CacheHost): CachedWorkspace {
  const started = Date.now();
  const nothing = (done?: Set<string>, manifest?: CacheManifest): CachedWorkspace => ({ glossary: [], accept: () => noCache(done, manifest) });
  const loaded = cache.loadManifest();
  if ('problem' in loaded) {
    host.info(`Index cache: ${loaded.problem}.`);
    return nothing();
  }
  const manifest = loaded;
  const entries: CachedNote[] = [];
  for (const part of manifest.names) {
    const read = cache.loadPart(part);
    if ('problem' in read) {
      host.info(`Index cache: ${read.problem}.`);
      return nothing();
    }
    entries.push(...read);
  }
  const onDisk = new Map(files.map((f) => [f.uri, f]));
  const isUnchanged = (entry: CachedNote) => {
    const file = onDisk.get(entry.uri);
    return file !== undefined && file.size === entry.size && file.mtimeMs === entry.mtimeMs && !host.isOpen(entry.uri);
  };
  // A part listed again may still hold an older entry of a note parsed since: each note once.
  const seen = new Set<string>();
  const unchanged = entries.filter((entry) => {
    if (!isUnchanged(entry) || seen.has(entry.uri)) return false;
    seen.add(entry.uri);
    return true;
  });
  const glossary = unchanged.flatMap((entry) => ('glossary' in entry ? [{ uri: entry.uri, text: entry.glossary }] : []));
  const accept = (snapshot: Parameters<CachedWorkspace['accept']>[0]): CacheRead => {
    const done = new Set(glossary.map((g) => g.uri));
    if (glossaryFingerprint(host.build, snapshot) !== manifest.fingerprint) {
      host.info('Index cache: written with other glossary entries, companies or another version of Data Notes; notes are parsed again.');
      return noCache(done, manifest);
    }
    const names = unchanged.flatMap((entry) => ('note' in entry ? [entry.note] : []));
    for (const note of names) done.add(note.uri);
    host.info(`Index cache: names of ${names.length} unchanged notes read back in ${Date.now() - started} ms.`);
    const wanted = new Set(names.map((n) => n.uri));
    function* notes(): IterableIterator<PackedNote[]> {
      const read = Date.now();
      let count = 0;
      for (const part of manifest.notes) {
        const partEntries = cache.loadPart(part);
        if ('problem' in partEntries) {
          host.info(`Index cache: ${partEntries.problem}; those notes are parsed again.`);
          continue;
        }
        const whole: PackedNote[] = [];
        for (const entry of partEntries) {
          if ('note' in entry && wanted.has(entry.uri) && isUnchanged(entry)) {
            wanted.delete(entry.uri);
            whole.push(entry.note);
          }
        }
        count += whole.length;
        yield whole;
      }
      host.info(`Index cache: ${count} whole notes read back in ${Date.now() - read} ms (with indexing them, a part at a time).`);
    }
    return { names, notes, generation: snapshot.generation, done, manifest };
  };
  return { glossary, accept };
}
