/** Adding, changing and removing one note updates the graph and search without a rebuild. */
import * as assert from 'assert';
import { KnowledgeBase } from '../../server/src/core/knowledgeBase';
import { bundledKnowledgeBase, expandTree } from './helpers';
import { EntityViews } from '../../server/src/features/entityViews';

const NOTE = 'file:///ws/toss.md';

describe('incremental updates', () => {
  let kb: KnowledgeBase;
  beforeEach(() => { kb = bundledKnowledgeBase(); });

  it('adds, changes and removes a note', () => {
    const before = kb.graph.fileCount;
    kb.setNote(NOTE, '# Toss\n\n## 결제 파이프라인\n- 수집 : Kafka 로 전송\n');
    assert.strictEqual(kb.graph.fileCount, before + 1);
    assert.ok(expandTree(kb).some((c) => c.label.startsWith('Toss')));
    assert.ok(new EntityViews(kb).usedBy('tech:kafka').some((u) => u.architecture === '결제 파이프라인'));

    kb.setNote(NOTE, '# Toss\n\n## 정산 시스템\n- 저장 : DynamoDB\n');
    assert.ok(!new EntityViews(kb).usedBy('tech:kafka').some((u) => u.architecture === '결제 파이프라인'), 'old stage gone');
    assert.ok(new EntityViews(kb).usedBy('tech:dynamodb').some((u) => u.architecture === '정산 시스템'));
    assert.strictEqual(kb.search('결제 파이프라인').filter((r) => r.title === '결제 파이프라인').length, 0);
    assert.strictEqual(kb.search('정산 시스템')[0].title, '정산 시스템');

    kb.removeNote(NOTE);
    assert.strictEqual(kb.graph.fileCount, before);
    assert.ok(!expandTree(kb).some((c) => c.label.startsWith('Toss')));
    assert.strictEqual(kb.search('정산 시스템').filter((r) => r.title === '정산 시스템').length, 0);
  });

  it('merges a company described by two files and keeps it while either remains', () => {
    kb.setNote(NOTE, '# LINE\n\n## 광고 로그\n- 수집 : Fluentd\n');
    const line = expandTree(kb).find((c) => c.label.startsWith('LINE'))!;
    assert.deepStrictEqual(line.children!.map((a) => a.label).slice(-1), ['광고 로그'], 'workspace architecture after the bundled ones');
    assert.ok(line.children!.some((a) => a.label === '쇼핑 플랫폼'));
    kb.removeNote(NOTE);
    const after = expandTree(kb).find((c) => c.label.startsWith('LINE'))!;
    assert.ok(!after.children!.some((a) => a.label === '광고 로그'));
    assert.ok(after.children!.some((a) => a.label === '쇼핑 플랫폼'));
  });

  it('understands frontmatter: company, aliases, tags, and glossary entries in the workspace', () => {
    kb.setNote('file:///ws/pay.md', '---\ncompany: Kakao Pay\naliases: [카카오페이]\ntags: [payments]\n---\n## 송금 이벤트\n- 전달 : Kafka\n');
    const kakaoPay = expandTree(kb).find((c) => c.label === 'Kakao Pay');
    assert.ok(kakaoPay, 'frontmatter company');
    assert.strictEqual(kakaoPay!.children![0].label, '송금 이벤트');
    kb.setNote('file:///ws/glossary/pinot.md', '---\nname: Apache Pinot\naliases: [Pinot, 피노]\ncategory: query engine\n---\n실시간 OLAP 저장소.\n\nA real-time OLAP datastore.\n');
    // Whoever writes a glossary note refreshes the names once (the server: the indexer, open editors); queries never do.
    assert.strictEqual(kb.needsRefresh, true);
    kb.refreshMatcher();
    assert.strictEqual(kb.termAt('const pinot = new PinotClient()', 22)?.entry.name, 'Apache Pinot');
    assert.strictEqual(kb.search('피노')[0].title, 'Apache Pinot');
    kb.setNote('file:///ws/olap.md', '# Toss\n## 지표\n- 조회 : Pinot\n');
    assert.ok(new EntityViews(kb).usedBy('tech:pinot').length === 1, 'notes see workspace glossary entries');
    kb.removeNote('file:///ws/glossary/pinot.md');
    kb.refreshMatcher();
    assert.strictEqual(kb.termAt('const pinot = new PinotClient()', 22), undefined);
    assert.strictEqual(new EntityViews(kb).usedBy('tech:pinot').length, 0);
  });

  it('reads the notes again when a glossary note changes a name, not when it changes only its text', () => {
    const pinot = (aliases: string, summary: string) => `---\nname: Apache Pinot\naliases: [${aliases}]\ncategory: query engine\n---\n${summary}\n`;
    kb.setNote('file:///ws/glossary/pinot.md', pinot('Pinot', 'An OLAP store.'));
    assert.strictEqual(kb.refreshMatcher(), true);
    kb.setNote('file:///ws/olap.md', '# Toss\n## 지표\n- 조회 : Pinot\n- 저장 : 피노\n');
    const generation = kb.snapshot().generation;
    // Typing the entry's text: no note is read again, and the hover shows the new text.
    kb.setNote('file:///ws/glossary/pinot.md', pinot('Pinot', 'A real-time OLAP datastore, written again.'));
    assert.strictEqual(kb.refreshMatcher(), false);
    assert.strictEqual(kb.snapshot().generation, generation);
    assert.match(kb.glossaryEntry('pinot')!.summary, /written again/);
    assert.deepStrictEqual(new EntityViews(kb).usedBy('tech:pinot').map((u) => u.stage), ['조회']);
    // A new alias is a new name: the notes are read again and the stage that wrote it now uses Pinot.
    kb.setNote('file:///ws/glossary/pinot.md', pinot('Pinot, 피노', 'A real-time OLAP datastore, written again.'));
    assert.strictEqual(kb.refreshMatcher(), true);
    assert.ok(kb.snapshot().generation > generation);
    assert.deepStrictEqual(new EntityViews(kb).usedBy('tech:pinot').map((u) => u.stage).sort(), ['저장', '조회']);
  });

  it('resolves wiki links to entries, companies and notes', () => {
    kb.setNote('file:///ws/reading.md', '# Reading\n\n[[Kafka]], [[카프카]], [[LINE]], [[toss]] and [[Nowhere]]\n');
    kb.setNote(NOTE, '# Toss\n');
    const links = kb.wikiLinks('file:///ws/reading.md');
    assert.deepStrictEqual(links.map((l) => l.target), ['Kafka', '카프카', 'LINE', 'toss', 'Nowhere']);
    assert.deepStrictEqual(links.map((l) => kb.resolveName(l.target)?.id), ['tech:kafka', 'tech:kafka', 'company:line', kb.graph.contribution(NOTE)!.nodes[0].id, undefined]);
    assert.strictEqual(links[0].line, 2);
    assert.strictEqual(links[0].start, 0);
  });

  it('shows a hover the first users, mentions and flows of a technology in note order, as the full details list them', () => {
    for (let i = 0; i < 40; i++) kb.setNote(`file:///ws/more-${i}.md`, `# 회사 ${i}\n\n## 파이프라인 ${i}\n- 수집 : Kafka\n- 적재 : S3\n\nKafka 에서 S3 로 보낸다.\n`);
    // One flow written a hundred times: the hover's first few walks are used up by repeats.
    kb.setNote('file:///ws/flows.md', '# 회사 F\n\n## 흐름 파이프라인\n' + '- 수집 : Kafka → S3\n'.repeat(100) + '- 적재 : Fluentd → S3\n');
    const views = new EntityViews(kb);
    for (const id of ['tech:kafka', 'tech:s3', 'tech:fluentd']) {
      const full = views.entity(id)!;
      const hover = views.entity(id, 6)!;
      assert.deepStrictEqual(hover.usedBy, full.usedBy.slice(0, 6), `${id} used by`);
      assert.deepStrictEqual(hover.mentionedIn, full.mentionedIn.slice(0, 6), `${id} mentioned in`);
      assert.deepStrictEqual(hover.flows, full.flows.slice(0, 6), `${id} flows`);
      assert.strictEqual(hover.usedByCount, full.usedByCount);
    }
    assert.ok(views.entity('tech:kafka', 6)!.usedByCount > 40);
  });
});
