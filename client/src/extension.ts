/**
 * Data Notes extension entry: starts the language server and wires its answers into
 * VS Code (trees, search, details panel, commands). Everything smart lives in the server.
 */
import * as vscode from 'vscode';
import { LanguageClient, LanguageClientOptions, ServerOptions, TransportKind, CloseAction, ErrorAction } from 'vscode-languageclient/node';
import { IndexChangedNotification, InitializationOptions, SERVER_PROCESS } from '../../server/src/protocol';
import { KnowledgeTreeProvider } from './knowledgeTree';
import { registerCommands } from './commands';
import { RestartPolicy } from './restartPolicy';
import { LargeDocuments } from './largeDocuments';
import { DrawingPanel } from './drawingPanel';
import { StackTreeProvider } from './stackView';
import { WORKSPACE_STACK_ID } from '../../server/src/protocol';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('Data Notes', { log: true });
  const serverModule = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: [...SERVER_PROCESS.execArgv], env: { ...process.env, ...SERVER_PROCESS.env } } },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019', ...SERVER_PROCESS.execArgv], env: { ...process.env, ...SERVER_PROCESS.env } } },
  };
  const restarts = new RestartPolicy();
  const large = new LargeDocuments();
  const sized = (document: vscode.TextDocument) => ({ uri: document.uri, length: () => document.offsetAt(document.lineAt(document.lineCount - 1).range.end) });
  const clientOptions: LanguageClientOptions = {
    // Hover works in every document, whatever its language, saved or not.
    documentSelector: [{ scheme: 'file' }, { scheme: 'untitled' }],
    synchronize: {
      configurationSection: 'dataNotes',
      fileEvents: vscode.workspace.createFileSystemWatcher('**/*.{md,markdown}'),
    },
    outputChannel: output,
    middleware: {
      didOpen: (document, next) => (large.opened(sized(document)) ? next(document) : Promise.resolve()),
      didChange: (event, next) => (large.isSent(event.document.uri) ? next(event) : Promise.resolve()),
      didSave: (document, next) => (large.isSent(document.uri) ? next(document) : Promise.resolve()),
      didClose: (document, next) => (large.closed(document.uri) ? next(document) : Promise.resolve()),
    },
    // Per-workspace storage: large workspaces start warm from the index cache kept there.
    initializationOptions: { cacheDir: context.storageUri?.fsPath } satisfies InitializationOptions,
    markdown: { isTrusted: { enabledCommands: ['dataNotes.showDetails', 'dataNotes.revealInTree'] }, supportHtml: false },
    errorHandler: {
      error: () => ({ action: ErrorAction.Continue }),
      closed: () => {
        const restart = restarts.crashed();
        const message = restart
          ? vscode.l10n.t('The Data Notes server stopped unexpectedly and is being restarted.')
          : vscode.l10n.t('The Data Notes server stopped {0} times in three minutes and will not be restarted. See the Data Notes output for details; run Developer: Reload Window to start it again.', restarts.recent);
        output.error(message);
        if (!restart) void vscode.window.showErrorMessage(message, vscode.l10n.t('Show Output')).then((choice) => choice && output.show());
        return { action: restart ? CloseAction.Restart : CloseAction.DoNotRestart };
      },
    },
  };
  client = new LanguageClient('dataNotes', 'Data Notes', serverOptions, clientOptions);

  const architectures = new KnowledgeTreeProvider(client, 'architectures');
  const technologies = new KnowledgeTreeProvider(client, 'technologies');
  const architectureView = vscode.window.createTreeView('dataNotes.architectures', { treeDataProvider: architectures, showCollapseAll: true });
  const technologyView = vscode.window.createTreeView('dataNotes.technologies', { treeDataProvider: technologies, showCollapseAll: true });
  context.subscriptions.push(output, architectureView, technologyView);
  registerCommands(context, { client, architectures, technologies, architectureView, output });
  DrawingPanel.register(context, client);
  const languageClient = client;
  const stack = new StackTreeProvider(languageClient);
  context.subscriptions.push(vscode.window.createTreeView('dataNotes.stack', { treeDataProvider: stack, showCollapseAll: true }));
  context.subscriptions.push(vscode.commands.registerCommand('dataNotes.refreshStack', () => stack.refresh()));
  context.subscriptions.push(vscode.commands.registerCommand('dataNotes.compareWithStack', (id: unknown) => {
    if (typeof id === 'string') DrawingPanel.showDiagram(context, languageClient, [id, WORKSPACE_STACK_ID]);
  }));
  // Declaration files changed: the stack is read again (the server reads only the files that changed).
  const manifests = vscode.workspace.createFileSystemWatcher('**/{docker-compose*.yml,docker-compose*.yaml,compose.yml,compose.yaml,Dockerfile*,*.tf,package.json,requirements*.txt,pyproject.toml,Pipfile,go.mod,pom.xml,build.gradle,build.gradle.kts,build.sbt,Cargo.toml,*.yml,*.yaml,*.py}');
  let stackTimer: NodeJS.Timeout | undefined;
  let changedFiles: vscode.Uri[] = [];
  const stackChanged = (uri: vscode.Uri) => {
    changedFiles.push(uri);
    clearTimeout(stackTimer);
    stackTimer = setTimeout(() => { stack.refresh(changedFiles); changedFiles = []; }, 1000);
  };
  context.subscriptions.push(manifests, manifests.onDidChange(stackChanged), manifests.onDidCreate(stackChanged), manifests.onDidDelete(stackChanged));

  await client.start();
  context.subscriptions.push(client.onNotification(IndexChangedNotification.type, (index) => {
    architectures.refresh();
    technologies.refresh();
    // Until the workspace has notes of its own, say what the view shows and how to add to it.
    architectureView.message = index.workspaceNotes === 0 && !index.indexing && index.notes > 0
      ? vscode.l10n.t('These are the bundled sample notes. Write notes of your own in this workspace (Data Notes: New Architecture Note), or hide the samples with the dataNotes.sampleNotes.enabled setting.')
      : undefined;
  }));
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
