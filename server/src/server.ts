/**
 * The Data Notes language server: the composition root. It makes the knowledge base, the
 * workspace indexer, the diagnostics publisher and the memory keeper, keeps open editors and
 * settings in step, and hands each request to its feature file. Never writes to the user's files.
 */
import {
  FileChangeType, InitializeParams, InitializeResult, TextDocuments, TextDocumentSyncKind,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { BundledKnowledge, findKnowledgeDir } from './bundledKnowledge';
import { ServerContext } from './context';
import { KnowledgeBase } from './core/knowledgeBase';
import { NoteDiagnostic } from './core/model';
import { DiagnosticsPublisher } from './diagnosticsPublisher';
import { registerHover } from './features/hover';
import { registerKnowledgeRequests } from './features/knowledgeRequests';
import { registerDiagramRequests } from './features/diagramRequests';
import { Diagrams } from './features/diagrams';
import { registerStack } from './features/stack';
import { registerCodeLens } from './features/codeLens';
import { registerNavigation } from './features/navigation';
import { registerSymbols } from './features/symbols';
import { noteDiagnostics, registerWikiLinks } from './features/wikiLinks';
import { MemoryKeeper } from './memoryKeeper';
import { DiskWorkspace, inside, pathOf } from './noteWorkspace';
import { OpenNotes } from './openNotes';
import { IndexChangedNotification, InitializationOptions } from './protocol';
import { DEFAULT_SETTINGS, readSettings, selectsOtherNotes, Settings } from './settings';
import { MAX_FILE_BYTES, WorkspaceIndexer } from './workspaceIndexer';
import { NoteIndexing } from './noteIndexing';
import { createGuardedConnection } from './guardedConnection';

// Dropped messages are logged once the connection can (its console needs the connection itself).
const connection = createGuardedConnection((why) => log.warn(`Ignored a message: ${why}.`));
const documents = new TextDocuments(TextDocument);
const log = { info: (m: string) => connection.console.info(m), warn: (m: string) => connection.console.warn(m), error: (m: string) => connection.console.error(m) };
let settings: Settings = DEFAULT_SETTINGS;
let workspaceRoots: string[] = [];
let options: InitializationOptions = {};
let canAskConfiguration = false;
let bundled: BundledKnowledge | undefined;

const workspace = new DiskWorkspace();
/** A note's current text, for the knowledge base's re-reads: its editor's, or its file's. */
const kb = new KnowledgeBase({ readNote: (uri) => documents.get(uri)?.getText() ?? readFromDisk(uri) });
function readFromDisk(uri: string): string | undefined {
  const file = pathOf(uri);
  return file === undefined ? undefined : workspace.readSync(file);
}
const ctx: ServerContext = {
  connection, documents, kb,
  settings: () => settings,
  isNote: (uri) => isWorkspaceNote(uri) || documents.get(uri)?.languageId === 'markdown' || kb.headings(uri).length > 0,
  indexing: () => indexer.indexing,
  folderLabel,
};
const diagnostics = new DiagnosticsPublisher((uri, all) => connection.sendDiagnostics({ uri, diagnostics: all }), (uri) => noteDiagnostics(ctx, uri), log);
const memory = new MemoryKeeper(kb, log, () => indexer.indexing);
/** Edits, file changes and passes share one way in: big notes parsed on a thread and indexed in slices. */
const noteIndexing = new NoteIndexing(kb, MAX_FILE_BYTES, { openText: (uri) => documents.get(uri)?.getText(), fileOf: pathOf });
const indexer = new WorkspaceIndexer({
  kb, workspace, log, noteIndexing,
  cacheDir: () => options.cacheDir,
  isOpen: (uri) => documents.get(uri) !== undefined,
  indexed: publish,
  changed: notifyIndexChanged,
  syncBundled,
  progress: async () => (workspace.hasFolders ? connection.window.createWorkDoneProgress() : undefined),
  passEnded: (cacheWritten, large) => {
    void diagnostics.flush();
    void memory.settle();
    if (cacheWritten) void cacheWritten.then(() => memory.releaseAfterIndexing());
    else if (large) void memory.releaseAfterIndexing();
  },
});

const isWorkspaceNote = (uri: string) => workspace.selects(uri);

/** What the trees call a folder of notes: `Root/sub/dir` in a workspace folder, *Sample notes* for the bundled ones. */
function folderLabel(folderUri: string): string | undefined {
  const folder = pathOf(folderUri);
  if (bundled && folder !== undefined && inside(bundled.dir, folder) !== undefined) return 'Sample notes';
  return workspace.folderLabel(folderUri);
}

function publish(uri: string, found: NoteDiagnostic[]): void {
  diagnostics.publish(uri, found, indexer.indexing && !documents.get(uri));
  if (!indexer.indexing) memory.settleSoon(); // a note edited outside a pass
}

/** Shows the bundled files that no workspace file replaces (see `BundledKnowledge`). */
function syncBundled(workspacePaths: string[] = indexer.workspacePaths()): void {
  if (!bundled) return;
  const { diagnostics: found, changed } = bundled.sync(settings.sampleNotes, workspacePaths);
  diagnostics.report(found);
  // A glossary file of the bundle came or went: the notes are read again, a slice at a time.
  if (kb.needsRefresh) void noteIndexing.readAgain(publish).then((read) => { if (read > 0) notifyIndexChanged(); });
  if (changed) notifyIndexChanged();
}

let notifyTimer: NodeJS.Timeout | undefined;
/** Tells the client the index changed, at most every 100 ms unless `now` (a phase ended). */
function notifyIndexChanged(now = false): void {
  const send = () => {
    clearTimeout(notifyTimer);
    notifyTimer = undefined;
    const phase = workspace.hasFolders ? indexer.phase : 'full';
    void connection.sendNotification(IndexChangedNotification.type, { notes: kb.noteCount, workspaceNotes: indexer.noteCount, entries: kb.entryCount, indexing: indexer.indexing, phase });
  };
  if (now) send();
  else notifyTimer ??= setTimeout(send, 100);
}

async function loadSettings(): Promise<void> {
  let section: unknown;
  if (canAskConfiguration) {
    try {
      [section] = await connection.workspace.getConfiguration([{ section: 'dataNotes' }]);
    } catch (error) {
      log.warn(`Could not read settings: ${String(error)}`);
    }
  }
  const read = readSettings(section);
  for (const problem of read.problems) log.warn(problem);
  settings = read.settings;
  workspace.configure(workspaceRoots, settings.include, settings.exclude);
}

connection.onInitialize((params: InitializeParams): InitializeResult => {
  options = (params.initializationOptions ?? {}) as InitializationOptions;
  workspaceRoots = (params.workspaceFolders ?? []).flatMap((f) => pathOf(f.uri) ?? []);
  if (workspaceRoots.length === 0 && params.rootUri) workspaceRoots = [pathOf(params.rootUri)].filter((p): p is string => p !== undefined);
  canAskConfiguration = !!params.capabilities.workspace?.configuration;
  workspace.configure(workspaceRoots, settings.include, settings.exclude);
  return {
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental, hoverProvider: true, definitionProvider: true, referencesProvider: true,
      workspaceSymbolProvider: true, documentSymbolProvider: true, completionProvider: { triggerCharacters: ['['] }, documentLinkProvider: { resolveProvider: false },
      codeLensProvider: { resolveProvider: false },
    },
    serverInfo: { name: 'Data Notes' },
  };
});

/** Settled once the first settings are read and the bundled knowledge loaded. */
let started: Promise<void> | undefined;
connection.onInitialized(() => {
  started = (async () => {
    await loadSettings();
    const dir = options.bundledKnowledge === false ? undefined : findKnowledgeDir(__dirname);
    if (dir) {
      const loading = Date.now();
      bundled = BundledKnowledge.load(kb, dir);
      diagnostics.report(bundled.sync(settings.sampleNotes, []).diagnostics);
      kb.refreshMatcher();
      log.info(`Bundled knowledge: ${kb.entryCount} glossary entries and ${kb.noteCount} notes in ${Date.now() - loading} ms (${Math.round(process.uptime() * 1000)} ms after the server started).`);
    } else if (options.bundledKnowledge !== false) {
      log.warn('Bundled knowledge folder not found next to the server; only workspace notes are indexed.');
    }
    notifyIndexChanged();
    if (workspace.hasFolders) void indexer.run();
    else notifyIndexChanged(true);
  })();
});

// VS Code sends the settings once at start as well: the workspace is indexed again only when a
// setting that selects notes changed, and the sample notes shown or hidden when theirs did.
connection.onDidChangeConfiguration(async () => {
  await started;
  const before = settings;
  await loadSettings();
  if (selectsOtherNotes(before, settings)) void indexer.run();
  else if (before.sampleNotes !== settings.sampleNotes) syncBundled();
});

connection.onShutdown(async () => {
  await indexer.flush();
  await noteIndexing.dispose();
});

new OpenNotes(documents, {
  kb, noteIndexing, workspace, log, isNote: ctx.isNote, isWorkspaceNote,
  isBundled: (uri) => bundled?.contains(uri) ?? false,
  isBundledShown: (uri) => bundled?.isShown(uri) ?? false,
  indexed: publish, changed: notifyIndexChanged,
  reindexFromDisk: (uri) => void indexer.reindex(uri),
});

const CHANGE_TYPES = { [FileChangeType.Created]: 'created', [FileChangeType.Changed]: 'changed', [FileChangeType.Deleted]: 'deleted' } as const;
connection.onDidChangeWatchedFiles((params) => indexer.filesChanged(params.changes.filter((c) => isWorkspaceNote(c.uri)).map((c) => ({ uri: c.uri, type: CHANGE_TYPES[c.type] }))));

registerHover(ctx);
registerNavigation(ctx);
registerSymbols(ctx);
registerWikiLinks(ctx);
registerKnowledgeRequests(ctx);
// One set of diagrams: the stack feature draws the workspace's stack through it.
const diagrams = new Diagrams(kb);
registerDiagramRequests(ctx, diagrams);
registerStack(ctx, () => workspaceRoots, diagrams);
registerCodeLens(ctx);

process.on('uncaughtException', (error) => log.error(`Unexpected error: ${error.stack ?? error}`));
documents.listen(connection);
connection.listen();
