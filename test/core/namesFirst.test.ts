/**
 * Names first: the outline pass (a line scan) must name the same headings, with the same
 * ids, as the full markdown-it parse that replaces it; and a parsed note must survive the
 * packed form it crosses threads in.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { KnowledgeBase } from '../../server/src/core/knowledgeBase';
import { namesOf, NoteContribution, outlineNote, parseNote } from '../../server/src/core/noteParser';
import { intoOneBuffer, packedNamesOf, packNote, unpackNote } from '../../server/src/core/storage/packedNote';
import { bundledKnowledgeBase, expandTree, KNOWLEDGE_DIR } from './helpers';
import { loadBundledKnowledge } from '../../server/src/bundledKnowledge';
import { EntityViews } from '../../server/src/features/entityViews';

const BUNDLED_NOTE = path.join(KNOWLEDGE_DIR, 'notes', 'data-engineering-notes.md');

/** Heading-level nodes (what the outline promises), comparable across the two parses. */
function names(note: NoteContribution) {
  return {
    title: note.title,
    aliases: note.aliases,
    headings: note.headings.map((h) => `${h.line}:${h.level}:${h.title}:${h.nodeId}`),
    nodes: note.nodes.filter((n) => n.kind !== 'stage').map((n) => `${n.id}|${n.kind}|${n.title}|${n.container ?? ''}`),
  };
}

describe('names first', () => {
  let kb: KnowledgeBase;
  // The parse context is private; the knowledge base's `parse` and a fresh outline share its matcher and companies.
  const context = () => (kb as unknown as { parseContext: Parameters<typeof parseNote>[2] }).parseContext;
  before(() => { kb = bundledKnowledgeBase(); });

  it('outlines the bundled notes with the headings, ids and kinds of the full parse', () => {
    const uri = 'file:///notes/data-engineering-notes.md';
    const text = fs.readFileSync(BUNDLED_NOTE, 'utf8');
    const full = parseNote(uri, text, context());
    const outline = outlineNote(uri, text, context());
    assert.ok(full.headings.length >= 20, `${full.headings.length} headings`);
    assert.deepStrictEqual(names(outline), names(full));
    assert.strictEqual(outline.edges.filter((e) => e.kind !== 'has-architecture').length, 0, 'no stages or mentions yet');
    // What a warm start shows first (the names kept in the index cache) is what the names pass shows.
    const cachedNames = namesOf(full);
    assert.deepStrictEqual(names(cachedNames), names(outline));
    assert.deepStrictEqual(cachedNames.edges.map((e) => `${e.from}>${e.to}`), outline.edges.map((e) => `${e.from}>${e.to}`));
    assert.ok(cachedNames.edges.every((e, i) => e !== full.edges.filter((f) => f.kind === 'has-architecture')[i]), 'copies, not the full note\'s edges');
    // The cache makes them from the packed note directly, equal to packing `namesOf` of it unpacked.
    assert.deepStrictEqual(packedNamesOf(packNote(full)), packNote(namesOf(unpackNote(packNote(full)))));
    assert.deepStrictEqual(unpackNote(packedNamesOf(packNote(full))).headings, cachedNames.headings);
  });

  it('makes the names of fixture notes (a fifth of each collection) from their packed form as namesOf does', () => {
    const root = path.join(path.dirname(BUNDLED_NOTE), '..', '..', 'test', 'fixtures', 'note-collections');
    const files: string[] = [];
    const walk = (dir: string) => { for (const e of fs.readdirSync(dir, { withFileTypes: true })) { if (e.isDirectory()) walk(path.join(dir, e.name)); else if (e.name.endsWith('.md')) files.push(path.join(dir, e.name)); } };
    walk(root);
    assert.ok(files.length > 1000, `${files.length} notes`);
    for (const file of files.filter((_, i) => i % 5 === 0)) { // a fifth of each collection
      const full = parseNote(`file://${file}`, fs.readFileSync(file, 'utf8'), context());
      assert.deepStrictEqual(packedNamesOf(packNote(full)), packNote(namesOf(unpackNote(packNote(full)))), file);
    }
  });

  it('skips code, strips inline markup and closing hashes, reads frontmatter, like markdown-it', () => {
    const text = [
      '---', 'title: 주문 시스템 노트', 'aliases: [order-notes]', '---',
      '# 토스', '', '## **Kafka** 기반 [주문](https://example.com) 파이프라인 ##', '- 수집 : Kafka 로 전송',
      '```bash', '# not a heading', '```', '~~~', '## nor this', '~~~~', '',
      '### A &amp; B `code` \\*escaped\\*', '    # indented code, not a heading', '#hashtag is text', '#', '## C# 로 만든 도구',
      '', '# Kafka', '## 개념',
    ].join('\r\n');
    const uri = 'file:///ws/toss.md';
    assert.deepStrictEqual(names(outlineNote(uri, text, context())), names(parseNote(uri, text, context())));
    const outline = outlineNote(uri, text, context());
    assert.strictEqual(outline.title, '주문 시스템 노트');
    assert.deepStrictEqual(outline.aliases, ['order-notes']);
    assert.ok(outline.headings.some((h) => h.title === 'Kafka 기반 주문 파이프라인'));
    assert.ok(!outline.headings.some((h) => /not a heading|nor this|hashtag/.test(h.title)));
  });

  it('makes names searchable first, then the full parse replaces them without leftovers', () => {
    const local = bundledKnowledgeBase();
    const uri = 'file:///ws/toss.md';
    const text = '# 토스\n\n## 정산 파이프라인\n- 수집 : Kafka 로 전송\n- 저장 : DynamoDB 에 적재\n';
    local.setNoteNames(uri, text);
    assert.strictEqual(local.search('정산 파이프라인')[0]?.title, '정산 파이프라인');
    assert.strictEqual(new EntityViews(local).usedBy('tech:kafka').filter((u) => u.architecture === '정산 파이프라인').length, 0, 'no stages yet');
    local.setNote(uri, text);
    assert.strictEqual(local.search('정산 파이프라인').filter((r) => r.title === '정산 파이프라인').length, 1);
    assert.ok(new EntityViews(local).usedBy('tech:kafka').some((u) => u.architecture === '정산 파이프라인'));
    assert.ok(local.search('적재').some((r) => r.title === '정산 파이프라인'), 'bodies are searchable after the full parse');
  });

  it('indexes a glossary note whole in the names pass, and only once', () => {
    const local = bundledKnowledgeBase();
    const before = local.entryCount;
    const flink = '---\nname: Apache Zorblink\ncategory: processing\naliases: [조블링크]\n---\nStream processing engine.\n';
    local.setNoteNames('file:///ws/zorblink.md', flink);
    assert.strictEqual(local.entryCount, before + 1);
    assert.strictEqual(local.search('조블링크')[0]?.title, 'Apache Zorblink');
    // Notes parsed from now on know the new name; the full pass handing the same file over changes nothing.
    local.setNote('file:///ws/toss.md', '# 토스\n\n## 스트림 집계\n- 처리 : Apache Zorblink 로 집계\n');
    const generation = local.snapshot().generation;
    local.setNote('file:///ws/zorblink.md', flink);
    assert.strictEqual(local.snapshot().generation, generation, 'the same glossary text does not re-read the notes');
    assert.ok(new EntityViews(local).usedBy('tech:zorblink').some((u) => u.architecture === '스트림 집계'));
  });

  it('re-reads notes through readNote when the glossary changes, instead of keeping their texts', () => {
    const files = new Map([['file:///ws/a.md', '# 토스\n\n## 정산 배치\n- 처리 : Zorblax 로 집계\n']]);
    const reads: string[] = [];
    const local = new KnowledgeBase({ readNote: (uri) => { reads.push(uri); return files.get(uri); } });
    loadBundledKnowledge(local, KNOWLEDGE_DIR);
    local.setNote('file:///ws/a.md', files.get('file:///ws/a.md')!);
    local.setNoteNames('file:///ws/b.md', '# 카카오\n\n## 아직 이름만\n- 처리 : Zorblax\n');
    assert.strictEqual(new EntityViews(local).entity('tech:zorblax'), undefined);
    local.setNote('file:///ws/zorblax.md', '---\nname: Zorblax\ncategory: processing\n---\nA made-up engine.\n');
    assert.ok(!new EntityViews(local).usedBy('tech:zorblax').some((u) => u.architecture === '정산 배치'), 'a query does not re-read the notes');
    local.refreshMatcher();
    assert.ok(new EntityViews(local).usedBy('tech:zorblax').some((u) => u.architecture === '정산 배치'), 'the note was read again with the new name');
    assert.ok(reads.includes('file:///ws/a.md'));
    assert.ok(!reads.includes('file:///ws/b.md'), 'a note known by name only waits for its full parse');
  });

  it('indexes a note arriving packed (from a parser thread or the cache) exactly as the same note parsed in place', () => {
    const uri = 'file:///ws/notes.md';
    const text = fs.readFileSync(BUNDLED_NOTE, 'utf8') + '\n# Toss\n\n## 결제 파이프라인\n- 수집 : Kafka 로 전송\n';
    const direct = new KnowledgeBase();
    const packed = new KnowledgeBase();
    for (const base of [direct, packed]) loadBundledKnowledge(base, KNOWLEDGE_DIR);
    direct.setNote(uri, text);
    const { note, generation } = packed.parse(uri, text);
    // As a parser thread sends a batch: the numbers of all its notes in one buffer.
    const batch = [packNote(packed.parse('file:///ws/other.md', '# Kakao\n\n## 로그\n- 수집 : Kafka\n').note), packNote(note)];
    intoOneBuffer(batch);
    const buffers = new Set(batch.flatMap((p) => [p.nodeFields, p.nodeLines, p.bodyRanges, p.edges, p.headings].map((a) => a.buffer)));
    assert.strictEqual(buffers.size, 1);
    const [, arrived] = structuredClone(batch);
    packed.setParsedNote(uri, arrived, generation);
    assert.deepStrictEqual(packed.note(uri), direct.note(uri));
    assert.deepStrictEqual(expandTree(packed), expandTree(direct));
    for (const id of ['tech:kafka', 'tech:kinesis', 'company:toss']) assert.deepStrictEqual(new EntityViews(packed).entity(id), new EntityViews(direct).entity(id), id);
    for (const q of ['결제 파이프라인', 'kafka', '로그 수집', '전송']) assert.deepStrictEqual(packed.search(q), direct.search(q), q);
    // And it replaces the note's earlier version as a parse here does.
    packed.setParsedNote(uri, structuredClone(packNote(packed.parse(uri, '# Toss\n\n## 정산 시스템\n- 저장 : DynamoDB\n').note)), generation);
    direct.setNote(uri, '# Toss\n\n## 정산 시스템\n- 저장 : DynamoDB\n');
    assert.deepStrictEqual(expandTree(packed), expandTree(direct));
    assert.deepStrictEqual(new EntityViews(packed).usedBy('tech:kafka'), new EntityViews(direct).usedBy('tech:kafka'));
  });

  it('packs and unpacks a parsed note without loss, a stage body as a range of its architecture body', () => {
    const text = fs.readFileSync(BUNDLED_NOTE, 'utf8');
    const note = parseNote('file:///notes/a.md', text, context());
    // Through the same structured clone a worker's postMessage uses.
    const packed = structuredClone(packNote(note));
    const unpacked = unpackNote(packed);
    assert.deepStrictEqual(JSON.parse(JSON.stringify(unpacked)), JSON.parse(JSON.stringify(note)));
    const stages = note.nodes.flatMap((n, i) => (n.kind === 'stage' ? [i] : []));
    assert.ok(stages.length > 20);
    // A stage body is a range of its architecture's body unless its text is not found there as written
    // (numbered sub-steps get their numbers in the stage), and then it is a string of its own.
    const asRanges = stages.filter((i) => packed.bodyRanges[i * 3] >= 0);
    assert.ok(asRanges.length >= stages.length * 0.8, `${asRanges.length} of ${stages.length} stage bodies travel as ranges`);
    for (const i of stages) assert.ok((packed.bodyRanges[i * 3] >= 0) !== (packed.nodeFields[i * 6 + 5] >= 0), `${note.nodes[i].id}: a range or a string, not both`);
    // Edges on one line share one range object, as the parser makes them.
    const byLine = new Map<string, unknown>();
    for (const e of unpacked.edges) if (e.location) {
      const key = `${e.location.startLine}-${e.location.endLine}`;
      if (byLine.has(key)) assert.strictEqual(byLine.get(key), e.location);
      else byLine.set(key, e.location);
    }
  });
});
