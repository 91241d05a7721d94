/**
 * One file is indexed once: the bundled notes opened as the workspace (the very folder, or a copy
 * of it as an installed extension sees it), a folder reached twice through a link, overlapping
 * workspace folders; and a start indexes the workspace once.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { Hover, Location, MarkupContent, SymbolInformation } from 'vscode-languageserver-protocol/node';
import { LspClient } from './lspClient';
import { TreeNode } from '../core/helpers';

const KNOWLEDGE = path.resolve(__dirname, '../../../knowledge');
const BUNDLED_NOTE = path.join(KNOWLEDGE, 'notes', 'data-engineering-notes.md');

/** Every company, architecture and stage of the tree as `company › architecture › stage`, with the file it points at. */
function rows(tree: TreeNode[]): { key: string; uri?: string }[] {
  const out: { key: string; uri?: string }[] = [];
  const walk = (node: TreeNode, trail: string[]) => {
    if (node.kind === 'technology') return;
    const key = [...trail, node.label].join(' › ');
    out.push({ key, uri: node.location?.uri });
    for (const child of node.children ?? []) walk(child, [...trail, node.label]);
  };
  tree.forEach((n) => walk(n, []));
  return out;
}

function counts(keys: string[]): Map<string, number> {
  const map = new Map<string, number>();
  for (const key of keys) map.set(key, (map.get(key) ?? 0) + 1);
  return map;
}

function foundLogs(client: LspClient): string[] {
  return client.logs.filter((l) => l.startsWith('Found ') && l.includes('workspace notes'));
}

async function settle(client: LspClient): Promise<void> {
  // Long enough for a second pass the configuration change might have started to show.
  await new Promise((r) => setTimeout(r, 500));
  await client.waitForIndex((p) => !p.indexing);
}

describe('each file indexed once', function () {
  this.timeout(60000);
  let baseline: Map<string, number>;
  const temp: string[] = [];
  const tempDir = (name: string) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `data-notes-${name}-`));
    temp.push(dir);
    return dir;
  };

  before(async () => {
    // The bundled notes alone: what each case below must show, exactly as many times.
    const alone = await LspClient.start(undefined);
    try {
      baseline = counts(rows(await alone.expandTree()).map((r) => r.key));
    } finally {
      await alone.stop();
    }
    assert.ok(baseline.size > 50, `the bundled tree has ${baseline.size} rows`);
    for (const company of ['SOCAR', 'Daangn', 'Banksalad', 'Watcha', 'LINE', 'Airbnb', 'Woowa']) {
      assert.ok([...baseline.keys()].some((k) => k.includes(company)), `${company} in the bundled tree`);
    }
  });

  after(() => {
    for (const dir of temp) fs.rmSync(dir, { recursive: true, force: true });
  });

  async function assertOnce(client: LspClient, noteUri: string): Promise<void> {
    const tree = await client.expandTree();
    const seen = rows(tree);
    assert.deepStrictEqual(counts(seen.map((r) => r.key)), baseline, 'every company, architecture and stage as often as in the bundled notes alone');
    const located = seen.filter((r) => r.uri);
    assert.ok(located.length > 50);
    for (const row of located) assert.strictEqual(row.uri, noteUri, `${row.key} points at the workspace's file`);
    const [chat] = await client.connection.sendRequest<SymbolInformation[]>('workspace/symbol', { query: '채팅 데이터 파이프라인' });
    assert.strictEqual(chat.location.uri, noteUri);
    const code = pathToFileURL(path.join(tempDir('code'), 'probe.ts')).toString();
    await client.open(code, 'typescript', 'const kinesis = new KinesisClient({});\n');
    const position = { line: 0, character: 22 };
    const references = await client.connection.sendRequest<Location[]>('textDocument/references', { textDocument: { uri: code }, position, context: { includeDeclaration: false } });
    const notes = references.filter((l) => l.uri.endsWith('.md'));
    assert.ok(notes.length > 0, 'the note mentions Kinesis');
    for (const location of notes) assert.strictEqual(location.uri, noteUri);
    const hover = await client.connection.sendRequest<Hover | null>('textDocument/hover', { textDocument: { uri: code }, position });
    const text = (hover!.contents as MarkupContent).value;
    const uses = text.split('\n').filter((l) => l.startsWith('- ') && l.includes('채팅 데이터 파이프라인'));
    assert.strictEqual(uses.length, 1, `"Used by" lists the use once:\n${text}`);
  }

  it('the bundled notes folder opened as the workspace', async () => {
    const client = await LspClient.start(path.dirname(BUNDLED_NOTE));
    try {
      await assertOnce(client, pathToFileURL(BUNDLED_NOTE).toString());
    } finally {
      await client.stop();
    }
  });

  it('a copy of the bundled notes (as an installed extension sees the repository\'s folder)', async () => {
    const workspace = tempDir('copy');
    fs.copyFileSync(BUNDLED_NOTE, path.join(workspace, 'data-engineering-notes.md'));
    const client = await LspClient.start(workspace);
    try {
      await assertOnce(client, pathToFileURL(path.join(workspace, 'data-engineering-notes.md')).toString());
      // Deleting the copy brings the bundled note back.
      fs.rmSync(path.join(workspace, 'data-engineering-notes.md'));
      await client.fileChanged(pathToFileURL(path.join(workspace, 'data-engineering-notes.md')).toString(), 3);
      const tree = await client.eventually(async () => {
        const t = await client.expandTree();
        return rows(t).some((r) => r.uri === pathToFileURL(BUNDLED_NOTE).toString()) ? t : undefined;
      });
      assert.ok(tree, 'the bundled note is shown again');
      assert.deepStrictEqual(counts(rows(tree).map((r) => r.key)), baseline);
    } finally {
      await client.stop();
    }
  });

  it('the whole knowledge folder opened: glossary entries once, without clashes', async () => {
    const workspace = tempDir('knowledge');
    fs.cpSync(KNOWLEDGE, workspace, { recursive: true });
    fs.rmSync(path.join(workspace, 'README.md')); // a note of its own, not a copy of a bundled one
    const client = await LspClient.start(workspace);
    try {
      await assertOnce(client, pathToFileURL(path.join(workspace, 'notes', 'data-engineering-notes.md')).toString());
      assert.ok(!client.logs.some((l) => l.includes('is also defined in')), client.logs.filter((l) => l.includes('also defined')).slice(0, 3).join('\n'));
      const [kafka] = await client.connection.sendRequest<SymbolInformation[]>('workspace/symbol', { query: 'kafka' });
      assert.strictEqual(kafka.location.uri, pathToFileURL(path.join(workspace, 'glossary', 'kafka.md')).toString());
    } finally {
      await client.stop();
    }
  });

  it('a folder reached twice through a link, and overlapping workspace folders', async () => {
    const workspace = tempDir('links');
    fs.mkdirSync(path.join(workspace, 'notes'));
    fs.writeFileSync(path.join(workspace, 'notes', 'toss.md'), '---\ncompany: Toss\n---\n# Toss\n\n## 결제 이벤트 파이프라인\n- 수집 : 결제 이벤트를 Kafka 로 전송\n');
    fs.symlinkSync(path.join(workspace, 'notes'), path.join(workspace, 'alias'));
    fs.symlinkSync(workspace, path.join(workspace, 'notes', 'loop'));
    const client = await LspClient.start([workspace, path.join(workspace, 'notes')]);
    try {
      const tree = await client.expandTree();
      const toss = rows(tree).filter((r) => r.key.endsWith('결제 이벤트 파이프라인'));
      assert.strictEqual(toss.length, 1, JSON.stringify(toss));
      assert.match(foundLogs(client)[0], /Found 1 workspace notes/);
    } finally {
      await client.stop();
    }
  });

  it('a start indexes the workspace once; a change of the notes settings indexes it again', async () => {
    const workspace = tempDir('once');
    fs.writeFileSync(path.join(workspace, 'a.md'), '# A\n- 수집 : Kafka\n');
    fs.mkdirSync(path.join(workspace, 'drafts'));
    fs.writeFileSync(path.join(workspace, 'drafts', 'b.md'), '# B\n- 적재 : S3\n');
    const client = await LspClient.start(workspace);
    try {
      await client.changeSettings(null); // what VS Code sends right after start
      await settle(client);
      assert.strictEqual(foundLogs(client).length, 1, foundLogs(client).join('\n'));
      await client.changeSettings({ hover: { enabled: true } }); // not a notes setting
      await settle(client);
      assert.strictEqual(foundLogs(client).length, 1);
      await client.changeSettings({ notes: { exclude: ['**/drafts/**'] } });
      await client.eventually(async () => foundLogs(client).length === 2);
      await settle(client);
      assert.match(foundLogs(client)[1], /Found 1 workspace notes/);
    } finally {
      await client.stop();
    }
  });

  it('leaves out the sample notes when asked, and keeps the glossary', async () => {
    const workspace = tempDir('nosamples');
    fs.writeFileSync(path.join(workspace, 'toss.md'), '---\ncompany: Toss\n---\n# Toss\n\n## 결제 이벤트 파이프라인\n- 수집 : 결제 이벤트를 Kafka 로 전송\n');
    const client = await LspClient.start(workspace, { sampleNotes: { enabled: false } });
    try {
      const labels = (await client.expandTree()).map((n) => n.label);
      assert.strictEqual(labels.length, 1, labels.join(', '));
      assert.match(labels[0], /^Toss/);
      assert.strictEqual(client.lastIndexParams?.workspaceNotes, 1);
      const code = pathToFileURL(path.join(workspace, 'probe.ts')).toString();
      await client.open(code, 'typescript', 'const kinesis = new KinesisClient({});\n');
      const hover = await client.connection.sendRequest<Hover | null>('textDocument/hover', { textDocument: { uri: code }, position: { line: 0, character: 22 } });
      assert.match((hover!.contents as MarkupContent).value, /Kinesis Data Streams/);
      await client.changeSettings({ sampleNotes: { enabled: true } });
      const back = await client.eventually(async () => (await client.expandTree()).length > 1);
      assert.ok(back, 'turning the setting on shows the sample notes again');
      assert.strictEqual(foundLogs(client).length, 1, 'without indexing the workspace again');
    } finally {
      await client.stop();
    }
  });
});
