/**
 * The Data Notes language server: declares capabilities, keeps the knowledge base in
 * step with the bundled knowledge, the workspace's notes and the open editors, and
 * hands each request to its feature file. Never writes to the user's files.
 */
import * as fs from 'fs';
import { fileURLToPath, pathToFileURL } from 'url';
import {
  createConnection, DidChangeWatchedFilesParams, FileChangeType, InitializeParams, InitializeResult, ProposedFeatures,
  TextDocuments, TextDocumentSyncKind, WorkDoneProgressReporter,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import picomatch from 'picomatch';
import * as path from 'path';
import * as v8 from 'v8';
import { KnowledgeBase } from './core/knowledgeBase';
import { NoteDiagnostic } from './core/model';
import { BundledKnowledge, findKnowledgeDir } from './bundledKnowledge';
import { ServerContext } from './context';
import { registerHover } from './features/hover';
import { registerKnowledgeRequests } from './features/knowledgeRequests';
import { registerNavigation } from './features/navigation';
import { registerSymbols } from './features/symbols';
import { noteDiagnostics, registerWikiLinks } from './features/wikiLinks';
import { IndexChangedNotification, IndexChangedParams, InitializationOptions } from './protocol';
import { DEFAULT_SETTINGS, readSettings, selectsOtherNotes, Settings } from './settings';
import { findNoteFiles, NoteFile } from './workspaceFiles';
import { ParsedFile, ParsePool, ReadFile } from './parsePool';
import { buildFingerprint, CacheHost, CacheReuse, glossaryFingerprint, IndexCache, noCache, readCache } from './indexCache';
import * as os from 'os';

/** Files above this size are not read at all; the parser itself indexes only the start of big notes. */
const MAX_FILE_BYTES = 64 * 1024 * 1024;
/** Notes in one batch for the parser thread. */
const CHUNK_FILES = 100;
/** Longest stretch of indexing work between two chances to answer requests (ms). */
const SLICE_MS = 5;
/** How long after the last edit the index settles (see settleIndex). */
const SETTLE_AFTER_EDIT_MS = 2000;
/** Below this many notes, starting a parser thread costs more than it saves. */
const POOL_MIN_FILES = 400;
/** One parser thread: the main thread (graph + search index) is the other busy core; two parsers measured slower. */
const MAX_PARSER_THREADS = 1;
const EDIT_DEBOUNCE_MS = 150;

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
const kb = new KnowledgeBase({ readNote });
let settings: Settings = DEFAULT_SETTINGS;
let workspaceRoots: string[] = [];
let canAskConfiguration = false;
let options: InitializationOptions = {};
let indexing = false;
let phase: IndexChangedParams['phase'] = 'reading';
let matchesInclude = picomatch(DEFAULT_SETTINGS.include, { nocase: true });
let matchesExclude = picomatch(DEFAULT_SETTINGS.exclude, { dot: true });

function relativeToRoot(filePath: string): string | undefined {
  for (const root of workspaceRoots) {
    const rel = path.relative(root, filePath);
    if (!rel.startsWith('..') && !path.isAbsolute(rel)) return rel.split(path.sep).join('/');
  }
  return undefined;
}

/** A workspace note: a file under a workspace folder that the include/exclude settings select. */
function isWorkspaceNote(uri: string): boolean {
  if (!uri.startsWith('file:')) return false;
  const rel = relativeToRoot(fileURLToPath(uri));
  return rel !== undefined && matchesInclude(rel) && !matchesExclude(rel);
}

const ctx: ServerContext = {
  connection, documents, kb,
  settings: () => settings,
  isNote: (uri) => isWorkspaceNote(uri) || documents.get(uri)?.languageId === 'markdown' || kb.headings(uri).length > 0,
  indexing: () => indexing,
  folderLabel,
};

function folderLabel(folderUri: string): string | undefined {
  if (!folderUri.startsWith('file:')) return undefined;
  const folder = fileURLToPath(folderUri);
  const inside = (root: string) => {
    const rel = path.relative(root, folder);
    return rel.startsWith('..') || path.isAbsolute(rel) ? undefined : rel.split(path.sep).join('/');
  };
  if (bundled && inside(bundled.dir) !== undefined) return 'Sample notes';
  for (const root of workspaceRoots) {
    const rel = inside(root);
    if (rel !== undefined) return rel ? `${path.basename(root)}/${rel}` : path.basename(root);
  }
  return undefined;
}

connection.onInitialize((params: InitializeParams): InitializeResult => {
  options = (params.initializationOptions ?? {}) as InitializationOptions;
  workspaceRoots = (params.workspaceFolders ?? []).flatMap((f) => (f.uri.startsWith('file:') ? [fileURLToPath(f.uri)] : []));
  if (workspaceRoots.length === 0 && params.rootUri?.startsWith('file:')) workspaceRoots = [fileURLToPath(params.rootUri)];
  canAskConfiguration = !!params.capabilities.workspace?.configuration;
  return {
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      hoverProvider: true,
      definitionProvider: true,
      referencesProvider: true,
      workspaceSymbolProvider: true,
      documentSymbolProvider: true,
      completionProvider: { triggerCharacters: ['['] },
      documentLinkProvider: { resolveProvider: false },
    },
    serverInfo: { name: 'Data Notes' },
  };
});

/** Settled once the first settings are read and the bundled knowledge loaded. */
let started: Promise<void> | undefined;
connection.onInitialized(() => {
  started = start();
});

async function start(): Promise<void> {
  await loadSettings();
  if (options.bundledKnowledge !== false) {
    const dir = findKnowledgeDir(__dirname);
    const loading = Date.now();
    if (dir) {
      bundled = BundledKnowledge.load(kb, dir);
      report(bundled.sync(settings.sampleNotes, []).diagnostics);
      kb.refreshMatcher();
      connection.console.info(`Bundled knowledge: ${kb.entryCount} glossary entries and ${kb.noteCount} notes in ${Date.now() - loading} ms (${Math.round(process.uptime() * 1000)} ms after the server started).`);
    } else {
      connection.console.warn('Bundled knowledge folder not found next to the server; only workspace notes are indexed.');
    }
  }
  notifyIndexChanged();
  void indexWorkspace();
}

// VS Code sends the settings once at start as well: the workspace is indexed again only when a
// setting that selects notes changed, and the sample notes shown or hidden when theirs did.
connection.onDidChangeConfiguration(async () => {
  await started;
  const before = settings;
  await loadSettings();
  if (selectsOtherNotes(before, settings)) void indexWorkspace();
  else if (before.sampleNotes !== settings.sampleNotes) syncBundled();
});

/** Shows the bundled files that no workspace file replaces (see `BundledKnowledge`). */
function syncBundled(workspacePaths: Iterable<string> = [...workspaceUris].map((uri) => fileURLToPath(uri))): void {
  if (!bundled) return;
  const { diagnostics, changed } = bundled.sync(settings.sampleNotes, workspacePaths);
  report(diagnostics);
  if (changed) notifyIndexChanged();
}

async function loadSettings(): Promise<void> {
  let section: unknown;
  if (canAskConfiguration) {
    try {
      [section] = await connection.workspace.getConfiguration([{ section: 'dataNotes' }]);
    } catch (error) {
      connection.console.warn(`Could not read settings: ${String(error)}`);
    }
  }
  const read = readSettings(section);
  for (const problem of read.problems) connection.console.warn(problem);
  settings = read.settings;
  matchesInclude = picomatch(settings.include, { nocase: true });
  matchesExclude = picomatch(settings.exclude, { dot: true });
}

/** Indexes the workspace in chunks, yielding between them so requests are answered meanwhile. */
let reindexRequested = false;

/** The index cache being written after a pass, which shutdown waits for: the next start reads it. */
let cacheWrite: Promise<void> | undefined;
connection.onShutdown(async () => {
  await cacheWrite;
});

async function indexWorkspace(): Promise<void> {
  if (workspaceRoots.length === 0) {
    phase = 'full';
    return;
  }
  if (indexing) {
    reindexRequested = true; // settings changed mid-way: go again when this pass ends
    return;
  }
  indexing = true;
  changedDuringPass.clear();
  phase = 'reading';
  await cacheWrite; // the previous pass's parser thread is done with the cache folder
  const started = Date.now();
  let writeCache: (() => void) | undefined;
  let pool: ParsePool | undefined;
  let progress: WorkDoneProgressReporter | undefined;
  try {
    progress = await connection.window.createWorkDoneProgress();
  } catch {
    progress = undefined; // the client does not show progress
  }
  try {
    const { files, skipped } = await findNoteFiles(workspaceRoots, settings.include, settings.exclude);
    passCount++;
    connection.console.info(`Found ${files.length} workspace notes in ${Date.now() - started} ms (pass ${passCount}; ${Math.round(process.uptime() * 1000)} ms after the server started).`);
    for (const reason of skipped) connection.console.warn(`Not indexed: ${reason}`);
    const wanted = new Set(files.map((f) => f.uri));
    for (const uri of [...workspaceUris]) {
      if (!wanted.has(uri)) { workspaceUris.delete(uri); kb.removeNote(uri); }
    }
    syncBundled(files.map((f) => f.path));
    progress?.begin('Data Notes: indexing notes', 0, `0 / ${files.length}`, false);
    const large = files.length >= POOL_MIN_FILES;
    const cache = large && options.cacheDir ? new IndexCache(options.cacheDir) : undefined;
    // Warm start: notes unchanged since the cache was written are read back instead of parsed.
    const cached = cache ? readCache(cache, files, cacheHost()) : noCache();
    const toParse = files.filter((f) => !cached.done.has(f.uri));
    const chunks: NoteFile[][] = [];
    for (let i = 0; i < toParse.length; i += CHUNK_FILES) chunks.push(toParse.slice(i, i + CHUNK_FILES));
    let named = 0;
    // The work is cut into slices of a few ms, between which requests are answered: a request
    // arriving meanwhile waits for the rest of one slice and, queued behind it, the next.
    let sliceStarted = performance.now();
    const sliceDone = () => performance.now() - sliceStarted >= SLICE_MS;
    let reported = 0;
    const step = async (count: number, message: string) => {
      // Progress goes out ten times a second: a message per slice took a tenth of the thread's time.
      if (performance.now() - reported >= 100) {
        progress?.report(Math.round((count / files.length) * 100), message);
        reported = performance.now();
      }
      notifyIndexChanged();
      await new Promise((resolve) => setImmediate(resolve));
      sliceStarted = performance.now();
    };
    // Large workspaces are parsed on another core; this thread builds the graph and the search
    // index, and keeps answering requests between chunks. The thread starts now: its start-up
    // (a second V8, the glossary read again) then overlaps the names pass.
    // It also writes the index cache parts of what it parses, fingerprinted with the names it reads them with.
    let poolFingerprint = '';
    const startPool = () => {
      if (!large || chunks.length === 0) return undefined;
      const snapshot = kb.snapshot();
      poolFingerprint = cache ? glossaryFingerprint(cacheHost().build, snapshot) : '';
      const parts = cache ? { dir: cache.dir, fingerprint: poolFingerprint } : undefined;
      return ParsePool.create(Math.min(MAX_PARSER_THREADS, os.availableParallelism()), { ...snapshot, maxFileBytes: MAX_FILE_BYTES, cache: parts });
    };
    pool = startPool();
    const poolGeneration = kb.snapshot().generation;
    if (large) {
      // Names first: every note's headings become searchable (a line scan, ~20× faster than a full
      // parse) before parsing starts. Alone on this thread: split with the parser thread, or run
      // while it parsed, the pass took longer (the two cores here do not double the throughput).
      for (const names of cached.names) {
        if (!kb.isFullyIndexed(names.uri)) kb.setNamesOf(names);
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
          indexNames(file, texts?.[j]);
          named++;
          if (sliceDone()) await step(0, `names ${named} / ${files.length}`);
        }
      }
      phase = 'names';
      connection.console.info(`Names of ${files.length} workspace notes searchable after ${Date.now() - started} ms; reading bodies.`);
      notifyIndexChanged(true);
      // Let the message leave before the next long step (reading the cache's notes part blocks for a while).
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    // Glossary notes found by the names pass change the names every note is read with.
    if (pool && kb.snapshot().generation !== poolGeneration) {
      await pool.dispose();
      pool = startPool();
    }
    if (pool) connection.console.info(`Parsing ${toParse.length} notes on ${pool.size} parser threads.`);
    const parser = pool;
    const parsed = parser ? chunks.map((chunk, i) => parser.parse(i, chunk.map((f) => ({ path: f.path, uri: f.uri })))) : [];
    let done = 0;
    try {
      // Cached notes first, a part at a time, while the parser thread works on the others.
      const lost = new Set(cached.names.map((n) => n.uri));
      for (const part of cached.notes()) {
        await step(done, `${done} / ${files.length}`); // reading a part took a slice of its own
        for (const note of part) {
          lost.delete(note.uri);
          if (!documents.get(note.uri) && !changedDuringPass.has(note.uri)) {
            workspaceUris.add(note.uri);
            publish(note.uri, kb.setParsedNote(note.uri, note, cached.generation));
          }
          done++;
          if (sliceDone()) await step(done, `${done} / ${files.length}`);
        }
      }
      // Names came back but the whole notes did not (a damaged or missing part): parse them here.
      for (const uri of lost) await indexFile(fileURLToPath(uri));
      for (let i = 0; i < chunks.length; i++) {
        const batch = await parsed[i]?.catch((error: Error) => {
          connection.console.warn(`Parser thread failed (${error.message}); indexing on the main thread.`);
          return undefined;
        });
        if (batch) {
          for (const file of batch.files) {
            applyParsed(file, batch.generation);
            done++;
            if (sliceDone()) await step(done, `${done} / ${files.length}`);
          }
        } else {
          for (const file of chunks[i]) await indexFile(file.path, file.size);
          done += chunks[i].length;
        }
      }
      // The parser thread wrote what it parsed; the cache keeps what was read back from it.
      if (cache && parser?.healthy) {
        const reuse = cached.manifest && { previous: cached.manifest, keep: files.filter((f) => cached.done.has(f.uri) && !lost.has(f.uri)).map(({ uri, size, mtimeMs }) => ({ uri, size, mtimeMs })) };
        const fingerprint = poolFingerprint;
        writeCache = () => { cacheWrite = finishCache(cache, parser, fingerprint, reuse); };
        pool = undefined; // disposed once the cache is written
      }
    } finally {
      await pool?.dispose();
    }
    const memory = process.memoryUsage();
    connection.console.info(`Indexed ${files.length} workspace notes in ${Date.now() - started} ms (${kb.entryCount} glossary entries; heap ${mb(memory.heapUsed)} of ${mb(memory.heapTotal)} MB, RSS ${mb(memory.rss)} MB).`);
  } catch (error) {
    connection.console.error(`Workspace indexing failed: ${error instanceof Error ? error.stack : String(error)}`);
  } finally {
    void pool?.dispose(); // after a failure before parsing started
    progress?.done();
    indexing = false;
    phase = 'full';
    notifyIndexChanged(true);
    void sendDeferredDiagnostics();
    void settleIndex();
    if (writeCache) writeCache();
    else if (workspaceUris.size >= POOL_MIN_FILES) void releaseMemory();
    if (reindexRequested) {
      reindexRequested = false;
      void indexWorkspace();
    }
  }
}

const mb = (bytes: number) => Math.round(bytes / 1e6);

/**
 * Has the parser thread write the rest of its cache parts, then makes them the cache. Runs after
 * the client heard that indexing is done; the thread does the work, this one only lists the parts.
 */
async function finishCache(cache: IndexCache, pool: ParsePool, fingerprint: string, reuse: CacheReuse | undefined): Promise<void> {
  const started = Date.now();
  try {
    const parts = await pool.finishCache(reuse);
    const count = parts.reduce((n, p) => n + p.count, 0);
    const bytes = parts.reduce((n, p) => n + p.bytes, 0);
    cache.commit({ fingerprint, names: parts.flatMap((p) => p.names), notes: parts.flatMap((p) => p.notes) });
    connection.console.info(`Index cache: ${count} notes written (${mb(bytes)} MB new) in ${Date.now() - started} ms.`);
  } catch (error) {
    connection.console.warn(`Index cache not written: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    await pool.dispose();
    void releaseMemory();
  }
}

/**
 * Indexing a large workspace leaves a heap of garbage (parsed notes, messages from the parser
 * thread) that V8 would hand back only after a while idle, or not at all while requests keep
 * coming. The client starts the server with --expose-gc; without it this only logs.
 */
async function releaseMemory(): Promise<void> {
  await settleIndex();
  const gc = (globalThis as { gc?: () => void }).gc;
  const before = process.memoryUsage().rss;
  // A full collection, and a second once the first one's sweeping is done: that one returns the
  // pages the first emptied.
  setTimeout(() => {
    gc?.();
    setTimeout(() => {
      gc?.();
      const memory = process.memoryUsage();
      connection.console.info(`Memory after indexing: heap ${mb(memory.heapUsed)} MB, RSS ${mb(memory.rss)} MB (${mb(before)} MB before collecting).`);
      if (gc) collectWhenIdle(gc);
    }, 2000);
  }, 500);
}

/**
 * A full collection that moves the objects of every fragmented page, not only V8's usual picks:
 * objects that requests created while indexing ran are scattered over pages that otherwise stay
 * (10-15 MB of V8's pages at 10k notes). Only here, when idle: during indexing it would slow
 * every collection.
 */
function compactingGc(gc: () => void): void {
  v8.setFlagsFromString('--compact-on-every-full-gc');
  try {
    gc();
  } finally {
    v8.setFlagsFromString('--no-compact-on-every-full-gc');
  }
}

let idleCollector: NodeJS.Timeout | undefined;
/**
 * V8 shrinks its young generation (~30 MB after indexing 10k notes) and its old one only at a
 * collection after a few seconds with little allocation, which its own idle-time reducer often
 * does not start; and what answering requests built (edge lists, nodes, inflated bodies) stays in
 * the knowledge base's caches until the index changes. So whenever the server has worked and then
 * been almost idle for 5 s (no requests to speak of), the caches go and the garbage is collected.
 */
function collectWhenIdle(gc: () => void): void {
  if (idleCollector) return;
  let last = performance.eventLoopUtilization();
  let workedSinceCollecting = true;
  idleCollector = setInterval(() => {
    const now = performance.eventLoopUtilization();
    const quiet = performance.eventLoopUtilization(now, last).utilization < 0.02;
    last = now;
    if (!quiet || indexing) {
      workedSinceCollecting = true;
      return;
    }
    if (!workedSinceCollecting) return;
    workedSinceCollecting = false;
    const before = process.memoryUsage().rss;
    kb.dropCaches();
    compactingGc(gc);
    const memory = process.memoryUsage();
    connection.console.info(`Memory when idle: heap ${mb(memory.heapUsed)} MB, typed arrays ${mb(memory.arrayBuffers)} MB, RSS ${mb(memory.rss)} MB (${mb(before)} MB before collecting).`);
  }, 5000);
  idleCollector.unref();
}

let bundled: BundledKnowledge | undefined;
/** Workspace passes so far (a start makes one; the log says which). */
let passCount = 0;
/** Notes indexed only because an editor has them open; closing the editor forgets them. */
const openOnlyUris = new Set<string>();

/** Workspace notes read from disk, so a settings change can drop the ones no longer included. */
const workspaceUris = new Set<string>();

/** A note's current text for the knowledge base's re-reads: its editor's, or its file's. */
function readNote(uri: string): string | undefined {
  const open = documents.get(uri);
  if (open) return open.getText();
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fs.readFileSync(fileURLToPath(uri), 'utf8');
  } catch {
    return undefined;
  }
}

/** What the index cache needs from the server; the build is fingerprinted when first needed. */
let host: CacheHost | undefined;
function cacheHost(): CacheHost {
  return (host ??= {
    kb, build: buildFingerprint(__filename),
    isOpen: (uri) => documents.get(uri) !== undefined,
    setGlossaryNote: (uri, text) => {
      workspaceUris.add(uri);
      publish(uri, kb.setNote(uri, text));
    },
    info: (message) => connection.console.info(message),
  });
}

/** The names pass of one note (see `KnowledgeBase.setNoteNames`); problems wait for the full pass, which reports them. */
function indexNames(file: NoteFile, read?: ReadFile): void {
  const { uri } = file;
  // Open in an editor, too large, or already indexed in full (a second pass after a settings change).
  if (documents.get(uri) || file.size > MAX_FILE_BYTES || kb.isFullyIndexed(uri)) return;
  if (read && 'skipped' in read) return; // the full pass says why
  try {
    kb.setNoteNames(uri, read ? read.text : fs.readFileSync(file.path, 'utf8'));
  } catch {
    // unreadable now: the full pass says why
  }
}

async function indexFile(filePath: string, size?: number): Promise<void> {
  const uri = pathToFileURL(filePath).toString();
  if (documents.get(uri)) return; // the open editor's text wins over the disk
  try {
    const bytes = size ?? (await fs.promises.stat(filePath)).size;
    if (bytes > MAX_FILE_BYTES) {
      connection.console.warn(`${filePath}: skipped, ${(bytes / 1e6).toFixed(0)} MB is too large for a note.`);
      kb.removeNote(uri);
      return;
    }
    const text = await fs.promises.readFile(filePath, 'utf8');
    workspaceUris.add(uri);
    publish(uri, kb.setNote(uri, text));
  } catch (error) {
    connection.console.warn(`${filePath}: not indexed: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** Notes that currently show diagnostics; the others need no message when they stay clean. */
const withDiagnostics = new Set<string>();

/**
 * Workspace notes the file watcher reported during an index pass. The watcher's handler indexed
 * what the disk says now; what the pass read of them (a parser thread's batch, the index cache)
 * may be older, and must not overwrite it or bring a deleted note back.
 */
const changedDuringPass = new Set<string>();

function applyParsed(file: ParsedFile, generation: number): void {
  if (documents.get(file.uri)) return; // the open editor's text wins over the disk
  if (changedDuringPass.has(file.uri)) return;
  if ('error' in file) {
    connection.console.warn(`${fileURLToPath(file.uri)}: ${file.error}`);
    kb.removeNote(file.uri);
    return;
  }
  workspaceUris.add(file.uri);
  publish(file.uri, 'note' in file ? kb.setParsedNote(file.uri, file.note, generation) : kb.setNote(file.uri, file.text));
}

/**
 * Notes indexed by a workspace pass whose diagnostics wait for its end: a third of the notes
 * have some, and a message each (with its wiki links resolved) took a twentieth of the pass.
 */
const deferredDiagnostics = new Set<string>();

function publish(uri: string, diagnostics: NoteDiagnostic[]): void {
  report(diagnostics);
  if (indexing && !documents.get(uri)) deferredDiagnostics.add(uri);
  else sendDiagnostics(uri);
  // A note edited outside a pass: the index settles once the edits pause.
  if (!indexing) {
    clearTimeout(settleTimer);
    settleTimer = setTimeout(() => void settleIndex(), SETTLE_AFTER_EDIT_MS);
  }
}

let settleTimer: NodeJS.Timeout | undefined;
let settling: Promise<void> | undefined;

/**
 * Deflates the bodies of the notes indexed since the last time and packs the search lists (`kb.settle`),
 * a few ms at a time between requests. Callers while it runs share the run under way.
 */
function settleIndex(): Promise<void> {
  settling ??= (async () => {
    while (!kb.settle(performance.now() + SLICE_MS)) await new Promise((resolve) => setImmediate(resolve));
  })().finally(() => { settling = undefined; });
  return settling;
}

/** Sends the deferred diagnostics a few ms of messages at a time, between requests. */
async function sendDeferredDiagnostics(): Promise<void> {
  let sliceStarted = performance.now();
  for (const uri of deferredDiagnostics) {
    deferredDiagnostics.delete(uri);
    sendDiagnostics(uri);
    if (performance.now() - sliceStarted >= SLICE_MS) {
      await new Promise((resolve) => setImmediate(resolve));
      sliceStarted = performance.now();
    }
  }
}

function sendDiagnostics(uri: string): void {
  const all = noteDiagnostics(ctx, uri);
  if (all.length === 0 && !withDiagnostics.has(uri)) return;
  if (all.length > 0) withDiagnostics.add(uri);
  else withDiagnostics.delete(uri);
  connection.sendDiagnostics({ uri, diagnostics: all });
}

/** Problems in notes go to the log, so a skipped note is never silent. */
function report(diagnostics: NoteDiagnostic[]): void {
  for (const d of diagnostics) {
    if (d.severity === 'information') continue;
    const where = d.uri.startsWith('file:') ? fileURLToPath(d.uri) : d.uri;
    connection.console[d.severity === 'error' ? 'error' : 'warn'](`${where}:${d.line + 1}: ${d.message}`);
  }
}

let notifyTimer: NodeJS.Timeout | undefined;
/** Tells the client the index changed, at most every 100 ms unless `now` (a phase ended). */
function notifyIndexChanged(now = false): void {
  const send = () => {
    clearTimeout(notifyTimer);
    notifyTimer = undefined;
    void connection.sendNotification(IndexChangedNotification.type, { notes: kb.noteCount, workspaceNotes: workspaceUris.size, entries: kb.entryCount, indexing, phase });
  };
  if (now) send();
  else notifyTimer ??= setTimeout(send, 100);
}

// Live editing: an open note is re-indexed shortly after the user stops typing.
const pending = new Map<string, NodeJS.Timeout>();
function scheduleNote(document: TextDocument): void {
  if (!ctx.isNote(document.uri) || (document.languageId !== 'markdown' && !isWorkspaceNote(document.uri))) return;
  if (!isWorkspaceNote(document.uri) && !bundled?.contains(document.uri)) openOnlyUris.add(document.uri);
  clearTimeout(pending.get(document.uri));
  pending.set(document.uri, setTimeout(() => {
    pending.delete(document.uri);
    const current = documents.get(document.uri);
    if (!current) return;
    publish(current.uri, kb.setNote(current.uri, current.getText()));
    notifyIndexChanged();
  }, EDIT_DEBOUNCE_MS));
}

documents.onDidOpen((e) => scheduleNote(e.document));
documents.onDidChangeContent((e) => scheduleNote(e.document));
documents.onDidClose((e) => {
  const uri = e.document.uri;
  clearTimeout(pending.get(uri));
  pending.delete(uri);
  if (openOnlyUris.delete(uri)) {
    // A note known only because it was open (untitled, outside the workspace): it goes with its editor.
    kb.removeNote(uri);
    publish(uri, []);
    notifyIndexChanged();
  } else if (isWorkspaceNote(uri) && fs.existsSync(fileURLToPath(uri))) {
    void indexFile(fileURLToPath(uri)).then(() => notifyIndexChanged()); // the disk version may differ from the discarded buffer
  } else if (bundled?.isShown(uri)) {
    try {
      publish(uri, kb.setNote(uri, fs.readFileSync(fileURLToPath(uri), 'utf8')));
    } catch (error) {
      connection.console.warn(`${uri}: could not re-read bundled note: ${String(error)}`);
    }
    notifyIndexChanged();
  }
});

connection.onDidChangeWatchedFiles(async (params: DidChangeWatchedFilesParams) => {
  for (const change of params.changes) {
    if (!isWorkspaceNote(change.uri)) continue;
    if (indexing) changedDuringPass.add(change.uri);
    if (change.type === FileChangeType.Deleted) {
      workspaceUris.delete(change.uri);
      kb.removeNote(change.uri);
      publish(change.uri, []);
    } else {
      await indexFile(fileURLToPath(change.uri));
    }
  }
  // A copy of a bundled file can only appear or go with a file created or deleted (a pass syncs when it starts).
  if (!indexing && params.changes.some((c) => c.type !== FileChangeType.Changed)) syncBundled();
  notifyIndexChanged();
});

registerHover(ctx);
registerNavigation(ctx);
registerSymbols(ctx);
registerWikiLinks(ctx);
registerKnowledgeRequests(ctx);

process.on('uncaughtException', (error) => connection.console.error(`Unexpected error: ${error.stack ?? error}`));
documents.listen(connection);
connection.listen();
