/** The Architectures view of a workspace with many study notes: their topics go into folders, companies stay on top. */
import * as assert from 'assert';
import { KnowledgeBase } from '../../server/src/core/knowledgeBase';
import { folderLabels, TreeProvider } from '../../server/src/features/tree';
import { bundledKnowledgeBase } from './helpers';

/** As the server names folders: the bundled notes' own folder apart, the rest by `folderLabels`. */
const trees = (kb: KnowledgeBase) => new TreeProvider(kb, (folder) => (folder.endsWith('/knowledge/notes') ? 'Sample notes' : undefined));

const studyNote = (i: number) => `# 스터디 ${i}\n\n- 수집 : Kafka 로 로그를 모은다\n- 저장 : S3 에 적재한다\n`;

function withStudyNotes(count: number): KnowledgeBase {
  const kb = bundledKnowledgeBase();
  for (let i = 0; i < count; i++) kb.setNote(`file:///ws/til/${i % 2 ? 'kafka' : 'aws/s3'}/note-${i}.md`, studyNote(i));
  return kb;
}

describe('topic folders in the Architectures view', () => {
  it('keeps a few topics at the root, after the companies', () => {
    const tree = trees(withStudyNotes(10));
    const roots = tree.level('architectures', undefined, 0, 5000).items;
    assert.ok(roots.filter((r) => r.kind === 'topic').length >= 10);
    assert.ok(!roots.some((r) => r.kind === 'folder'));
    assert.strictEqual(roots[0].kind, 'company');
  });

  it('groups many topics by folder, each folder holding its topics in note order', () => {
    const kb = withStudyNotes(80);
    const tree = trees(kb);
    const roots = tree.level('architectures', undefined, 0, 5000).items;
    const companies = roots.filter((r) => r.kind === 'company');
    const folders = roots.filter((r) => r.kind === 'folder');
    assert.ok(companies.length >= 7, 'the bundled companies stay at the root');
    assert.deepStrictEqual(roots.slice(0, companies.length), companies, 'companies first');
    assert.ok(!roots.some((r) => r.kind === 'topic'));
    const kafka = folders.find((f) => f.label === 'kafka');
    const s3 = folders.find((f) => f.label === 'aws/s3');
    assert.ok(kafka && s3, JSON.stringify(folders.map((f) => f.label)));
    assert.ok(folders.some((f) => f.label === 'Sample notes'), 'the bundled notes\' topics in a folder of their own');
    assert.strictEqual(kafka.description, '40');
    const inKafka = tree.level('architectures', kafka.id, 0, 5000);
    assert.strictEqual(inKafka.total, 40);
    assert.deepStrictEqual(inKafka.items.slice(0, 3).map((t) => t.label), ['스터디 1', '스터디 3', '스터디 5']);
    assert.ok(inKafka.items.every((t) => t.kind === 'topic' && t.hasChildren));
  });

  it('reveals a technology used only in a study note through its folder', () => {
    const kb = withStudyNotes(80);
    // A technology no bundled note names, so its first user is the study note.
    kb.setGlossaryEntry('file:///ws/glossary/quokkadb.md', '---\nname: QuokkaDB\ncategory: database\n---\nA made-up database for this test.\n');
    kb.setNote('file:///ws/til/kafka/note-1.md', '# 스터디 1\n\n- 조회 : QuokkaDB 로 변경을 받는다\n- 저장 : S3 에 적재한다\n');
    const tree = trees(kb);
    const path = tree.path('architectures', 'tech:quokkadb');
    assert.ok(path, 'a path');
    assert.deepStrictEqual(path.map((p) => p.kind), ['folder', 'topic', 'stage', 'technology']);
    assert.strictEqual(path[0].label, 'kafka');
    // Every item of the path is among its parent's children.
    const studyPath = tree.path('architectures', 'tech:s3');
    assert.ok(studyPath);
    for (const p of [path, studyPath]) {
      let parent: string | undefined;
      for (const item of p) {
        const children = tree.level('architectures', parent, 0, 5000).items.map((c) => c.id);
        assert.ok(children.includes(item.id), `${item.id} under ${parent}`);
        parent = item.id;
      }
    }
  });

  it('labels folders by their path below the common parent, never empty', () => {
    const labels = folderLabels(['file:///home/me/notes', 'file:///home/me/notes/java', 'file:///home/me/notes/%EC%8A%A4%ED%84%B0%EB%94%94']);
    assert.deepStrictEqual([...labels.values()], ['notes', 'notes/java', 'notes/스터디']);
    assert.deepStrictEqual([...folderLabels(['file:///a/x', 'file:///a/y']).values()], ['x', 'y']);
    assert.deepStrictEqual([...folderLabels(['file:///a/x']).values()], ['x']);
  });
});
