/**
 * Indexes the workspace's notes into the knowledge base and keeps them in step with the disk:
 * a pass over every note (names first, then whole notes, on a parser thread for a large workspace,
 * read back from the index cache when unchanged), and the file watcher's changes between and
 * during passes. Requests are answered between slices of a few ms of work.
 */
import * as os from 'os';
import { KnowledgeBase } from './core/knowledgeBase';
import { NoteDiagnostic } from './core/model';
import { buildFingerprint, CacheHost, CacheReuse, glossaryFingerprint, IndexCache, noCache, readCache } from './indexCache';
import { BIG_NOTE_CHARS, NoteIndexing } from './noteIndexing';
import { NoteWorkspace, pathOf } from './noteWorkspace';
import { ParsedFile, ParsePool, ReadFile } from './parsePool';
import type { PackedNote } from './core/storage/packedNote';
import { IndexChangedParams } from './protocol';
import { SLICE_MS, yieldToRequests } from './slices';
import { NoteFile } from './workspaceFiles';

/** Files above this size are not read at all; the parser itself indexes only the start of big notes. */
export const MAX_FILE_BYTES = 64 * 1024 * 1024;
/** Notes in one batch for the parser thread. */
const CHUNK_FILES = 100;
/** Below this many notes, starting a parser thread costs more than it saves. */
const POOL_MIN_FILES = 400;
/** One parser thread: the main thread (graph + search index) is the other busy core; two parsers measured slower. */
const MAX_PARSER_THREADS = 1;

export interface Progress {
  begin(title: string, percentage: number, message: string, cancellable: boolean): void;
  report(percentage: number, message: string): void;
  done(): void;
}

export interface Log {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export interface FileChange {
  uri: string;
  type: 'created' | 'changed' | 'deleted';
}

/** What the indexer needs from the server around it. */
export interface IndexerHost {
  kb: KnowledgeBase;
  workspace: NoteWorkspace;
  log: Log;
  /** True for a note open in an editor: its text wins over the disk. */
  isOpen(uri: string): boolean;
  /** A note was indexed (or removed: no diagnostics), during a pass or not. */
  indexed(uri: string, diagnostics: NoteDiagnostic[]): void;
  /** The index changed; `now` when a phase ended, otherwise the host may batch. */
  changed(now?: boolean): void;
  /** The workspace files changed: show the bundled files that none of them replaces. */
  syncBundled(paths: string[]): void;
  /** A pass ended; `cacheWritten` resolves once the cache is written (the parser thread's memory is then gone). */
  passEnded(cacheWritten: Promise<void> | undefined, large: boolean): void;
  /** A progress bar, where the client shows one. */
  progress(): Promise<Progress | undefined>;
  /** The index cache's folder (from the client's initialization options); none, no cache. */
  cacheDir(): string | undefined;
  /** How notes are put into the knowledge base (big ones in slices); the indexer makes its own when none is shared. */
  noteIndexing?: NoteIndexing;
}

/** Called between steps of a pass's work: answers requests when the slice is used up. */
type Pause = () => Promise<void> | void;

export class WorkspaceIndexer {
  private running = false;
  private phaseNow: IndexChangedParams['phase'] = 'reading';
  private again = false;
  private passCount = 0;
  /** The cache being written after a pass, which shutdown and the next pass wait for. */
  private cacheWrite: Promise<void> | undefined;
  /** Workspace notes read from disk, so a settings change can drop the ones no longer included. */
  private readonly workspaceUris = new Set<string>();
  /**
   * Notes the file watcher reported during a pass. Its handler indexed what the disk says now;
   * what the pass read of them (a read in flight, a parser batch, a cache entry) may be older and
   * must not overwrite it or bring a deleted note back.
   */
  private readonly changedDuringPass = new Set<string>();
  private cacheHostMade: CacheHost | undefined;
  private readonly notes: NoteIndexing;

  constructor(private readonly host: IndexerHost) {
    // Without one shared (tests), notes are read again from the workspace: from memory, or from disk.
    this.notes = host.noteIndexing ?? new NoteIndexing(host.kb, MAX_FILE_BYTES, {
      openText: (uri) => {
        const path = pathOf(uri);
        return host.workspace.onDisk || path === undefined ? undefined : host.workspace.readSync(path);
      },
      fileOf: (uri) => (host.workspace.onDisk ? pathOf(uri) : undefined),
    });
  }

  get indexing(): boolean {
    return this.running;
  }

  get phase(): IndexChangedParams['phase'] {
    return this.phaseNow;
  }

  /** Notes read from the workspace's folders. */
  get noteCount(): number {
    return this.workspaceUris.size;
  }

  isWorkspaceNote(uri: string): boolean {
    return this.workspaceUris.has(uri);
  }

  workspacePaths(): string[] {
    return [...this.workspaceUris].flatMap((uri) => pathOf(uri) ?? []);
  }

  /** Waits for the index cache being written, if any: the next start reads it. */
  async flush(): Promise<void> {
    await this.cacheWrite;
  }

  /** A pass over every note; asked while one runs, another follows it (the settings changed mid-way). */
  async run(): Promise<void> {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
    this.changedDuringPass.clear();
    this.phaseNow = 'reading';
    await this.cacheWrite; // the previous pass's parser thread is done with the cache folder
    let cacheWritten: Promise<void> | undefined;
    let large = false;
    const progress = await this.host.progress().catch(() => undefined);
    try {
      ({ cacheWritten, large } = await this.pass(progress));
    } catch (error) {
      this.host.log.error(`Workspace indexing failed: ${error instanceof Error ? error.stack : String(error)}`);
    } finally {
      void this.refreshNames();
      progress?.done();
      this.running = false;
      this.phaseNow = 'full';
      this.host.changed(true);
      this.host.passEnded(cacheWritten, large);
      if (this.again) {
        this.again = false;
        void this.run();
      }
    }
  }

  private async pass(progress: Progress | undefined): Promise<{ cacheWritten?: Promise<void>; large: boolean }> {
    const { kb, log, workspace } = this.host;
    const started = Date.now();
    const { files, skipped } = await workspace.list();
    this.passCount++;
    log.info(`Found ${files.length} workspace notes in ${Date.now() - started} ms (pass ${this.passCount}; ${Math.round(process.uptime() * 1000)} ms after the server started).`);
    for (const reason of skipped) log.warn(`Not indexed: ${reason}`);
    const wanted = new Set(files.map((f) => f.uri));
    // A note the watcher reported while the listing was taken is as the watcher says, listed or not.
    for (const uri of [...this.workspaceUris]) {
      if (!wanted.has(uri) && !this.changedDuringPass.has(uri)) { this.workspaceUris.delete(uri); kb.removeNote(uri); this.host.indexed(uri, []); }
    }
    this.host.syncBundled(files.map((f) => f.path));
    if (files.length === 0) return { large: false };
    progress?.begin('Data Notes: indexing notes', 0, `0 / ${files.length}`, false);
    const large = files.length >= POOL_MIN_FILES;
    const cacheDir = this.host.cacheDir();
    const cache = large && cacheDir && workspace.onDisk ? new IndexCache(cacheDir) : undefined;
    // Warm start: notes unchanged since the cache was written are read back instead of parsed.
    let cached = noCache();
    if (cache) {
      const found = readCache(cache, files, this.cacheHost());
      for (const { uri, text } of found.glossary) {
        this.workspaceUris.add(uri);
        this.host.indexed(uri, kb.setNote(uri, text));
      }
      cached = found.accept(kb.snapshot());
    }
    const toParse = files.filter((f) => !cached.done.has(f.uri));
    const chunks: NoteFile[][] = [];
    for (let i = 0; i < toParse.length; i += CHUNK_FILES) chunks.push(toParse.slice(i, i + CHUNK_FILES));
    let named = 0;
    // The work is cut into slices of a few ms, between which requests are answered: a request
    // arriving meanwhile waits for the rest of one slice and, queued behind it, the next.
    let sliceStarted = performance.now();
    const sliceDone = () => performance.now() - sliceStarted >= SLICE_MS;
    let reported = 0;
    const step = async (count: number, message: string): Promise<void> => {
      // Progress goes out ten times a second: a message per slice took a tenth of the thread's time.
      if (performance.now() - reported >= 100) {
        progress?.report(Math.round((count / files.length) * 100), message);
        reported = performance.now();
      }
      this.host.changed();
      await yieldToRequests();
      sliceStarted = performance.now();
    };
    // Large workspaces on disk are parsed on another core; this thread builds the graph and the
    // search index. The thread starts now: its start-up (a second V8, the glossary read again)
    // then overlaps the names pass. It also writes the index cache parts of what it parses,
    // fingerprinted with the names it reads them with.
    let poolFingerprint = '';
    const startPool = (evenWithoutChunks = false) => {
      if (!large || (chunks.length === 0 && !evenWithoutChunks) || !workspace.onDisk) return undefined;
      const snapshot = kb.snapshot();
      poolFingerprint = cache ? glossaryFingerprint(this.cacheHost().build, snapshot) : '';
      const parts = cache ? { dir: cache.dir, fingerprint: poolFingerprint } : undefined;
      return ParsePool.create(Math.min(MAX_PARSER_THREADS, os.availableParallelism()), { ...snapshot, maxFileBytes: MAX_FILE_BYTES, cache: parts });
    };
    /** The pool, until it is handed over to write the cache (or disposed at the end of the pass). */
    let pool = startPool();
    const poolGeneration = kb.snapshot().generation;
    let cacheWritten: Promise<void> | undefined;
    try {
      if (large) {
        // Names first: every note's headings become searchable (a line scan, much faster than a
        // full parse) before parsing starts, alone on this thread.
        for (const names of cached.names) {
          if (!kb.isFullyIndexed(names.uri) && !this.changedDuringPass.has(names.uri)) {
            await this.notes.setParsedNote(names.uri, names, cached.generation, kb.claim(names.uri), { namesOnly: true, pause: () => (sliceDone() ? step(0, `names ${named} / ${files.length}`) : undefined) });
          }
          named++;
          if (sliceDone()) await step(0, `names ${named} / ${files.length}`);
        }
        // The parser thread reads the files meanwhile, and keeps them for their parse. This thread
        // never waits for it: a batch not read yet (the thread is still starting) it reads itself.
        const read: (ReadFile[] | undefined)[] = [];
        if (pool) chunks.forEach((chunk, i) => pool!.read(i, chunk.map((f) => ({ path: f.path, uri: f.uri }))).then((texts) => { read[i] = texts; }, () => undefined));
        for (const [i, chunk] of chunks.entries()) {
          const texts = read[i];
          read[i] = undefined;
          for (const [j, file] of chunk.entries()) {
            this.indexNames(file, texts?.[j]);
            named++;
            if (sliceDone()) await step(0, `names ${named} / ${files.length}`);
          }
        }
        this.phaseNow = 'names';
        log.info(`Names of ${files.length} workspace notes searchable after ${Date.now() - started} ms; reading bodies.`);
        this.host.changed(true);
        // Let the message leave before the next long step (reading the cache's notes part blocks for a while).
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      // Glossary notes found by the names pass change the names every note is read with.
      if (pool && kb.snapshot().generation !== poolGeneration) {
        await pool.dispose();
        pool = startPool();
      }
      if (pool) log.info(`Parsing ${toParse.length} notes on ${pool.size} parser threads.`);
      let parser = pool;
      const first = pool;
      const parsed = first ? chunks.map((chunk, i) => first.parse(i, chunk.map((f) => ({ path: f.path, uri: f.uri })))) : [];
      let done = 0;
      const pause: Pause = () => (sliceDone() ? step(done, `${done} / ${files.length}`) : undefined);
      // Cached notes first, a part at a time, while the parser thread works on the others.
      const lost = new Set(cached.names.map((n) => n.uri));
      for (const part of cached.notes()) {
        await step(done, `${done} / ${files.length}`); // reading a part took a slice of its own
        for (const note of part) {
          lost.delete(note.uri);
          if (!this.host.isOpen(note.uri) && !this.changedDuringPass.has(note.uri)) {
            this.workspaceUris.add(note.uri);
            await this.putParsed(note.uri, note, cached.generation, pause);
          }
          done++;
          if (sliceDone()) await step(done, `${done} / ${files.length}`);
        }
      }
      // Names came back but the whole notes did not (a damaged or missing part): parse them, on the
      // parser thread when there is a cache to repair, so the next start reads them back again.
      const lostFiles = files.filter((f) => lost.has(f.uri));
      if (lostFiles.length > 0 && cache && !parser) parser = pool = startPool(true);
      const reparsed = lostFiles.length > 0 && parser ? await parser.parse(chunks.length, lostFiles.map((f) => ({ path: f.path, uri: f.uri }))).catch(() => undefined) : undefined;
      if (reparsed) for (const file of reparsed.files) await this.applyParsed(file, reparsed.generation, pause);
      else for (const uri of lost) await this.indexFile(uri);
      for (let i = 0; i < chunks.length; i++) {
        const batch = await parsed[i]?.catch((error: Error) => {
          log.warn(`Parser thread failed (${error.message}); indexing on the main thread.`);
          return undefined;
        });
        if (batch) {
          for (const file of batch.files) {
            await this.applyParsed(file, batch.generation, pause);
            done++;
            if (sliceDone()) await step(done, `${done} / ${files.length}`);
          }
        } else {
          for (const file of chunks[i]) {
            await this.indexFile(file.uri, file.size);
            done++;
            if (sliceDone()) await step(done, `${done} / ${files.length}`);
          }
        }
      }
      // The parser thread wrote what it parsed; the cache keeps what was read back from it.
      if (cache && parser?.healthy) {
        const reuse = cached.manifest && { previous: cached.manifest, keep: files.filter((f) => cached.done.has(f.uri) && !lost.has(f.uri)).map(({ uri, size, mtimeMs }) => ({ uri, size, mtimeMs })) };
        pool = undefined; // handed over: finishCache disposes of it
        cacheWritten = this.cacheWrite = this.finishCache(cache, parser, poolFingerprint, reuse);
      }
      const memory = process.memoryUsage();
      log.info(`Indexed ${files.length} workspace notes in ${Date.now() - started} ms (${kb.entryCount} glossary entries; heap ${mb(memory.heapUsed)} of ${mb(memory.heapTotal)} MB, RSS ${mb(memory.rss)} MB).`);
    } finally {
      await pool?.dispose();
    }
    return { cacheWritten, large };
  }

  /**
   * What the file watcher reports: each note is indexed as the disk says now. During a pass the
   * note is marked, so that the pass's older reading of it is dropped.
   */
  async filesChanged(changes: FileChange[]): Promise<void> {
    for (const change of changes) {
      if (this.running) this.changedDuringPass.add(change.uri);
      if (change.type === 'deleted') {
        this.workspaceUris.delete(change.uri);
        this.host.kb.removeNote(change.uri);
        this.host.indexed(change.uri, []);
      } else {
        await this.indexFile(change.uri, undefined, true);
      }
    }
    // A glossary note changed the names every note is read with: read them again now, between
    // requests, rather than in the middle of the next hover.
    await this.refreshNames();
    // A copy of a bundled file can only appear or go with a file created or deleted (a pass syncs when it starts).
    if (!this.running && changes.some((c) => c.type !== 'changed')) this.host.syncBundled(this.workspacePaths());
    this.host.changed();
  }

  /** Indexes one note as the disk has it (an editor closed without saving, say). */
  async reindex(uri: string): Promise<void> {
    await this.indexFile(uri, undefined, true);
    await this.refreshNames();
    this.host.changed();
  }

  /** After a glossary change of names, reads the notes again, a slice at a time (an edited summary changes nothing they say). */
  private async refreshNames(): Promise<void> {
    if (!this.host.kb.needsRefresh) return;
    const started = Date.now();
    const read = await this.notes.readAgain((uri, diagnostics) => this.host.indexed(uri, diagnostics));
    if (read > 0) {
      this.host.log.info(`Glossary changed: ${read} notes read again with the new names in ${Date.now() - started} ms.`);
      this.host.changed();
    }
  }

  private cacheHost(): CacheHost {
    return (this.cacheHostMade ??= {
      build: buildFingerprint(__filename),
      isOpen: (uri) => this.host.isOpen(uri),
      info: (message) => this.host.log.info(message),
    });
  }

  /** The names pass of one note (see `KnowledgeBase.setNoteNames`); problems wait for the full pass, which reports them. */
  private indexNames(file: NoteFile, read?: ReadFile): void {
    const { uri } = file;
    // Open in an editor, too large, already indexed in full (a second pass after a settings change),
    // or reported by the watcher since the listing (deleted: its names must not come back).
    // A big note's names come with its parse, on the parser thread: read and outlined here, it would hold this one.
    if (this.host.isOpen(uri) || file.size >= BIG_NOTE_CHARS * 4 || this.host.kb.isFullyIndexed(uri) || this.changedDuringPass.has(uri)) return;
    if (read && !('text' in read)) return; // the full pass says why, or parses it whole
    const text = read ? read.text : this.host.workspace.readSync(file.path);
    if (text !== undefined && text.length < BIG_NOTE_CHARS) this.host.kb.setNoteNames(uri, text);
  }

  /**
   * Reads and indexes one note. A pass's read (`fromWatcher` false) gives way to the watcher: a
   * note the watcher reported while the read was under way keeps what the watcher indexed.
   */
  private async indexFile(uri: string, size?: number, fromWatcher = false): Promise<void> {
    const path = pathOf(uri) ?? uri;
    const skip = () => this.host.isOpen(uri) || (!fromWatcher && this.changedDuringPass.has(uri));
    if (skip()) return; // the open editor's text wins over the disk
    try {
      const bytes = size ?? (await this.host.workspace.size(path));
      if (bytes > MAX_FILE_BYTES) {
        this.host.log.warn(`${path}: skipped, ${(bytes / 1e6).toFixed(0)} MB is too large for a note.`);
        this.host.kb.removeNote(uri);
        return;
      }
      const { workspace } = this.host;
      // A big file on disk is read on the parser thread, as well as parsed there.
      const result = workspace.onDisk
        ? await this.notes.setFile(uri, path, bytes, async () => { const text = await workspace.read(path); return skip() ? undefined : text; })
        : await (async () => { const text = await workspace.read(path); return skip() ? undefined : this.notes.setNote(uri, text); })();
      // Undefined: a later write of the note began meanwhile (the editor opened it, the watcher); it reports.
      if (result === undefined) return;
      if ('error' in result) {
        this.host.log.warn(`${path}: ${result.error}`); // the parser thread's own words: "not indexed: …"
        return;
      }
      this.workspaceUris.add(uri);
      this.host.indexed(uri, result);
    } catch (error) {
      this.host.log.warn(`${path}: not indexed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private async applyParsed(file: ParsedFile, generation: number, pause: Pause): Promise<void> {
    if (this.host.isOpen(file.uri) || this.changedDuringPass.has(file.uri)) return;
    if ('error' in file) {
      this.host.log.warn(`${pathOf(file.uri) ?? file.uri}: ${file.error}`);
      this.host.kb.removeNote(file.uri);
      return;
    }
    this.workspaceUris.add(file.uri);
    if ('note' in file) await this.putParsed(file.uri, file.note, generation, pause);
    else this.host.indexed(file.uri, this.host.kb.setNote(file.uri, file.text));
  }

  /** A note parsed elsewhere, put into the knowledge base between the pass's slices; read again if the glossary changed since its parse. */
  private async putParsed(uri: string, note: PackedNote, generation: number, pause: Pause): Promise<void> {
    const result = await this.notes.setParsedNote(uri, note, generation, this.host.kb.claim(uri), { pause });
    if ('diagnostics' in result) this.host.indexed(uri, result.diagnostics);
    else if ('stale' in result) await this.indexFile(uri);
  }

  /**
   * Has the parser thread write the rest of its cache parts, then makes them the cache. Runs after
   * the client heard that indexing is done; the thread does the work, this one only lists the parts.
   */
  private async finishCache(cache: IndexCache, pool: ParsePool, fingerprint: string, reuse: CacheReuse | undefined): Promise<void> {
    const started = Date.now();
    try {
      const parts = await pool.finishCache(reuse);
      const count = parts.reduce((n, p) => n + p.count, 0);
      const bytes = parts.reduce((n, p) => n + p.bytes, 0);
      cache.commit({ fingerprint, names: parts.flatMap((p) => p.names), notes: parts.flatMap((p) => p.notes) });
      this.host.log.info(`Index cache: ${count} notes written (${mb(bytes)} MB new) in ${Date.now() - started} ms.`);
    } catch (error) {
      this.host.log.warn(`Index cache not written: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      await pool.dispose();
    }
  }
}

const mb = (bytes: number) => Math.round(bytes / 1e6);
