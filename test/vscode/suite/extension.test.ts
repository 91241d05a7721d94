/** Runs inside VS Code's extension host: the real hover, commands and views of the extension. */
import * as assert from 'assert';
import * as vscode from 'vscode';

async function eventually<T>(probe: () => Promise<T | undefined>, timeoutMs = 30000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe('Data Notes in VS Code', () => {
  before(async () => {
    await vscode.extensions.getExtension('data-notes.data-notes')!.activate();
  });

  it('hovers Kinesis in a TypeScript file with who uses it', async () => {
    const document = await vscode.workspace.openTextDocument({ language: 'typescript', content: 'const client = new KinesisClient({});\n' });
    await vscode.window.showTextDocument(document);
    const text = await eventually(async () => {
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, new vscode.Position(0, 22));
      const value = hovers.flatMap((h) => h.contents).map((c) => (typeof c === 'string' ? c : (c as vscode.MarkdownString).value)).join('\n');
      return value.includes('Kinesis Data Streams') ? value : undefined;
    });
    assert.match(text, /당근마켓|Daangn/);
  });

  it('finds Kafka from initial consonants through workspace symbols', async () => {
    const symbols = await eventually(async () => {
      const found = await vscode.commands.executeCommand<vscode.SymbolInformation[]>('vscode.executeWorkspaceSymbolProvider', 'ㅋㅍㅋ');
      return found.length ? found : undefined;
    });
    assert.strictEqual(symbols[0].name, 'Kafka');
  });

  it('registers its commands', async () => {
    const commands = await vscode.commands.getCommands(true);
    for (const id of ['dataNotes.search', 'dataNotes.showDetails', 'dataNotes.refresh', 'dataNotes.revealInTree']) assert.ok(commands.includes(id), id);
  });
});
