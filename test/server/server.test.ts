/**
 * Protocol-level tests: the built server (dist/server.js) started over stdio, spoken
 * to with real LSP messages, on a temporary workspace of notes.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import * as v8 from 'v8';
import { FileChangeType, Hover, Location, MarkupContent, SymbolInformation, DocumentSymbol, CompletionItem, DocumentLink, ErrorCodes, ResponseError } from 'vscode-languageserver-protocol/node';
import { LspClient } from './lspClient';
import { TreeNode } from '../core/helpers';
import { ArchitecturesRequest, DiagramRequest, EntityRequest, GraphRequest, NeighbourhoodRequest, SearchRequest, SearchResult, EntityDetails, GraphView } from '../../server/src/protocol';

const TOSS_NOTE = `---
tags: [payments]
---
# Toss

## 결제 이벤트 파이프라인
- 수집 : 결제 서버 이벤트를 Kafka로 전송
- 적재 : Kafka Connect 로 S3 에 저장하고 Athena 로 조회
`;

/** The roots with the folders that group many topics opened: the companies and topics, found by label. */
function rootsAndTopics(tree: TreeNode[]): TreeNode[] {
  return tree.flatMap((n) => (n.kind === 'folder' ? n.children ?? [] : [n]));
}

function uriOf(file: string): string {
  return pathToFileURL(file).toString();
}

function hoverText(hover: Hover | null): string {
  return hover ? (hover.contents as MarkupContent).value : '';
}

describe('language server over stdio', function () {
  this.timeout(30000);
  let workspace: string;
  let client: LspClient;

  before(async () => {
    workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'data-notes-ws-'));
    fs.writeFileSync(path.join(workspace, 'toss.md'), TOSS_NOTE);
    fs.writeFileSync(path.join(workspace, 'links.md'), '# Reading list\n\nSee [[Kafka]] and [[Nothing Like This]].\n');
    fs.writeFileSync(path.join(workspace, 'broken.md'), '---\ntitle: [unclosed\n---\n# Still a note\n- 저장 : S3\n');
    fs.writeFileSync(path.join(workspace, 'image.md'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d, 0, 1, 2, 3]));
    fs.mkdirSync(path.join(workspace, 'node_modules', 'pkg'), { recursive: true });
    fs.writeFileSync(path.join(workspace, 'node_modules', 'pkg', 'README.md'), '# Excluded Corp\n## X\n- 수집 : Kafka\n');
    client = await LspClient.start(workspace);
  });

  after(async () => {
    await client?.stop();
    fs.rmSync(workspace, { recursive: true, force: true });
  });

  async function hoverAt(languageId: string, text: string, word: string, ext: string): Promise<string> {
    const uri = uriOf(path.join(workspace, `probe-${Math.random().toString(36).slice(2)}.${ext}`));
    await client.open(uri, languageId, text);
    const lines = text.split('\n');
    const line = lines.findIndex((l) => l.includes(word));
    const character = lines[line].indexOf(word) + 1;
    const hover = await client.connection.sendRequest<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line, character } });
    return hoverText(hover);
  }

  it('hovers technologies in TypeScript, Go, Python, YAML, markdown and Korean text', async () => {
    const ts = await hoverAt('typescript', "import { KinesisClient } from '@aws-sdk/client-kinesis';\nconst kinesis = new KinesisClient({});", 'KinesisClient', 'ts');
    assert.match(ts, /Kinesis Data Streams/);
    assert.match(ts, /당근마켓|Daangn/);
    assert.match(ts, /command:dataNotes\.showDetails/);
    assert.match(await hoverAt('go', 'import "github.com/segmentio/kafka-go"\n', 'kafka', 'go'), /\*\*Kafka\*\*/);
    assert.match(await hoverAt('python', 'firehose = boto3.client("firehose")\n', 'firehose")', 'py'), /Kinesis Data Firehose/);
    assert.match(await hoverAt('yaml', 'services:\n  broker:\n    image: confluentinc/cp-kafka-connect:7.5.0\n', 'kafka-connect', 'yaml'), /Kafka Connect/);
    assert.match(await hoverAt('markdown', '# 메모\n- 로그 수집 : Fluent Bit 으로 PubSub 에 전송\n', 'Fluent', 'md'), /Fluent Bit/);
    assert.match(await hoverAt('plaintext', '카프카를 이용해 이벤트를 전달한다\n', '카프카', 'txt'), /\*\*Kafka\*\*/);
  });

  it('shows nothing on ordinary words', async () => {
    assert.strictEqual(await hoverAt('typescript', 'const user = users.find((u) => u.id === id);\n', 'find', 'ts'), '');
    assert.strictEqual(await hoverAt('typescript', 'const streams = new Map<string, Readable>();\n', 'streams', 'ts'), '');
    assert.strictEqual(await hoverAt('python', 'double = lambda x: x * 2\n', 'lambda', 'py'), '');
  });

  it('goes to the definition and finds references of a technology', async () => {
    const uri = uriOf(path.join(workspace, 'producer.ts'));
    await client.open(uri, 'typescript', 'const producer = kafka.producer(); // Kafka\n');
    const position = { line: 0, character: 38 };
    const definitions = await client.connection.sendRequest<Location[]>('textDocument/definition', { textDocument: { uri }, position });
    assert.ok(definitions.some((l) => l.uri.endsWith('/glossary/kafka.md')), JSON.stringify(definitions));
    const references = await client.connection.sendRequest<Location[]>('textDocument/references', { textDocument: { uri }, position, context: { includeDeclaration: false } });
    assert.ok(references.some((l) => l.uri.endsWith('data-engineering-notes.md')), 'bundled notes mention Kafka');
    assert.ok(references.some((l) => l.uri.endsWith('toss.md')), 'workspace notes mention Kafka');
  });

  it('answers workspace symbols in English, Korean, with typos and initial consonants', async () => {
    const first = async (query: string) => (await client.connection.sendRequest<SymbolInformation[]>('workspace/symbol', { query }))[0];
    assert.strictEqual((await first('kafka')).name, 'Kafka');
    // Found by its Korean alias: the alias is in the name, for VS Code's own filter of the list to keep it.
    assert.strictEqual((await first('카프카')).name, 'Kafka (카프카)');
    assert.strictEqual((await first('kafak')).name, 'Kafka');
    assert.strictEqual((await first('카프크')).name, 'Kafka (카프카)');
    assert.match((await first('ㅋㅍㅋ')).name, /^Kafka/);
    assert.match((await first('ㄷㅇㄴㅁㄷㅂ')).name, /^DynamoDB/);
    const chat = await first('채팅 데이터');
    assert.strictEqual(chat.name, '채팅 데이터 파이프라인');
    assert.match(chat.containerName ?? '', /당근마켓|Daangn/);
  });

  it('serves the architecture tree of bundled and workspace notes', async () => {
    const tree = await client.expandTree();
    const names = tree.filter((n) => n.kind === 'company').map((n) => n.label);
    for (const company of ['SOCAR', 'Daangn', 'Banksalad', 'Watcha', 'LINE', 'Airbnb', 'Woowa', 'Toss']) {
      assert.ok(names.some((n) => n.includes(company)), `${company} missing from ${names.join(', ')}`);
    }
    assert.ok(!names.some((n) => n.includes('Excluded')), 'node_modules is excluded');
    const line = tree.find((n) => n.label.startsWith('LINE'))!;
    const shopping = line.children!.find((a) => a.label.includes('쇼핑 플랫폼'))!;
    const technologies = shopping.children!.flatMap((stage) => stage.children!.map((t) => t.label));
    assert.ok(technologies.includes('Kafka Connect'), technologies.join(', '));
    const technologyView = await client.expandTree('technologies');
    assert.ok(technologyView.some((c) => c.kind === 'category' && c.children!.some((t) => t.label === 'Kafka')));
  });

  it('describes entities and their graph', async () => {
    const kinesis = await client.connection.sendRequest(EntityRequest.type, { id: 'tech:kinesis-data-streams' }) as EntityDetails;
    assert.ok(kinesis.usedBy.some((u) => u.company.includes('당근마켓')));
    const daangn = await client.connection.sendRequest(EntityRequest.type, { id: 'company:daangn' }) as EntityDetails;
    assert.ok(daangn.parts.some((p) => p.title === '채팅 데이터 파이프라인'));
    const chat = daangn.parts.find((p) => p.title === '채팅 데이터 파이프라인')!;
    const graph = await client.connection.sendRequest(GraphRequest.type, { id: chat.id }) as GraphView;
    assert.ok(graph.nodes.some((n) => n.title === 'DynamoDB'));
    assert.ok(graph.edges.some((e) => e.kind === 'uses'));
    assert.strictEqual(await client.connection.sendRequest(EntityRequest.type, { id: 'tech:no-such-thing' }), null);
  });

  it('answers the diagram, the architectures to pick from and a neighbourhood, and refuses bad parameters', async () => {
    const architectures = await client.connection.sendRequest(ArchitecturesRequest.type, {});
    const socar = architectures.find((a) => a.title === '딥러닝 서비스')!;
    assert.strictEqual(socar.container, 'SOCAR (쏘카)');
    const view = await client.connection.sendRequest(DiagramRequest.type, { ids: [socar.id] });
    assert.deepStrictEqual(view.architectures[0].stages.map((s) => s.label).slice(0, 3), ['이미지 수집', '사내 시스템 - 모델', '로그 수집']);
    assert.match(view.mermaid, /^flowchart LR\n/);
    assert.match(view.mermaid, /\["Fluentd"\]/);
    const hood = await client.connection.sendRequest(NeighbourhoodRequest.type, { id: 'tech:kafka' });
    assert.ok(hood && hood.nodes.some((n) => n.title === '쇼핑 플랫폼'));
    assert.strictEqual(await client.connection.sendRequest(NeighbourhoodRequest.type, { id: 'tech:nothing' }), null);
    await assert.rejects(client.connection.sendRequest(DiagramRequest.type, { ids: 'x' } as never), /ids/);
    await assert.rejects(client.connection.sendRequest(NeighbourhoodRequest.type, { id: 3 } as never), /neighbourhood/);
  });

  it('puts Show diagram and Show in graph lenses on the headings of architectures that have stages', async () => {
    const bundledNote = (await client.connection.sendRequest(DiagramRequest.type, { ids: ['arch:socar/딥러닝-서비스'] })).architectures[0].location!.uri;
    const lenses = (await client.connection.sendRequest('textDocument/codeLens', { textDocument: { uri: bundledNote } })) as { range: { start: { line: number } }; command: { title: string; command: string; arguments: string[] } }[];
    const diagram = lenses.find((l) => l.command.command === 'dataNotes.showDiagram' && l.command.arguments[0] === 'arch:socar/딥러닝-서비스');
    assert.ok(diagram, JSON.stringify(lenses.slice(0, 3)));
    assert.ok(lenses.every((l) => ['dataNotes.showDiagram', 'dataNotes.showGraph'].includes(l.command.command)));
  });

  it('follows notes added, edited and deleted on disk', async () => {
    const file = path.join(workspace, 'karrot-pay.md');
    const search = async (q: string) => client.connection.sendRequest(SearchRequest.type, { query: q }) as Promise<SearchResult[]>;
    const companies = async () => (await client.expandTree()).map((n) => n.label);
    fs.writeFileSync(file, '# Musinsa\n\n## 주문 로그 파이프라인\n- 수집 : Fluent Bit 으로 Kafka 에 전송\n');
    await client.fileChanged(uriOf(file), FileChangeType.Created);
    assert.ok(await client.eventually(async () => (await companies()).includes('Musinsa')), 'new company appears');
    fs.writeFileSync(file, '# Musinsa\n\n## 추천 피처 스토어\n- 저장 : DynamoDB\n');
    await client.fileChanged(uriOf(file), FileChangeType.Changed);
    assert.ok(await client.eventually(async () => (await search('추천 피처 스토어'))[0]?.title === '추천 피처 스토어'));
    assert.ok(!(await search('주문 로그 파이프라인')).some((r) => r.title === '주문 로그 파이프라인'), 'old architecture is gone');
    fs.rmSync(file);
    await client.fileChanged(uriOf(file), FileChangeType.Deleted);
    assert.ok(await client.eventually(async () => !(await companies()).includes('Musinsa')), 'deleted company disappears');
  });

  it('re-indexes an open note as it is edited', async () => {
    const uri = uriOf(path.join(workspace, 'draft.md'));
    await client.open(uri, 'markdown', '# Draft\n');
    await client.change(uri, '# Draft\n\n## 실시간 정산 시스템\n- 처리 : Kafka Streams\n');
    const results = await client.eventually(async () => {
      const r = await client.connection.sendRequest(SearchRequest.type, { query: '실시간 정산' });
      return r.some((x) => x.title === '실시간 정산 시스템') ? r : undefined;
    });
    assert.ok(results, 'edited note is searchable');
  });

  it('keeps the bundled notes when their editor closes, and forgets notes that were only open', async () => {
    const tree = await client.expandTree();
    const bundled = tree.find((n) => n.label.startsWith('LINE'))!.location!.uri;
    await client.open(bundled, 'markdown', fs.readFileSync(new URL(bundled), 'utf8'));
    await client.close(bundled);
    const scratch = 'untitled:Untitled-1';
    await client.open(scratch, 'markdown', '# Scratch Corp\n## 임시 파이프라인\n- 수집 : Kafka\n');
    assert.ok(await client.eventually(async () => (await client.expandTree()).some((n) => n.label === 'Scratch Corp')));
    await client.close(scratch);
    const after = await client.eventually(async () => {
      const t = await client.expandTree();
      return t.some((n) => n.label === 'Scratch Corp') ? undefined : t;
    });
    assert.ok(after, 'the untitled note is forgotten');
    assert.ok(after!.some((n) => n.label.startsWith('LINE')), 'the bundled note is still indexed');
    const kinesis = await client.connection.sendRequest(EntityRequest.type, { id: 'tech:kinesis-data-streams' }) as EntityDetails;
    assert.ok(kinesis.usedBy.some((u) => u.company.includes('당근마켓')));
  });

  it('gives notes an outline, [[ completion, links and a diagnostic for links to nothing', async () => {
    const toss = uriOf(path.join(workspace, 'toss.md'));
    const symbols = await client.connection.sendRequest<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri: toss } });
    assert.strictEqual(symbols[0].name, 'Toss');
    assert.strictEqual(symbols[0].children![0].name, '결제 이벤트 파이프라인');
    const draft = uriOf(path.join(workspace, 'links.md'));
    const text = fs.readFileSync(path.join(workspace, 'links.md'), 'utf8');
    await client.open(draft, 'markdown', text + '\nAlso [[Kaf');
    const completions = await client.connection.sendRequest<CompletionItem[]>('textDocument/completion', { textDocument: { uri: draft }, position: { line: 4, character: 10 } });
    assert.ok(completions.slice(0, 3).some((c) => c.label === 'Kafka'), completions.slice(0, 5).map((c) => c.label).join(', '));
    const links = await client.eventually(async () => {
      const l = await client.connection.sendRequest<DocumentLink[]>('textDocument/documentLink', { textDocument: { uri: draft } });
      return l.length ? l : undefined;
    });
    assert.ok(links!.some((l) => l.target!.includes('/glossary/kafka.md')));
    const diagnostics = await client.eventually(async () => client.diagnostics.get(draft)?.diagnostics.find((d) => String(d.message).includes('Nothing Like This')));
    assert.ok(diagnostics, 'unresolved wiki link is reported');
    assert.strictEqual(diagnostics!.severity, 3);
  });

  it('reports broken and binary notes, and keeps serving', async () => {
    assert.ok(client.logs.some((l) => l.includes('broken.md') && /frontmatter/i.test(l)), client.logs.join('\n'));
    assert.ok(client.logs.some((l) => l.includes('image.md') && /binary/i.test(l)));
    const results = await client.connection.sendRequest(SearchRequest.type, { query: 'Still a note' });
    assert.ok(results.some((r) => r.title === 'Still a note'), 'the rest of a note with bad frontmatter is indexed');
    assert.ok(client.alive);
  });

  it('answers bad parameters with an LSP error and survives', async () => {
    await assert.rejects(client.connection.sendRequest(SearchRequest.method, {}), (e: ResponseError<unknown>) => e.code === ErrorCodes.InvalidParams);
    await assert.rejects(client.connection.sendRequest(SearchRequest.method, { query: 'x', kinds: ['bogus'] }), (e: ResponseError<unknown>) => e.code === ErrorCodes.InvalidParams);
    await assert.rejects(client.connection.sendRequest(EntityRequest.method, { id: 42 }), (e: ResponseError<unknown>) => e.code === ErrorCodes.InvalidParams);
    assert.ok((await client.connection.sendRequest(SearchRequest.type, { query: 'kafka' })).length > 0);
  });
});

describe('language server without a workspace', function () {
  this.timeout(20000);
  it('serves the bundled knowledge alone', async () => {
    const client = await LspClient.start(undefined);
    try {
      const tree = await client.expandTree();
      assert.ok(tree.some((n) => n.label.includes('LINE')));
    } finally {
      await client.stop();
    }
  });
});

describe('language server on a large workspace (parser threads)', function () {
  this.timeout(60000);
  let workspace: string;
  let client: LspClient;

  before(async () => {
    workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'data-notes-large-'));
    for (let i = 0; i < 600; i++) {
      fs.writeFileSync(path.join(workspace, `team-${String(i).padStart(3, '0')}.md`), `# Team${i} Corp\n\n## 이벤트 파이프라인 ${i}\n- 수집 : Kafka 로 전송\n- 조회 : Pinot 으로 집계\n`);
    }
    // A workspace glossary entry: notes parsed before it was seen must still learn the name.
    fs.writeFileSync(path.join(workspace, 'zz-pinot.md'), '---\nname: Apache Pinot\naliases: [Pinot]\ncategory: query engine\n---\n실시간 OLAP 저장소.\n\nA real-time OLAP store.\n');
    // Ready as soon as names are: the first test looks at the index mid-way.
    client = await LspClient.start(workspace, null, (p) => p.phase !== 'reading');
  });

  after(async () => {
    await client?.stop();
    fs.rmSync(workspace, { recursive: true, force: true });
  });

  it('makes every heading searchable first, then parses the bodies', async () => {
    assert.ok(client.phases.includes('names'), `phases so far: ${client.phases.join(', ')}`);
    const results = await client.connection.sendRequest(SearchRequest.type, { query: '이벤트 파이프라인 333' });
    assert.strictEqual(results[0]?.title, '이벤트 파이프라인 333');
    assert.ok(client.logs.some((l) => /Names of 601 workspace notes searchable/.test(l)), client.logs.join('\n'));
    await client.waitForIndex((p) => !p.indexing, 60000);
    assert.deepStrictEqual(client.phases.slice(-2), ['names', 'full']);
  });

  it('indexes every note, with the names of workspace glossary entries', async () => {
    const tree = await client.expandTree();
    const teams = rootsAndTopics(tree).filter((n) => n.label.startsWith('Team'));
    assert.strictEqual(teams.length, 600);
    const team42 = teams.find((t) => t.label === 'Team42 Corp')!;
    const technologies = team42.children![0].children!.flatMap((stage) => stage.children!.map((t) => t.label));
    assert.deepStrictEqual(technologies, ['Kafka', 'Apache Pinot']);
    const results = await client.connection.sendRequest(SearchRequest.type, { query: '이벤트 파이프라인 599' });
    assert.strictEqual(results[0].title, '이벤트 파이프라인 599');
    assert.ok(client.logs.some((l) => /Indexed 601 workspace notes/.test(l)), client.logs.join('\n'));
    assert.ok(client.logs.some((l) => /Parsing 601 notes on [12] parser threads/.test(l)), 'parsed off the main thread');
  });
});

describe('language server: notes changed on disk while the parser thread reads them', function () {
  this.timeout(60000);
  let workspace: string;
  let client: LspClient | undefined;

  after(async () => {
    await client?.stop();
    fs.rmSync(workspace, { recursive: true, force: true });
  });

  it('keeps what the disk says now over a parse of what it said before', async () => {
    workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'data-notes-race-'));
    const file = (name: string) => path.join(workspace, name);
    // The parser thread reads a-first.md and a-gone.md, then spends a while on a-huge.md before
    // it hands the batch back: the changes below land in that while.
    fs.writeFileSync(file('a-first.md'), '# Racer Corp\n\n## 옛 파이프라인\n- 수집 : Kafka 로 전송\n');
    fs.writeFileSync(file('a-gone.md'), '# Ghost Corp\n\n## 사라질 파이프라인\n- 수집 : Kafka 로 전송\n');
    const bullets = Array.from({ length: 16000 }, (_, i) => `- 단계 ${i} : Kafka 와 Flink 로 처리하고 S3 에 저장, DynamoDB 로 조회 ${i}`).join('\n');
    fs.writeFileSync(file('a-huge.md'), `# Huge Corp\n\n## 큰 파이프라인\n${bullets}\n`);
    for (let i = 0; i < 450; i++) fs.writeFileSync(file(`team-${String(i).padStart(3, '0')}.md`), `# Team${i} Corp\n\n## 파이프라인 ${i}\n- 수집 : Kafka\n`);
    client = await LspClient.start(workspace, null, (p) => p.phase !== 'reading');
    await new Promise((resolve) => setTimeout(resolve, 150));
    fs.writeFileSync(file('a-first.md'), '# Racer Corp\n\n## 새 파이프라인\n- 저장 : DynamoDB\n');
    await client.fileChanged(uriOf(file('a-first.md')), FileChangeType.Changed);
    fs.rmSync(file('a-gone.md'));
    await client.fileChanged(uriOf(file('a-gone.md')), FileChangeType.Deleted);
    await client.waitForIndex((p) => !p.indexing && p.phase === 'full', 60000);
    const roots = await client.expandTree();
    // 450 topics are more than the root shows: they are grouped by folder, named after the workspace folder.
    const folders = roots.filter((n) => n.kind === 'folder');
    assert.deepStrictEqual(folders.map((f) => f.label), [path.basename(workspace), 'Sample notes']);
    assert.ok(Number(folders[0].description) >= 450, folders[0].description);
    const tree = rootsAndTopics(roots);
    const racer = tree.find((n) => n.label.startsWith('Racer Corp'));
    assert.deepStrictEqual(racer?.children?.map((a) => a.label), ['새 파이프라인'], 'the edit made while the parser thread held the old text stays');
    assert.ok(!tree.some((n) => n.label.startsWith('Ghost Corp')), 'the note deleted meanwhile stays deleted');
  });
});

describe('language server index cache (warm starts)', function () {
  this.timeout(90000);
  let workspace: string;
  let cacheDir: string;
  const note = (i: number) => path.join(workspace, `team-${String(i).padStart(3, '0')}.md`);
  const running: LspClient[] = [];
  const start = async () => {
    const client = await LspClient.start(workspace, null, undefined, { cacheDir });
    running.push(client);
    return client;
  };
  /** Names tree of the Team companies, to compare a warm start with a cold one. */
  const teams = async (client: LspClient) => {
    const tree = rootsAndTopics(await client.expandTree());
    return tree.filter((n) => n.label.startsWith('Team')).map((t) => `${t.label}: ${t.children!.map((a) => `${a.label} [${a.children!.flatMap((s) => s.children!.map((x) => x.label)).join(', ')}]`).join('; ')}`);
  };
  /** The cache's manifest and the files in its folder. */
  const cacheFiles = () => {
    const manifest = v8.deserialize(fs.readFileSync(path.join(cacheDir, 'index-cache.v8'))) as { names: string[]; notes: string[] };
    return { names: manifest.names, parts: [...manifest.names, ...manifest.notes], files: fs.readdirSync(cacheDir).filter((f) => f !== 'index-cache.v8').sort() };
  };
  /** Stops the server once it has written its cache. */
  const stopAfterCache = async (client: LspClient) => {
    const deadline = Date.now() + 30000;
    while (!client.logs.some((l) => /Index cache: \d+ notes written/.test(l)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    await client.stop();
  };

  before(() => {
    workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'data-notes-cache-'));
    cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'data-notes-cache-dir-'));
    for (let i = 0; i < 450; i++) fs.writeFileSync(note(i), `# Team${i} Corp\n\n## 주문 파이프라인 ${i}\n- 수집 : Kafka 로 전송\n- 조회 : Pinot 으로 집계\n`);
    fs.writeFileSync(path.join(workspace, 'zz-pinot.md'), '---\nname: Apache Pinot\naliases: [Pinot]\ncategory: query engine\n---\n실시간 OLAP 저장소.\n');
  });

  afterEach(async () => {
    // Servers a failed assertion left running.
    for (const client of running.splice(0)) if (client.alive) await client.stop();
  });

  after(() => {
    fs.rmSync(workspace, { recursive: true, force: true });
    fs.rmSync(cacheDir, { recursive: true, force: true });
  });

  it('reads unchanged notes back on the next start, and parses only what changed', async () => {
    const cold = await start();
    const expected = await teams(cold);
    assert.ok(cold.logs.some((l) => /Index cache: no index cache yet/.test(l)), cold.logs.join('\n'));
    // Stopped at once: the cache is written in the background after indexing, or at shutdown at the latest.
    await cold.stop();
    assert.ok(cold.logs.some((l) => /Index cache: 450 notes written/.test(l)), cold.logs.join('\n'));
    const { parts: coldParts, names: [coldNames] } = cacheFiles();

    // One note changes while the editor is closed.
    fs.writeFileSync(note(7), '# Team7 Corp\n\n## 정산 배치 7\n- 처리 : Airflow 로 정산\n');
    const warm = await start();
    assert.ok(warm.logs.some((l) => /Index cache: names of 449 unchanged notes read back/.test(l)), warm.logs.join('\n'));
    assert.ok(warm.logs.some((l) => /Index cache: 449 whole notes read back/.test(l)), warm.logs.join('\n'));
    assert.ok(warm.logs.some((l) => /Parsing 1 notes on/.test(l)), 'only the changed note is parsed again');
    const now = await teams(warm);
    assert.deepStrictEqual(now.filter((t) => !t.startsWith('Team7 ')), expected.filter((t) => !t.startsWith('Team7 ')));
    assert.strictEqual(now.find((t) => t.startsWith('Team7 ')), 'Team7 Corp: 정산 배치 7 [Airflow]');
    const found = await warm.connection.sendRequest(SearchRequest.type, { query: '주문 파이프라인 123' });
    assert.strictEqual(found[0].title, '주문 파이프라인 123');
    await stopAfterCache(warm);
    assert.ok(warm.logs.some((l) => /Index cache: 450 notes written/.test(l)), warm.logs.join('\n'));
    // The parts of 449 unchanged notes are listed again as they are; nothing unlisted is left behind.
    const { parts, files } = cacheFiles();
    assert.deepStrictEqual(files, [...parts].sort());
    assert.ok(coldParts.every((p) => parts.includes(p)), `${coldParts} in ${parts}`);

    // Many notes of the first write change: a part with less than 70 % of its notes current is copied, not listed again.
    for (let i = 100; i < 300; i++) fs.writeFileSync(note(i), `# Team${i} Corp\n\n## 추천 모델 ${i}\n- 학습 : Airflow 로 학습\n`);
    const third = await start();
    assert.ok(third.logs.some((l) => /Parsing 200 notes on/.test(l)), third.logs.join('\n'));
    await stopAfterCache(third);
    assert.ok(third.logs.some((l) => /Index cache: 450 notes written/.test(l)), third.logs.join('\n'));
    const after = cacheFiles();
    assert.deepStrictEqual(after.files, [...after.parts].sort());
    // The first write's names part (all 450 notes) now holds 249 current ones: copied, and gone.
    assert.ok(!after.parts.includes(coldNames), 'the first write\'s names part is gone');

    const fourth = await start();
    assert.ok(fourth.logs.some((l) => /Index cache: 450 whole notes read back/.test(l)), fourth.logs.join('\n'));
    assert.ok(!fourth.logs.some((l) => /Parsing \d+ notes/.test(l)), 'nothing parsed again');
    const last = await teams(fourth);
    assert.strictEqual(last.find((t) => t.startsWith('Team7 ')), 'Team7 Corp: 정산 배치 7 [Airflow]');
    assert.strictEqual(last.find((t) => t.startsWith('Team150 ')), 'Team150 Corp: 추천 모델 150 [Airflow]');
    assert.deepStrictEqual(last.filter((t) => /^Team(\d|[1-9]\d|[3-9]\d\d) /.test(t)).filter((t) => !t.startsWith('Team7 ')), expected.filter((t) => /^Team(\d|[1-9]\d|[3-9]\d\d) /.test(t)).filter((t) => !t.startsWith('Team7 ')));
    await fourth.stop();
  });

  it('parses everything again when the glossary changed, and survives a damaged cache', async () => {
    fs.writeFileSync(path.join(workspace, 'zz-pinot.md'), '---\nname: Apache Pinot\naliases: [Pinot, 피노]\ncategory: query engine\n---\n실시간 OLAP 저장소.\n');
    const changed = await start();
    assert.ok(changed.logs.some((l) => /written with other glossary entries/.test(l)), changed.logs.join('\n'));
    assert.strictEqual((await teams(changed)).length, 450);
    await stopAfterCache(changed);

    for (const file of fs.readdirSync(cacheDir)) fs.writeFileSync(path.join(cacheDir, file), 'not a cache');
    const damaged = await start();
    assert.ok(damaged.logs.some((l) => /index cache unreadable, ignored/.test(l)), damaged.logs.join('\n'));
    const tree = await teams(damaged);
    assert.strictEqual(tree.length, 450);
    assert.ok(tree.includes('Team42 Corp: 주문 파이프라인 42 [Kafka, Apache Pinot]'), tree.slice(40, 44).join('\n'));
    await damaged.stop();
  });
});
