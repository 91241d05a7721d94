/**
 * A big note put into the knowledge base a step at a time (issue 16, case 4): the same result as
 * at once, queries answered between steps, and a later write of the note, wherever it comes,
 * leaves only itself.
 */
import * as assert from 'assert';
import * as fc from 'fast-check';
import { KnowledgeBase, SteppedIndexing } from '../../server/src/core/knowledgeBase';
import { packNote } from '../../server/src/core/storage/packedNote';
import { bundledKnowledgeBase } from './helpers';

const URI = 'file:///ws/big-note.md';
const version = (name: string, count = 1500) => `# ${name} note\n\n` + Array.from({ length: count }, (_, i) => `## ${name} ${i}\n- 저장 : Kafka ${name.toLowerCase()}-${i}\n`).join('');

/** Starts a stepped write of `text`, parsed as a parser thread would (packed). */
function stepped(kb: KnowledgeBase, text: string, uri = URI): Generator<void, SteppedIndexing> {
  const { note, generation } = kb.parse(uri, text);
  return kb.indexParsedInSteps(uri, packNote(note), generation, kb.claim(uri));
}

function finish(steps: Generator<void, SteppedIndexing>): { result: SteppedIndexing; steps: number } {
  let count = 0;
  for (;;) {
    const step = steps.next();
    if (step.done) return { result: step.value, steps: count };
    count++;
  }
}

/** What the note is in the knowledge base: its headings, and which of its versions search finds. */
function state(kb: KnowledgeBase, uri = URI) {
  const titles = kb.headings(uri).map((h) => h.title);
  const found = (query: string) => kb.search(query, { limit: 20 }).filter((r) => r.location?.uri === uri).map((r) => r.title);
  return {
    headings: titles.length, first: titles[0], last: titles.at(-1),
    old: found('Old 1234'), alpha: found('Alpha 1234'), beta: found('Beta 1234'),
    contribution: kb.note(uri)?.nodes.map((n) => n.id).join('|') ?? 'none',
    kafkaUses: kb.graph.countLinksIn('tech:kafka', 'uses'),
  };
}

describe('indexing a big note in steps', () => {
  let kb: KnowledgeBase;
  before(() => { kb = bundledKnowledgeBase(); });
  afterEach(() => kb.removeNote(URI));

  it('gives the same knowledge as indexing it at once, in many steps', () => {
    const { result, steps } = finish(stepped(kb, version('Alpha')));
    const inSteps = state(kb);
    kb.removeNote(URI);
    kb.setNote(URI, version('Alpha'));
    assert.deepStrictEqual(inSteps, state(kb));
    assert.deepStrictEqual(result, { diagnostics: [] });
    assert.ok(steps >= 5, `${steps} steps`);
    assert.deepStrictEqual(inSteps.alpha.slice(0, 1), ['Alpha 1234']);
  });

  it('answers queries between steps, seeing one version of the note at a time', () => {
    kb.setNote(URI, version('Old'));
    const steps = stepped(kb, version('Alpha'));
    let seen = 0;
    for (let step = steps.next(); !step.done; step = steps.next()) {
      const now = state(kb);
      assert.ok(now.old.length === 0 || now.alpha.length === 0, 'never both versions in search');
      assert.ok(kb.termAt('- 저장 : Kafka', 9)?.entry.id === 'kafka');
      seen++;
    }
    assert.ok(seen >= 5);
    assert.deepStrictEqual(state(kb).old, []);
  });

  it('stops when a later write of the note begins, wherever it stops, and leaves only the later write', () => {
    const fresh = bundledKnowledgeBase();
    fresh.setNote(URI, version('Beta'));
    const onlyBeta = state(fresh);
    const removed = bundledKnowledgeBase();
    const nothing = state(removed);
    const { steps: total } = finish(stepped(bundledKnowledgeBase(), version('Alpha')));
    fc.assert(fc.property(
      fc.integer({ min: 0, max: total + 1 }), fc.constantFrom('setNote', 'removeNote', 'stepped', 'stepped, then the first resumes'), fc.boolean(),
      (stopAt, later, hadOldVersion) => {
        if (hadOldVersion) kb.setNote(URI, version('Old'));
        else kb.removeNote(URI);
        const first = stepped(kb, version('Alpha'));
        let firstDone = false;
        for (let i = 0; i < stopAt && !firstDone; i++) firstDone = !!first.next().done;
        if (later === 'setNote') kb.setNote(URI, version('Beta'));
        else if (later === 'removeNote') kb.removeNote(URI);
        else {
          const second = stepped(kb, version('Beta'));
          if (later === 'stepped, then the first resumes') second.next();
          const resumed = first.next();
          if (!firstDone) assert.ok(resumed.done && 'superseded' in resumed.value, 'the earlier write stops');
          assert.ok('diagnostics' in finish(second).result);
        }
        if (!firstDone) finish(first);
        assert.deepStrictEqual(state(kb), later === 'removeNote' ? nothing : onlyBeta);
      },
    ), { seed: 16, numRuns: 40 });
  });

  it('reports a parse made before a glossary change as stale, and changes nothing', () => {
    const other = new KnowledgeBase();
    const { note, generation } = other.parse(URI, '# Zephyr pipeline\n- 저장 : Zephyrstore\n');
    other.setNote('file:///ws/zephyrstore.md', '---\nname: Zephyrstore\ncategory: storage\n---\nA store.\n');
    const result = finish(other.indexParsedInSteps(URI, packNote(note), generation, other.claim(URI))).result;
    assert.deepStrictEqual(result, { stale: true });
    assert.deepStrictEqual(other.headings(URI), []);
  });
});
