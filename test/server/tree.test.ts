/** The sidebar trees over stdio: one level a request, pages, a company merged from many notes, paths to reveal. */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ErrorCodes, ResponseError } from 'vscode-languageserver-protocol/node';
import { LspClient } from './lspClient';
import { EntityRequest, TREE_PAGE_SIZE, TreeItemData, TreePathRequest, TreeRequest } from '../../server/src/protocol';

const TEAMS = 450;

describe('the trees, a level at a time', function () {
  this.timeout(60000);
  let workspace: string;
  let client: LspClient;

  before(async () => {
    workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'data-notes-tree-'));
    // Toss written in three notes: one company, one architecture written three times, and one more.
    for (const [file, stage] of [['toss-1.md', '- 수집 : 결제 서버 이벤트를 Kafka 로 전송'], ['toss-2.md', '- 적재 : Kafka Connect 로 S3 에 저장'], ['toss-3.md', '- 분석 : Athena 로 조회']]) {
      fs.writeFileSync(path.join(workspace, file), `# Toss\n\n## 결제 이벤트 파이프라인\n${stage}\n`);
    }
    fs.writeFileSync(path.join(workspace, 'toss-4.md'), '# Toss\n\n## 정산 배치\n- 처리 : Airflow 로 매일 집계\n');
    for (let i = 0; i < TEAMS; i++) {
      fs.writeFileSync(path.join(workspace, `team-${String(i).padStart(3, '0')}.md`), `---\ncompany: Team ${i}\n---\n# Team ${i}\n\n## 로그 파이프라인\n- 수집 : Fluent Bit 으로 Kinesis 에 전송\n`);
    }
    client = await LspClient.start(workspace);
  });

  after(async () => {
    await client?.stop();
    fs.rmSync(workspace, { recursive: true, force: true });
  });

  const level = (parentId?: string, offset?: number, view?: 'architectures' | 'technologies') =>
    client.connection.sendRequest(TreeRequest.type, { parentId, offset, view });

  it('answers the roots alone, a page at a time, each saying whether it has children', async () => {
    const first = await level();
    assert.strictEqual(first.items.length, TREE_PAGE_SIZE);
    const companies = first.items.filter((i) => i.kind === 'company');
    assert.ok(first.total >= TEAMS + 8, `total ${first.total}`);
    for (const item of first.items) {
      assert.strictEqual(item.hasChildren, true);
      assert.ok(!('children' in item), 'children are asked for when the item is expanded');
    }
    assert.ok(JSON.stringify(first).length < 50_000, `first level is ${JSON.stringify(first).length} bytes`);
    const second = await level(undefined, TREE_PAGE_SIZE);
    const ids = new Set(first.items.map((i) => i.id));
    assert.ok(second.items.every((i) => !ids.has(i.id)), 'pages do not overlap');
    const all: TreeItemData[] = [...first.items];
    for (let offset = TREE_PAGE_SIZE; offset < first.total; offset += TREE_PAGE_SIZE) all.push(...(await level(undefined, offset)).items);
    assert.strictEqual(new Set(all.map((i) => i.id)).size, first.total);
    assert.ok(companies.length > 0);
    const kinds = all.map((i) => i.kind);
    assert.ok(kinds.lastIndexOf('company') < (kinds.indexOf('topic') === -1 ? Infinity : kinds.indexOf('topic')), 'companies first, then topics');
  });

  it('shows a company written in several notes once, and an architecture written in three notes once with every place', async () => {
    const roots = (await client.connection.sendRequest(TreeRequest.type, { limit: 5000 })).items;
    const toss = roots.filter((i) => i.label.startsWith('Toss'));
    assert.strictEqual(toss.length, 1, toss.map((t) => t.label).join(', '));
    assert.strictEqual(toss[0].noteCount, 4);
    const placesOf = async (item: TreeItemData) => (await client.connection.sendRequest(EntityRequest.type, { id: item.entityId! }))!.locations;
    assert.strictEqual((await placesOf(toss[0])).length, 4, 'Open Note offers each note');
    const architectures = (await level(toss[0].id)).items;
    assert.deepStrictEqual(architectures.map((a) => a.label), ['결제 이벤트 파이프라인', '정산 배치']);
    const payments = architectures[0];
    assert.deepStrictEqual((await placesOf(payments)).map((l) => path.basename(l.uri)).sort(), ['toss-1.md', 'toss-2.md', 'toss-3.md']);
    assert.strictEqual(payments.description, '3 notes');
    const stages = (await level(payments.id)).items;
    assert.deepStrictEqual(stages.map((s) => s.label).sort(), ['분석', '수집', '적재']);
    const technologies = (await level(stages.find((s) => s.label === '적재')!.id)).items;
    assert.deepStrictEqual(technologies.map((t) => t.label), ['Kafka Connect', 'S3']);
    assert.ok(technologies.every((t) => !t.hasChildren && t.location!.uri.endsWith('toss-2.md')));
  });

  it('lists the technologies view by category, and each technology\'s users on expansion', async () => {
    const categories = (await level(undefined, 0, 'technologies')).items;
    assert.ok(categories.every((c) => c.kind === 'category' && /^[A-Z]/.test(c.label)));
    const streaming = categories.find((c) => c.label === 'Streaming')!;
    const kinesis = (await level(streaming.id, 0, 'technologies')).items.find((t) => t.label === 'Kinesis Data Streams')!;
    assert.ok(kinesis.hasChildren);
    const users = await level(kinesis.id, 0, 'technologies');
    assert.ok(users.total >= TEAMS, `${users.total} architectures use Kinesis`);
    assert.strictEqual(users.items.length, TREE_PAGE_SIZE);
  });

  it('gives the path to reveal a technology, each item among its parent\'s children', async () => {
    const pathItems = await client.connection.sendRequest(TreePathRequest.type, { entityId: 'tech:kafka-connect' });
    assert.ok(pathItems);
    assert.deepStrictEqual(pathItems.map((i) => i.kind), ['company', 'architecture', 'stage', 'technology']);
    for (let i = 1; i < pathItems.length; i++) {
      const siblings = (await client.connection.sendRequest(TreeRequest.type, { parentId: pathItems[i - 1].id, limit: 5000 })).items;
      assert.ok(siblings.some((s) => s.id === pathItems[i].id), `${pathItems[i].label} under ${pathItems[i - 1].label}`);
    }
    assert.strictEqual(await client.connection.sendRequest(TreePathRequest.type, { entityId: 'tech:no-such-thing' }), null);
  });

  it('refuses bad parameters with InvalidParams', async () => {
    for (const params of [{ parentId: 3 }, { offset: -1 }, { limit: 'all' }, { view: 'graph' }]) {
      await assert.rejects(client.connection.sendRequest(TreeRequest.method, params), (e: ResponseError<void>) => e.code === ErrorCodes.InvalidParams);
    }
    await assert.rejects(client.connection.sendRequest(TreePathRequest.method, {}), (e: ResponseError<void>) => e.code === ErrorCodes.InvalidParams);
    assert.deepStrictEqual(await level('company:nobody'), { items: [], total: 0 });
  });
});
