/** The shipped notes parse into the companies → architectures → stages → technologies they describe. */
import * as assert from 'assert';
import { KnowledgeBase } from '../../server/src/core/knowledgeBase';
import { bundledKnowledgeBase, expandTree, TreeNode } from './helpers';
import { EntityViews } from '../../server/src/features/entityViews';

let kb: KnowledgeBase;
let tree: TreeNode[];

function company(name: string): TreeNode {
  const found = tree.find((n) => n.kind === 'company' && n.label.includes(name));
  assert.ok(found, `company ${name} in ${tree.map((n) => n.label).join(', ')}`);
  return found;
}

function architecture(companyName: string, title: string): TreeNode {
  const found = company(companyName).children!.find((a) => a.label.includes(title));
  assert.ok(found, `${title} under ${companyName}: ${company(companyName).children!.map((a) => a.label).join(', ')}`);
  return found;
}

/** Technology ids used by an architecture, in stage order. */
function technologies(arch: TreeNode): string[] {
  return [...new Set(arch.children!.flatMap((stage) => stage.children!.map((t) => t.entityId!.replace('tech:', ''))))];
}

function stage(arch: TreeNode, label: string): TreeNode {
  const found = arch.children!.find((s) => s.label === label) ?? arch.children!.find((s) => s.label.includes(label));
  assert.ok(found, `stage ${label} in ${arch.label}: ${arch.children!.map((s) => s.label).join(' | ')}`);
  return found;
}

const techsOf = (s: TreeNode) => s.children!.map((t) => t.entityId!.replace('tech:', ''));

describe('parsing the shipped notes', () => {
  before(() => {
    kb = bundledKnowledgeBase();
    tree = expandTree(kb);
  });

  it('finds the companies in the order of the notes', () => {
    const companies = tree.filter((n) => n.kind === 'company').map((n) => n.label);
    const expected = ['SOCAR', 'Daangn', 'Banksalad', 'Watcha', 'LINE', 'Airbnb', 'Woowa'];
    assert.deepStrictEqual(companies.map((c) => expected.find((e) => c.includes(e))), expected);
  });

  it("reads SOCAR's two systems with role : technology stages", () => {
    assert.deepStrictEqual(company('SOCAR').children!.map((a) => a.label), ['딥러닝 서비스', '데이터 분석 환경 만들기']);
    const serving = architecture('SOCAR', '딥러닝 서비스');
    assert.deepStrictEqual(techsOf(stage(serving, '이미지 수집')), ['s3']);
    assert.deepStrictEqual(techsOf(stage(serving, '로그 수집')), ['fluentd', 's3']);
    assert.deepStrictEqual(techsOf(stage(serving, '사내 시스템 - 모델')), ['sqs', 'protocol-buffers']);
    for (const t of ['prometheus', 'grafana', 'rancher']) assert.ok(techsOf(stage(serving, '모니터링')).includes(t));
    assert.ok(technologies(serving).includes('kubernetes'));
    assert.ok(technologies(serving).includes('docker'));
    const analytics = architecture('SOCAR', '데이터 분석 환경');
    assert.deepStrictEqual(techsOf(stage(analytics, '별도의 통합 저장소')), ['bigquery']);
    assert.deepStrictEqual(techsOf(stage(analytics, '워크플로우')), ['airflow']);
    for (const t of ['data-mart', 'flask', 'grpc', 'kubernetes']) assert.ok(technologies(analytics).includes(t), t);
  });

  it("reads Daangn's chat pipeline, nested bullets attached to their parent", () => {
    const chat = architecture('Daangn', '채팅 데이터 파이프라인');
    for (const t of ['dynamodb', 'outbox', 'rcu', 's3', 'athena', 'dynamodb-streams', 'lambda', 'kinesis-data-streams', 'kinesis-data-firehose']) {
      assert.ok(technologies(chat).includes(t), `${t} in ${technologies(chat).join(', ')}`);
    }
    const store = stage(chat, '이벤트 스토어 서비스');
    const streams = ['dynamodb-streams', 'kinesis-data-streams', 'kinesis-data-firehose'];
    assert.deepStrictEqual(techsOf(store).filter((t) => streams.includes(t)), streams, 'in the order written');
  });

  it("reads Banksalad's Go and gRPC stack", () => {
    const arch = company('Banksalad').children![0];
    assert.match(arch.label, /golang과 gRPC/);
    for (const t of ['go', 'grpc', 'http2', 'protocol-buffers', 'grpc-gateway']) assert.ok(technologies(arch).includes(t), `${t} in ${technologies(arch).join(', ')}`);
  });

  it("reads Watcha's log platform: [ 수집 ] groups and data flows", () => {
    const platform = architecture('Watcha', '로그 분석 플랫폼');
    assert.deepStrictEqual(techsOf(stage(platform, '수집')), ['firebase', 'bigquery', 'fluent-bit', 'pubsub']);
    for (const t of ['embulk', 'bigquery', 'elastic-cloud', 'airflow', 'data-studio']) assert.ok(techsOf(stage(platform, '처리')).includes(t), t);
    assert.deepStrictEqual(techsOf(stage(platform, '모니터링')), ['consul', 'fluent-bit', 'prometheus', 'grafana']);
    const fluentBit = new EntityViews(kb).entity('tech:fluent-bit')!;
    assert.ok(fluentBit.flows.some((f) => f.from === 'tech:fluent-bit' && f.to === 'tech:pubsub'), 'Fluent Bit → PubSub');
  });

  it("reads LINE's shopping platform with ordered steps", () => {
    const shopping = architecture('LINE', '쇼핑 플랫폼');
    for (const t of ['eda', 'kafka', 'kafka-connect', 'mongodb', 'mysql', 'cdc', 'kafka-streams', 'ksql', 'hbase', 'hive']) {
      assert.ok(technologies(shopping).includes(t), `${t} in ${technologies(shopping).join(', ')}`);
    }
    const joins = stage(shopping, '이벤트 기반');
    const body = kb.graph.node(joins.entityId!)!.body!;
    assert.match(body, /1\. MongoDB, MySQL 변경 데이터를 Kafka Connect로/);
    assert.match(body, /2\. Kafka Streams, KSQL로 두 토픽을/);
    assert.ok(company('LINE').children!.some((a) => a.label === 'Airflow on Kubernetes'));
    const kafkaConnect = joins.children!.find((t) => t.label === 'Kafka Connect')!;
    assert.strictEqual(kafkaConnect.location!.startLine, 117, 'opens at the bullet that names it, not at the group line');
  });

  it('keeps companies without pipelines, and topics', () => {
    assert.deepStrictEqual(company('Airbnb').children!.map((a) => a.label), ['로그 시스템']);
    assert.deepStrictEqual(company('Woowa').children, []);
    const linux = tree.find((n) => n.kind === 'topic' && n.label.includes('리눅스'));
    assert.ok(linux, 'the Linux topic');
    const linuxTechs = linux.children!.flatMap((s) => s.children ?? []).flatMap((s) => s.children ?? []).map((t) => t.entityId);
    for (const t of ['io-redirection', 'shell', 'kernel', 'locate', 'find']) assert.ok(linuxTechs.includes(`tech:${t}`), `${t} in ${linuxTechs.join(', ')}`);
  });

  it('keeps a source location on every node and links sources', () => {
    for (const node of kb.graph.allNodes()) assert.ok(node.location, `${node.id} has a location`);
    const kinesis = new EntityViews(kb).entity('tech:kinesis-data-streams')!;
    assert.ok(kinesis.usedBy.some((u) => u.company.includes('당근마켓') && u.architecture === '채팅 데이터 파이프라인'));
    assert.ok(kinesis.sources.some((s) => s.startsWith('https://medium.com/daangn/')));
    const line = kb.graph.node('company:line')!;
    assert.strictEqual(kb.graph.node(line.id)!.location!.uri.endsWith('data-engineering-notes.md'), true);
  });

  it('labels a stage with the names it starts with, and does not repeat a label of names', () => {
    const platform = architecture('Watcha', '로그 분석 플랫폼');
    const golang = stage(platform, 'Golang');
    assert.strictEqual(golang.label, 'Golang', 'not the text after the colon');
    assert.ok(golang.children!.some((t) => t.entityId === 'tech:go'));
    const bigquery = stage(platform, 'BigQuery');
    assert.strictEqual(bigquery.label, 'BigQuery');
    const pubsub = platform.children!.find((s) => s.label === 'Pub/Sub')!;
    assert.ok(pubsub, platform.children!.map((s) => s.label).join(' | '));
    assert.strictEqual(pubsub.description, undefined, 'a bullet of names only: its label says them already');
    assert.strictEqual(stage(platform, '수집').description, 'Firebase, BigQuery, Fluent Bit, Pub/Sub');
  });

  it('lists technologies by category with the architectures that use them, without generic ideas', () => {
    const categories = expandTree(kb, 'technologies');
    const streaming = categories.find((c) => c.label === 'Streaming')!;
    // One way of writing categories: capitalised, in alphabetical order whatever the glossary's case.
    for (const c of categories) assert.match(c.label, /^[A-Z]/, c.label);
    const labels = categories.map((c) => c.label);
    assert.deepStrictEqual(labels, [...labels].sort((a, b) => a.localeCompare(b)));
    const kafkaConnect = categories.flatMap((c) => c.children!).find((t) => t.label === 'Kafka Connect')!;
    assert.ok(kafkaConnect.children!.some((u) => u.label.startsWith('LINE') && u.description === '쇼핑 플랫폼'));
    assert.ok(streaming.children!.some((t) => t.label === 'Kafka'));
    const listed = new Set(categories.flatMap((c) => c.children!.map((t) => t.entityId)));
    assert.ok(!listed.has('tech:metrics') && !listed.has('tech:caching'), 'generic concepts stay out of the catalogue');
    assert.ok(listed.has('tech:outbox'), 'named concepts stay in');
  });

  it('covers every technology the notes name with a glossary entry', () => {
    const ids = new Set(kb.allEntries().map((e) => e.id));
    for (const t of ['s3', 'sqs', 'protocol-buffers', 'fluentd', 'fluent-bit', 'docker', 'kubernetes', 'prometheus', 'grafana', 'rancher', 'bigquery', 'airflow',
      'flask', 'grpc', 'grpc-gateway', 'go', 'http2', 'dynamodb', 'dynamodb-streams', 'rcu', 'athena', 'lambda', 'kinesis-data-streams', 'kinesis-data-firehose',
      'consul', 'embulk', 'pubsub', 'firebase', 'elasticsearch', 'elastic-cloud', 'data-studio', 'kafka', 'kafka-connect', 'kafka-streams', 'ksql', 'mongodb',
      'mysql', 'hbase', 'hive', 'cdc', 'outbox', 'eda', 'data-mart', 'data-discovery-platform', 'locate', 'find', 'io-redirection', 'shell', 'kernel']) {
      assert.ok(ids.has(t), `glossary has ${t}`);
    }
    for (const entry of kb.allEntries()) {
      assert.ok(/[가-힣]/.test(entry.summary) && /[A-Za-z]{4,}.*\.\s*$/m.test(entry.summary), `${entry.id} explains itself in Korean and English`);
      for (const r of entry.related) assert.ok(ids.has(r.to), `${entry.id} relates to existing ${r.to}`);
    }
  });
});
