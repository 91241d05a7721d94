/** A real LSP client for tests: starts the built server over stdio and speaks JSON-RPC to it. */
import { ChildProcess, spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { pathToFileURL } from 'url';
import {
  createProtocolConnection, InitializeRequest, InitializedNotification, ProtocolConnection, StreamMessageReader, StreamMessageWriter,
  DidOpenTextDocumentNotification, DidChangeWatchedFilesNotification, FileChangeType, LogMessageNotification, PublishDiagnosticsParams,
  PublishDiagnosticsNotification, ConfigurationRequest, LogMessageParams, WorkDoneProgressCreateRequest, DidChangeTextDocumentNotification, DidCloseTextDocumentNotification,
  DidChangeConfigurationNotification,
} from 'vscode-languageserver-protocol/node';
import { IndexChangedNotification, IndexChangedParams, InitializationOptions, SERVER_PROCESS, TREE_MAX_LIMIT, TreeRequest, TreeViewName } from '../../server/src/protocol';
import { TreeNode } from '../core/helpers';

export const SERVER = path.resolve(__dirname, '../../../dist/server.js');

export class LspClient {
  readonly logs: string[] = [];
  readonly diagnostics = new Map<string, PublishDiagnosticsParams>();
  /** Index phases in the order the server reported them (repeats dropped). */
  readonly phases: IndexChangedParams['phase'][] = [];
  private lastIndex: IndexChangedParams | undefined;
  private indexWaiters: (() => void)[] = [];
  private versions = new Map<string, number>();

  private constructor(readonly connection: ProtocolConnection, private readonly child: ChildProcess) {}

  /** Starts the built server on `workspace`; resolves once the index satisfies `ready` (by default: settled). */
  static async start(
    workspace: string | string[] | undefined, settings: unknown = null, ready: (p: IndexChangedParams) => boolean = (p) => !p.indexing,
    initializationOptions: InitializationOptions = {},
  ): Promise<LspClient> {
    // DATA_NOTES_SERVER_NODE_ARGS (e.g. `--cpu-prof`) lets the benchmark profile the server process.
    const nodeArgs = process.env.DATA_NOTES_SERVER_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
    // Started as the extension starts it (client/src/extension.ts).
    // Source maps when the build has them (npm test's development build): a failure inside the
    // server then points at its TypeScript. The benchmark runs the production build, without.
    const sourceMaps = fs.existsSync(`${SERVER}.map`) ? ['--enable-source-maps'] : [];
    const child = spawn(process.execPath, [...SERVER_PROCESS.execArgv, ...sourceMaps, ...nodeArgs, SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, ...SERVER_PROCESS.env } });
    const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    const client = new LspClient(connection, child);
    client.settings = settings;
    const folders = workspace === undefined ? [] : Array.isArray(workspace) ? workspace : [workspace];
    connection.onNotification(LogMessageNotification.method, (p: LogMessageParams) => { client.logs.push(p.message); });
    connection.onNotification(PublishDiagnosticsNotification.method, (p: PublishDiagnosticsParams) => { client.diagnostics.set(p.uri, p); });
    connection.onNotification(IndexChangedNotification.type, (p) => {
      client.lastIndex = p;
      if (client.phases[client.phases.length - 1] !== p.phase) client.phases.push(p.phase);
      const waiters = client.indexWaiters;
      client.indexWaiters = [];
      waiters.forEach((w) => w());
    });
    connection.onRequest(ConfigurationRequest.type, (p) => p.items.map(() => client.settings));
    connection.onRequest(WorkDoneProgressCreateRequest.method, () => null);
    connection.listen();
    await connection.sendRequest(InitializeRequest.type, {
      processId: process.pid, rootUri: null, initializationOptions,
      workspaceFolders: folders.length > 0 ? folders.map((folder) => ({ uri: pathToFileURL(folder).toString(), name: path.basename(folder) })) : null,
      capabilities: { workspace: { configuration: true }, window: { workDoneProgress: true } },
    });
    await connection.sendNotification(InitializedNotification.type, {});
    await client.waitForIndex(ready);
    return client;
  }

  /** What the server reads as the `dataNotes` settings. */
  settings: unknown = null;

  /** Changes the settings and tells the server, as VS Code does (also once right after start). */
  async changeSettings(settings: unknown): Promise<void> {
    this.settings = settings;
    await this.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
  }

  /** Every level of a tree view, asked for over the wire as a user expanding every item would. */
  async expandTree(view: TreeViewName = 'architectures', parentId?: string): Promise<TreeNode[]> {
    const level = await this.connection.sendRequest(TreeRequest.type, { view, parentId, limit: TREE_MAX_LIMIT });
    return Promise.all(level.items.map(async (item) => ({
      ...item, children: item.hasChildren ? await this.expandTree(view, item.id) : [],
    })));
  }

  /** The last `indexChanged` notification. */
  get lastIndexParams(): IndexChangedParams | undefined {
    return this.lastIndex;
  }

  /** Resolves once an `indexChanged` notification satisfies `predicate`. */
  async waitForIndex(predicate: (p: IndexChangedParams) => boolean, timeoutMs = 15000): Promise<IndexChangedParams> {
    const deadline = Date.now() + timeoutMs;
    while (!this.lastIndex || !predicate(this.lastIndex)) {
      if (Date.now() > deadline) throw new Error(`index did not settle: ${JSON.stringify(this.lastIndex)}`);
      await new Promise<void>((resolve) => {
        this.indexWaiters.push(resolve);
        setTimeout(resolve, 200);
      });
    }
    return this.lastIndex;
  }

  /** Polls `probe` until it returns a truthy value (the server debounces edits). */
  async eventually<T>(probe: () => Promise<T>, timeoutMs = 10000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await probe();
      if (value || Date.now() > deadline) return value;
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  async open(uri: string, languageId: string, text: string): Promise<void> {
    this.versions.set(uri, 1);
    await this.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId, version: 1, text } });
  }

  async change(uri: string, text: string): Promise<void> {
    const version = (this.versions.get(uri) ?? 1) + 1;
    this.versions.set(uri, version);
    await this.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: [{ text }] });
  }

  async close(uri: string): Promise<void> {
    await this.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
  }

  async fileChanged(uri: string, type: FileChangeType): Promise<void> {
    await this.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri, type }] });
  }

  get alive(): boolean {
    return this.child.exitCode === null && !this.child.killed;
  }

  async stop(): Promise<void> {
    try {
      await Promise.race([this.connection.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 1000))]);
      await this.connection.sendNotification('exit');
      // Let it exit by itself (a profiled server writes its profile on exit), then make sure.
      if (this.child.exitCode === null) await Promise.race([new Promise((r) => this.child.once('exit', r)), new Promise((r) => setTimeout(r, 3000))]);
    } catch {
      // already gone
    }
    this.connection.dispose();
    this.child.kill();
  }
}
