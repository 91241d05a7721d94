/**
 * One big note indexed without holding the thread (issue 16, case 4): parsed on the parser thread
 * (the compiled indexWorker.js), put into the knowledge base in slices, and superseded by a later write.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { KnowledgeBase } from '../../server/src/core/knowledgeBase';
import { BIG_NOTE_CHARS, NoteIndexing } from '../../server/src/noteIndexing';
import { bundledKnowledgeBase } from '../core/helpers';

const URI = 'file:///ws/big.md';
const headings = (name: string, count = 10_000) => Array.from({ length: count }, (_, i) => `## ${name} ${i}\n- 저장 : S3 and Kafka ${i}\n`).join('');

/** Counts the turns of the event loop (chances to answer a request) until `work` settles. */
async function turnsDuring<T>(work: Promise<T>): Promise<{ value: T; turns: number }> {
  let turns = 0;
  let done = false;
  const tick = () => { if (!done) { turns++; setImmediate(tick); } };
  setImmediate(tick);
  const value = await work;
  done = true;
  return { value, turns };
}

describe('indexing one big note (parser thread, slices)', function () {
  this.timeout(60_000);
  let kb: KnowledgeBase;
  let notes: NoteIndexing;
  beforeEach(() => {
    kb = bundledKnowledgeBase();
    notes = new NoteIndexing(kb, 64 * 1024 * 1024, { openText: () => undefined, fileOf: () => undefined });
  });
  afterEach(() => notes.dispose());

  it('parses a big note on the parser thread and indexes it in slices, with the result of indexing it at once', async () => {
    const text = headings('Alpha');
    const { value: diagnostics, turns } = await turnsDuring(notes.setNote(URI, text));
    // Indexed at once, the thread would not turn at all until the note was in.
    assert.ok(turns >= 20, `${turns} turns of the event loop during indexing`);
    const atOnce = bundledKnowledgeBase();
    assert.deepStrictEqual(diagnostics, atOnce.setNote(URI, text));
    assert.deepStrictEqual(kb.headings(URI), atOnce.headings(URI));
    assert.deepStrictEqual(kb.search('Alpha 9999').map((r) => r.id), atOnce.search('Alpha 9999').map((r) => r.id));
  });

  it('indexes a small note at once, on this thread', async () => {
    const { turns } = await turnsDuring(notes.setNote(URI, '# Small\n- 저장 : S3\n'));
    assert.ok('# Small\n'.length < BIG_NOTE_CHARS);
    assert.strictEqual(turns, 0);
    assert.deepStrictEqual(kb.headings(URI).map((h) => h.title), ['Small']);
  });

  it('drops an earlier version still being parsed or indexed when a later one is written', async () => {
    const first = notes.setNote(URI, headings('Alpha'));
    const second = notes.setNote(URI, headings('Beta', 5000));
    assert.strictEqual(await first, undefined, 'superseded: the later write reports');
    assert.ok(Array.isArray(await second));
    assert.strictEqual(kb.headings(URI).length, 5000);
    assert.ok(kb.headings(URI).every((h) => h.title.startsWith('Beta')));
    // A small edit written at once, while a big version is in slices, wins too.
    const big = notes.setNote(URI, headings('Gamma'));
    await new Promise((resolve) => setTimeout(resolve, 50));
    kb.setNote(URI, '# Typed over\n');
    assert.strictEqual(await big, undefined);
    assert.deepStrictEqual(kb.headings(URI).map((h) => h.title), ['Typed over']);
  });

  it('reads a big file on the parser thread, never on this one', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'data-notes-big-file-'));
    try {
      const file = path.join(dir, 'export.md');
      fs.writeFileSync(file, headings('Disk'));
      const uri = pathToFileURL(file).toString();
      const result = await notes.setFile(uri, file, fs.statSync(file).size, () => { throw new Error('read on the main thread'); });
      assert.ok(Array.isArray(result));
      assert.strictEqual(kb.headings(uri).length, 10_000);
      const missing = await notes.setFile(`${uri}-gone`, `${file}-gone`, 1e6, () => { throw new Error('read on the main thread'); });
      assert.match((missing as { error: string }).error, /not indexed: ENOENT/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reads the notes again a slice at a time when a glossary note adds a name, as reading them at once would', async () => {
    const texts = new Map<string, string>();
    for (let i = 0; i < 400; i++) texts.set(`file:///ws/n${i}.md`, `# 회사 ${i}\n\n## 파이프라인 ${i}\n- 조회 : 피노 ${i}\n- 수집 : Kafka\n`);
    const glossary = (aliases: string) => `---\nname: Apache Pinot\naliases: [${aliases}]\ncategory: query engine\n---\nAn OLAP store.\n`;
    const build = () => {
      const base = new KnowledgeBase({ readNote: (uri) => texts.get(uri) });
      for (const [uri, text] of texts) base.setNote(uri, text);
      base.setNote('file:///ws/glossary/pinot.md', glossary('Pinot'));
      base.refreshMatcher();
      return base;
    };
    const stepped = build();
    const steppedNotes = new NoteIndexing(stepped, 64 * 1024 * 1024, { openText: (uri) => texts.get(uri), fileOf: () => undefined }, false);
    const usersOf = (base: KnowledgeBase) => base.graph.countLinksIn('tech:pinot', 'uses');
    assert.strictEqual(usersOf(stepped), 0);
    // 피노 becomes a name of Pinot: every note is due to be read again, and nothing is read at once.
    stepped.setNote('file:///ws/glossary/pinot.md', glossary('Pinot, 피노'));
    assert.strictEqual(usersOf(stepped), 0);
    const published: string[] = [];
    const { value: read, turns } = await turnsDuring(steppedNotes.readAgain((uri) => published.push(uri)));
    assert.ok(read >= 400 && published.length === read, `${read} read again`);
    assert.ok(turns >= 2, `${turns} turns of the event loop`);
    const atOnce = build();
    atOnce.setNote('file:///ws/glossary/pinot.md', glossary('Pinot, 피노'));
    atOnce.refreshMatcher();
    assert.strictEqual(usersOf(stepped), 400);
    assert.strictEqual(usersOf(atOnce), 400);
    assert.strictEqual(await steppedNotes.readAgain(() => undefined), 0, 'nothing left to read');
  });
});
