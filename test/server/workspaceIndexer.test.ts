/**
 * The workspace indexer without the LSP: over notes held in memory (passes, the watcher's changes
 * during and between passes, a workspace glossary note changing what other notes name), and over a
 * folder for what reads the disk itself (the parser thread and the index cache).
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { KNOWLEDGE_DIR } from '../core/helpers';
import { KnowledgeBase } from '../../server/src/core/knowledgeBase';
import { DiskWorkspace, NoteWorkspace } from '../../server/src/noteWorkspace';
import { FileChange, WorkspaceIndexer } from '../../server/src/workspaceIndexer';
import { findNoteFiles, FoundNotes } from '../../server/src/workspaceFiles';
import * as v8 from 'v8';
import { IndexCache } from '../../server/src/indexCache';
import { isValidPackedNote, packNote, PackedNote } from '../../server/src/core/storage/packedNote';

const ROOT = '/notes';
const uriOf = (name: string) => pathToFileURL(`${ROOT}/${name}`).toString();

/** Notes in a map; a read can be held until the test lets it finish, to land a change in the middle of a pass. */
class MemoryWorkspace implements NoteWorkspace {
  readonly onDisk = false;
  readonly files = new Map<string, string>();
  private held = new Map<string, { reached: () => void; release: Promise<void> }>();

  constructor(notes: Record<string, string>) {
    for (const [name, text] of Object.entries(notes)) this.files.set(`${ROOT}/${name}`, text);
  }

  /** The next read of `name` waits for the returned function; `reached` resolves once that read has the old text. */
  hold(name: string): { reached: Promise<void>; release: () => void } {
    let release!: () => void;
    let reached!: () => void;
    const reachedPromise = new Promise<void>((resolve) => { reached = resolve; });
    this.held.set(`${ROOT}/${name}`, { reached, release: new Promise<void>((resolve) => { release = resolve; }) });
    return { reached: reachedPromise, release };
  }

  private listHeld: Promise<void> | undefined;

  /** The next listing is taken at once but answered only when the returned function is called. */
  holdList(): () => void {
    let release!: () => void;
    this.listHeld = new Promise<void>((resolve) => { release = resolve; });
    return release;
  }

  async list(): Promise<FoundNotes> {
    const found = { files: [...this.files].map(([path, text]) => ({ path, uri: pathToFileURL(path).toString(), size: text.length, mtimeMs: 0 })), skipped: [] };
    const held = this.listHeld;
    this.listHeld = undefined;
    await held;
    return found;
  }

  async read(path: string): Promise<string> {
    const text = this.files.get(path);
    if (text === undefined) throw new Error('ENOENT: no such note');
    const held = this.held.get(path);
    if (held) {
      this.held.delete(path);
      held.reached();
      await held.release;
    }
    return text;
  }

  readSync(path: string): string | undefined {
    return this.files.get(path);
  }

  async size(path: string): Promise<number> {
    const text = this.files.get(path);
    if (text === undefined) throw new Error('ENOENT: no such note');
    return text.length;
  }

  exists(path: string): boolean {
    return this.files.has(path);
  }
}

function setUp(notes: Record<string, string>) {
  const workspace = new MemoryWorkspace(notes);
  const kb = new KnowledgeBase({ readNote: (uri) => workspace.readSync(decodeURIComponent(new URL(uri).pathname)) });
  // The shipped glossary and companies (not the bundled notes): what names the notes' technologies.
  kb.loadCompanies(fs.readFileSync(path.join(KNOWLEDGE_DIR, 'companies.yaml'), 'utf8'));
  for (const name of fs.readdirSync(path.join(KNOWLEDGE_DIR, 'glossary'))) {
    const file = path.join(KNOWLEDGE_DIR, 'glossary', name);
    kb.setGlossaryEntry(pathToFileURL(file).toString(), fs.readFileSync(file, 'utf8'));
  }
  const warnings: string[] = [];
  const indexed: string[] = [];
  const indexer = new WorkspaceIndexer({
    kb, workspace,
    log: { info: () => undefined, warn: (m) => warnings.push(m), error: (m) => warnings.push(m) },
    isOpen: () => false,
    indexed: (uri) => indexed.push(uri),
    changed: () => undefined,
    syncBundled: () => undefined,
    passEnded: () => undefined,
    progress: async () => undefined,
    cacheDir: () => undefined,
  });
  const change = (name: string, type: FileChange['type'], text?: string) => {
    if (type === 'deleted') workspace.files.delete(`${ROOT}/${name}`);
    else workspace.files.set(`${ROOT}/${name}`, text!);
    return indexer.filesChanged([{ uri: uriOf(name), type }]);
  };
  const architectures = (company: string) => [...kb.graph.allNodes('architecture')].filter((n) => n.container === company).map((n) => n.title).sort();
  /** Exact titles, not search: a fuzzy search for a made-up pipeline also finds the glossary's data pipeline. */
  const hasArchitecture = (title: string) => [...kb.graph.allNodes('architecture')].some((n) => n.title === title);
  return { workspace, kb, indexer, warnings, indexed, change, architectures, hasArchitecture };
}

const toss = (architecture: string) => `# Toss\n\n## ${architecture}\n- 수집 : Kafka 로 이벤트를 모은다\n- 저장 : S3 에 적재한다\n`;

describe('workspace indexer over an in-memory workspace', () => {
  it('indexes every note in a pass, then follows created, changed and deleted notes', async () => {
    const { indexer, change, architectures, hasArchitecture } = setUp({ 'toss.md': toss('결제 파이프라인'), 'study.md': '# Kafka 공부\n\n파티션과 오프셋.\n' });
    await indexer.run();
    assert.strictEqual(indexer.indexing, false);
    assert.strictEqual(indexer.phase, 'full');
    assert.strictEqual(indexer.noteCount, 2);
    assert.deepStrictEqual(architectures('Toss (토스)'), ['결제 파이프라인']);
    await change('toss.md', 'changed', toss('정산 파이프라인'));
    assert.deepStrictEqual(architectures('Toss (토스)'), ['정산 파이프라인']);
    await change('daangn.md', 'created', '# 당근마켓\n\n## 채팅 파이프라인\n- 수집 : Kinesis 로 받는다\n- 저장 : DynamoDB 에 쓴다\n');
    assert.ok(hasArchitecture('채팅 파이프라인'));
    await change('toss.md', 'deleted');
    assert.deepStrictEqual(architectures('Toss (토스)'), []);
    assert.strictEqual(indexer.noteCount, 2);
  });

  it('keeps what the watcher indexed over an older read of the same note in a pass', async () => {
    const { workspace, indexer, change, architectures } = setUp({ 'toss.md': toss('옛 파이프라인') });
    const held = workspace.hold('toss.md');
    const pass = indexer.run();
    await held.reached; // the pass has read the old text and waits
    await change('toss.md', 'changed', toss('새 파이프라인'));
    held.release();
    await pass;
    assert.deepStrictEqual(architectures('Toss (토스)'), ['새 파이프라인']);
  });

  it('does not bring back a note deleted while a pass was reading it', async () => {
    const { workspace, indexer, change, hasArchitecture } = setUp({ 'toss.md': toss('사라질 파이프라인'), 'other.md': '# Other\n' });
    const held = workspace.hold('toss.md');
    const pass = indexer.run();
    await held.reached;
    await change('toss.md', 'deleted');
    held.release();
    await pass;
    assert.strictEqual(hasArchitecture('사라질 파이프라인'), false);
    assert.strictEqual(indexer.isWorkspaceNote(uriOf('toss.md')), false);
  });

  it("keeps the watcher's word over a listing taken before it, names pass included: nothing deleted comes back, nothing created is lost", async () => {
    const notes: Record<string, string> = {};
    for (let i = 0; i < 420; i++) notes[`team-${i}.md`] = toss(`정산 배치 ${i}`); // large: a names pass first
    const { workspace, kb, indexer, change, hasArchitecture } = setUp(notes);
    const release = workspace.holdList();
    const pass = indexer.run();
    await new Promise((resolve) => setTimeout(resolve, 10)); // the pass is waiting for its listing
    for (let i = 0; i < 50; i++) await change(`team-${i}.md`, 'deleted');
    for (let i = 50; i < 100; i++) {
      // A rename: the old name deleted, the new one created.
      await change(`team-${i}.md`, 'deleted');
      await change(`renamed-${i}.md`, 'created', toss(`이름 바뀐 배치 ${i}`));
    }
    release();
    await pass;
    const headings = (name: string) => kb.headings(uriOf(name)).length;
    for (let i = 0; i < 100; i++) {
      assert.strictEqual(indexer.isWorkspaceNote(uriOf(`team-${i}.md`)), false, `team-${i} deleted`);
      assert.strictEqual(headings(`team-${i}.md`), 0, `team-${i} has no names left`);
    }
    for (let i = 50; i < 100; i++) assert.ok(hasArchitecture(`이름 바뀐 배치 ${i}`), `renamed-${i} indexed`);
    assert.ok(hasArchitecture('정산 배치 300'));
    assert.strictEqual([...kb.graph.allNodes('architecture')].length, 370);
  });

  it('reads the other notes again when a glossary note in the workspace names a new technology', async () => {
    const { kb, indexer, change } = setUp({ 'toss.md': '# Toss\n\n## 정산 배치\n- 집계 : Zorblax 로 매일 집계한다\n- 저장 : S3 에 적재한다\n' });
    await indexer.run();
    assert.strictEqual(kb.graph.node('tech:zorblax'), undefined);
    await change('glossary/zorblax.md', 'created', '---\nname: Zorblax\ncategory: batch processing\n---\nA made-up batch engine.\n');
    const users = [...kb.graph.iterateIn('tech:zorblax', 'uses')];
    assert.strictEqual(users.length, 1, 'the stage of toss.md now uses Zorblax');
    await change('glossary/zorblax.md', 'deleted');
    assert.strictEqual(kb.graph.countIn('tech:zorblax', 'uses'), 0);
  });

  it('drops the notes a new pass no longer lists (the settings changed), and says why a note could not be read', async () => {
    const { workspace, indexer, warnings, hasArchitecture } = setUp({ 'a.md': toss('A 파이프라인'), 'b.md': '# B\n' });
    await indexer.run();
    assert.ok(hasArchitecture('A 파이프라인'));
    workspace.files.delete(`${ROOT}/a.md`);
    await indexer.run();
    assert.strictEqual(hasArchitecture('A 파이프라인'), false);
    assert.deepStrictEqual([indexer.noteCount, indexer.isWorkspaceNote(uriOf('b.md'))], [1, true]);
    await indexer.reindex(uriOf('gone.md'));
    assert.ok(warnings.some((w) => w.includes('gone.md') && /not indexed/.test(w)), warnings.join('\n'));
  });

  it('runs a second pass after one asked for while the first runs', async () => {
    const { workspace, indexer, hasArchitecture } = setUp({ 'a.md': '# A\n' });
    const held = workspace.hold('a.md');
    const first = indexer.run();
    await held.reached;
    workspace.files.set(`${ROOT}/late.md`, toss('늦은 파이프라인'));
    void indexer.run(); // settings changed mid-way
    held.release();
    await first;
    while (indexer.indexing) await new Promise((r) => setTimeout(r, 5));
    assert.ok(hasArchitecture('늦은 파이프라인'));
  });
});

describe('workspace indexer on a folder, with the parser thread and the index cache (no LSP)', function () {
  this.timeout(60000);
  let dir: string;
  let cacheDir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'data-notes-indexer-'));
    cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'data-notes-indexer-cache-'));
    // Enough notes for the parser thread and the cache (POOL_MIN_FILES).
    for (let i = 0; i < 420; i++) fs.writeFileSync(path.join(dir, `team-${i}.md`), `# Team${i} Corp\n\n## 정산 배치 ${i}\n- 집계 : Kafka 로 모은다\n- 저장 : S3 에 적재한다\n`);
  });
  after(() => {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(cacheDir, { recursive: true, force: true });
  });

  async function indexOnce(): Promise<{ kb: KnowledgeBase; logs: string[] }> {
    const workspace = new DiskWorkspace();
    workspace.configure([dir], ['**/*.md'], []);
    const kb = new KnowledgeBase({ readNote: (uri) => workspace.readSync(new URL(uri).pathname) });
    kb.loadCompanies(fs.readFileSync(path.join(KNOWLEDGE_DIR, 'companies.yaml'), 'utf8'));
    for (const name of fs.readdirSync(path.join(KNOWLEDGE_DIR, 'glossary'))) {
      const file = path.join(KNOWLEDGE_DIR, 'glossary', name);
      kb.setGlossaryEntry(pathToFileURL(file).toString(), fs.readFileSync(file, 'utf8'));
    }
    kb.refreshMatcher();
    const logs: string[] = [];
    let written: Promise<void> | undefined;
    const indexer = new WorkspaceIndexer({
      kb, workspace, log: { info: (m) => logs.push(m), warn: (m) => logs.push(m), error: (m) => logs.push(m) },
      isOpen: () => false, indexed: () => undefined, changed: () => undefined, syncBundled: () => undefined,
      passEnded: (cacheWritten) => { written = cacheWritten; }, progress: async () => undefined, cacheDir: () => cacheDir,
    });
    await indexer.run();
    await written;
    return { kb, logs };
  }

  it('parses on the parser thread and writes the cache, then a second start reads every note back and parses none', async () => {
    const cold = await indexOnce();
    assert.ok(cold.logs.some((l) => /Parsing 420 notes on 1 parser threads/.test(l)), cold.logs.join('\n'));
    assert.ok(cold.logs.some((l) => /Index cache: 420 notes written/.test(l)), cold.logs.join('\n'));
    const warm = await indexOnce();
    assert.ok(warm.logs.some((l) => /names of 420 unchanged notes read back/.test(l)), warm.logs.join('\n'));
    assert.ok(!warm.logs.some((l) => /Parsing \d+ notes/.test(l)), 'nothing parsed again');
    const titles = (kb: KnowledgeBase) => [...kb.graph.allNodes('architecture')].map((n) => `${n.container} › ${n.title}`).sort();
    assert.deepStrictEqual(titles(warm.kb), titles(cold.kb));
    assert.strictEqual(titles(warm.kb).length, 420);
  });

  it('repairs a part that deserializes but is wrong: its notes are parsed, and the next start reads them back', async () => {
    await indexOnce();
    const manifest = v8.deserialize(fs.readFileSync(path.join(cacheDir, 'index-cache.v8'))) as { notes: string[] };
    // Valid v8 data, plausible shape, one bad string index: what flipped bytes can leave.
    const partFile = path.join(cacheDir, manifest.notes[0]);
    const part = v8.deserialize(fs.readFileSync(partFile)) as { format: number; notes: { note: { edges: Int32Array } }[] };
    part.notes[0].note.edges[0] = 1_000_000;
    fs.writeFileSync(partFile, v8.serialize(part));
    const damaged = await indexOnce();
    assert.ok(damaged.logs.some((l) => /is damaged; those notes are parsed again/.test(l)), damaged.logs.join('\n'));
    assert.strictEqual([...damaged.kb.graph.allNodes('architecture')].length, 420, 'every note indexed');
    assert.ok(damaged.logs.some((l) => /Index cache: 420 notes written/.test(l)), damaged.logs.join('\n'));
    const repaired = await indexOnce();
    assert.ok(repaired.logs.some((l) => /420 whole notes read back/.test(l)), repaired.logs.join('\n'));
    assert.ok(!repaired.logs.some((l) => /Parsing \d+ notes/.test(l)), 'nothing parsed again');
  });
});

describe('index cache files', () => {
  let dir: string;
  beforeEach(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'data-notes-cache-files-')); });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("removes only files it wrote, never a user's file of a similar name, however old", () => {
    const foreign = ['index-cache-plan.md', 'index-cache.v8.md', 'index-cache-part-notes.txt', 'notes.md'];
    const hourAgo = (Date.now() - 3600_000) / 1000;
    for (const name of foreign) {
      fs.writeFileSync(path.join(dir, name), 'mine');
      fs.utimesSync(path.join(dir, name), hourAgo, hourAgo);
    }
    const cache = new IndexCache(dir);
    const old = cache.writePart([]);
    fs.utimesSync(path.join(dir, old.name), hourAgo, hourAgo);
    cache.commit({ fingerprint: 'f', names: [], notes: [] });
    assert.deepStrictEqual(fs.readdirSync(dir).sort(), [...foreign, 'index-cache.v8'].sort(), "an old unlisted part goes; the user's files stay");
  });

  it('leaves a fresh unlisted part alone (another window may be about to list it), and retires what the replaced manifest listed', () => {
    const cache = new IndexCache(dir);
    const first = cache.writePart([]);
    cache.commit({ fingerprint: 'f', names: [first.name], notes: [] });
    const otherWindows = cache.writePart([]);
    const mine = cache.writePart([]);
    cache.commit({ fingerprint: 'f', names: [mine.name], notes: [] });
    const files = fs.readdirSync(dir);
    assert.ok(!files.includes(first.name), 'the part the replaced manifest listed is gone');
    assert.ok(files.includes(otherWindows.name), 'a fresh part nobody listed yet stays');
    assert.ok(files.includes(mine.name));
  });

  it('refuses entries with wrong types or indexes out of range', () => {
    const cache = new IndexCache(dir);
    const kb = new KnowledgeBase();
    const note = packNote(kb.parse('file:///ws/a.md', '# A\n\n## B\n- 수집 : Kafka\n').note);
    assert.ok(isValidPackedNote(note));
    const broken: unknown[] = [
      { ...note, strings: [1, 2] },
      { ...note, nodeFields: Array.from(note.nodeFields) },
      { ...note, headings: Int32Array.from([0, 1, 0, 1, 99]) },
      { ...note, edges: Int32Array.from([0, 0, 0, -1, -1, 0, 0]) },
    ];
    for (const bad of broken) {
      assert.ok(!isValidPackedNote(bad));
      const { name } = cache.writePart([{ uri: 'file:///ws/a.md', size: 1, mtimeMs: 1, note: bad as PackedNote }]);
      assert.match((cache.loadPart(name) as { problem: string }).problem, /damaged/);
    }
    assert.match((cache.loadPart(cache.writePart([{ uri: 'x', size: '1', mtimeMs: 1, glossary: 'g' } as never]).name) as { problem: string }).problem, /damaged/);
  });
});

describe('finding notes', () => {
  let dir: string;
  beforeEach(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'data-notes-find-')); });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('says so when nothing matches the include globs, and when it stops at the limit', async () => {
    fs.writeFileSync(path.join(dir, 'readme.txt'), 'not a note');
    const none = await findNoteFiles([dir], ['**/*.md'], []);
    assert.strictEqual(none.files.length, 0);
    assert.match(none.skipped.join('\n'), /no file in .* matches dataNotes\.notes\.include \(\*\*\/\*\.md\)/);
    for (let i = 0; i < 5; i++) fs.writeFileSync(path.join(dir, `n${i}.md`), '# N');
    const limited = await findNoteFiles([dir], ['**/*.md'], [], 3);
    assert.strictEqual(limited.files.length, 3);
    assert.match(limited.skipped.join('\n'), /the first 3 notes are indexed, no more/);
  });
});
