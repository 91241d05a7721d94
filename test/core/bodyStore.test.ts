/** Node bodies are deflated when idle and read back exactly, whichever way a note arrived. */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { BodyStore } from '../../server/src/core/storage/bodyStore';
import { KnowledgeGraph } from '../../server/src/core/graph';
import { packNote } from '../../server/src/core/storage/packedNote';
import { KNOWLEDGE_DIR, bundledKnowledgeBase } from './helpers';

/** Mixed Korean and English text of about `chars` characters, different for each seed. */
function text(seed: number, chars: number): string {
  const words = ['카프카', 'Kafka', '로그 수집', 'S3에 적재', 'Airflow DAG', '실시간 처리', 'BigQuery', '장애 대응', '😀', 'p99 latency'];
  let out = '';
  for (let i = 0; out.length < chars; i++) out += words[(seed * 7 + i * 3) % words.length] + (i % 5 === 4 ? '. ' : ' ');
  return out.slice(0, chars);
}

describe('body store', () => {
  it('reads every slice back exactly after deflating, replacing and evicting', () => {
    const store = new BodyStore();
    const texts = new Map<number, string>();
    // More files than it keeps inflated, some too short to deflate, one with no text.
    for (let file = 0; file < 150; file++) texts.set(file, text(file, file % 10 === 0 ? 40 : 300 + file * 37));
    for (const [file, t] of texts) store.set(file, t);
    store.set(150, undefined);
    const check = () => {
      for (const [file, t] of texts) {
        for (const [start, length] of [[0, t.length], [7, 20], [t.length - 5, 5], [3, 0]]) assert.strictEqual(store.slice(file, start, length), t.slice(start, start + length), `file ${file} at ${start}`);
      }
      assert.strictEqual(store.slice(150, 0, 10), '');
    };
    check();
    assert.strictEqual(store.settle(performance.now() - 1), false, 'a deadline already passed leaves the work for later');
    assert.deepStrictEqual(store.sizes().deflatedFiles, 0);
    assert.strictEqual(store.settle(), true);
    const sizes = store.sizes();
    assert.strictEqual(sizes.deflatedFiles, 135, 'every text of 256 characters or more is deflated');
    const chars = [...texts.values()].filter((t) => t.length >= 256).reduce((n, t) => n + t.length, 0);
    assert.ok(sizes.deflatedBytes < chars / 2, `${sizes.deflatedBytes} bytes for ${chars} characters`);
    check();
    check(); // twice: the second pass inflates again what the first evicted
    texts.set(3, text(99, 5000));
    store.set(3, texts.get(3));
    texts.delete(4);
    store.delete(4);
    assert.strictEqual(store.slice(4, 0, 10), '');
    check();
    store.settle();
    check();
  });

  it('gives the graph the same bodies before and after deflating, from parsed and from packed notes', () => {
    const kb = bundledKnowledgeBase();
    const file = path.join(KNOWLEDGE_DIR, 'notes', 'data-engineering-notes.md');
    const uri = 'file:///ws/notes.md';
    const { note } = kb.parse(uri, fs.readFileSync(file, 'utf8'));
    const stagesWithBodies = note.nodes.filter((n) => n.kind === 'stage' && n.body).length;
    assert.ok(stagesWithBodies > 20, 'the notes have stages, whose bodies lie inside their architecture\'s');
    const parsed = new KnowledgeGraph();
    parsed.set(note);
    const packed = new KnowledgeGraph();
    packed.setPacked(structuredClone(packNote(note)));
    const bodies = (graph: KnowledgeGraph) => note.nodes.map((n) => graph.node(n.id)?.body);
    const want = note.nodes.map((n) => n.body);
    assert.deepStrictEqual(bodies(parsed), want);
    assert.deepStrictEqual(bodies(packed), want);
    // `node` keeps what it built for the graph's generation: a change starts a new one.
    parsed.settle();
    packed.settle();
    parsed.set({ uri: 'file:///ws/other.md', nodes: [], edges: [] });
    packed.set({ uri: 'file:///ws/other.md', nodes: [], edges: [] });
    assert.deepStrictEqual(bodies(parsed), want);
    assert.deepStrictEqual(bodies(packed), want);
  });
});
