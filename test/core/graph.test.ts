/** The graph's edge table against a plain model of the same files, through many changes and compactions. */
import * as assert from 'assert';
import { Contribution, KnowledgeGraph } from '../../server/src/core/graph';
import { EdgeKind, GraphEdge, GraphNode } from '../../server/src/core/model';

const KINDS: EdgeKind[] = ['uses', 'mentions', 'has-stage', 'flows-to'];

/** A deterministic file: a few nodes of its own, edges to a shared set of technologies. */
function file(uri: string, seed: number): Contribution {
  const nodes: GraphNode[] = [0, 1, 2].map((i) => ({ id: `${uri}#n${i}`, kind: 'stage' as const, title: `stage ${seed} ${i}`, body: `body ${seed}`, location: { uri, startLine: i, endLine: i + 1 } }));
  // A node several files describe, each its own way.
  nodes.push({ id: `company:c${seed % 5}`, kind: 'company', title: `Company ${seed % 5}`, container: `from ${uri}`, ...(seed % 2 ? { sources: [`https://example.com/${seed}`] } : {}) });
  const edges: GraphEdge[] = [];
  for (let i = 0; i < 12; i++) {
    const edge: GraphEdge = { from: nodes[i % 3].id, to: `tech:t${(seed * 7 + i * 3) % 25}`, kind: KINDS[(seed + i) % KINDS.length] };
    if (i % 2 === 0) edge.label = `role ${(seed + i) % 5}`;
    if (i % 5 === 0) edge.scope = nodes[0].id;
    if (i % 7 !== 3) edge.location = { uri, startLine: (seed * 13 + i * 5) % 40, endLine: (seed * 13 + i * 5) % 40 + 1 };
    // Ranges the edge table cannot hold in its row (a span past 2^27 lines, an end before the start) are kept too.
    if (i === 6 && seed % 3 === 0) edge.location = { uri, startLine: 5, endLine: seed % 2 ? 5 + 300_000_000 : 2 };
    edges.push(edge);
  }
  return { uri, nodes, edges };
}

/**
 * What `in` / `out` must return: live edges of the files, by the file's first arrival, then line; edges
 * without a range first; ties in the order they were set (`files` iterates in that order).
 */
function expected(files: Map<string, Contribution>, order: Map<string, number>, pick: (e: GraphEdge) => boolean): GraphEdge[] {
  const all: { edge: GraphEdge; file: number; seq: number }[] = [];
  let seq = 0;
  for (const c of files.values()) {
    for (const edge of c.edges) all.push({ edge, file: edge.location ? order.get(edge.location.uri)! : -1, seq: seq++ });
  }
  return all
    .filter((x) => pick(x.edge))
    .sort((a, b) => a.file - b.file || (a.edge.location?.startLine ?? 0) - (b.edge.location?.startLine ?? 0) || a.seq - b.seq)
    .map((x) => x.edge);
}

/** The graph answers as the plain model of its files does: lists, contributions, versions shown, owners. */
function matchesModel(graph: KnowledgeGraph, files: Map<string, Contribution>, order: Map<string, number>): void {
  assert.strictEqual(graph.fileCount, files.size);
  for (let t = 0; t < 25; t++) {
    const id = `tech:t${t}`;
    assert.deepStrictEqual(graph.in(id), expected(files, order, (e) => e.to === id), `in(${id})`);
    assert.deepStrictEqual(graph.in(id, 'uses'), expected(files, order, (e) => e.to === id && e.kind === 'uses'), `in(${id}, uses)`);
    // The first few, found in one walk, are the sorted list's first few.
    for (const count of [1, 3, 7]) assert.deepStrictEqual(graph.first('<', id, 'mentions', count), graph.in(id, 'mentions').slice(0, count), `first ${count} mentions of ${id}`);
  }
  for (const c of [...files.values()].slice(0, 50)) {
    for (const node of c.nodes) assert.deepStrictEqual(graph.out(node.id), expected(files, order, (e) => e.from === node.id));
    assert.deepStrictEqual(graph.first('>', c.nodes[0].id, 'uses', 2), graph.out(c.nodes[0].id, 'uses').slice(0, 2));
    assert.deepStrictEqual(graph.contribution(c.uri), c, 'a file gets its own nodes and edges back as given');
    for (const node of c.nodes.slice(0, 3)) assert.deepStrictEqual(graph.node(node.id), node);
  }
  for (let c = 0; c < 5; c++) {
    const id = `company:c${c}`;
    const describing = [...files.values()].filter((f) => f.nodes.some((n) => n.id === id));
    // The version shown is the one of the earliest file set that still describes it.
    assert.deepStrictEqual(graph.node(id), describing[0]?.nodes.find((n) => n.id === id), `node(${id})`);
    assert.deepStrictEqual(graph.ownersOf(id), describing.map((f) => f.uri).sort((a, b) => order.get(a)! - order.get(b)!));
  }
  assert.strictEqual([...graph.allNodes()].length, new Set([...files.values()].flatMap((f) => f.nodes.map((n) => n.id))).size);
  assert.strictEqual([...graph.allNodes('company')].length, new Set([...files.values()].flatMap((f) => f.nodes.filter((n) => n.kind === 'company').map((n) => n.id))).size);
}

describe('knowledge graph', () => {
  it('answers in / out like a plain list of edges through thousands of changes and removals', () => {
    const graph = new KnowledgeGraph();
    const files = new Map<string, Contribution>();
    const order = new Map<string, number>();
    // Deterministic churn: 4,000 sets and removals over 400 files make the table compact several times.
    let state = 12345;
    const next = () => (state = (state * 48271) % 2147483647);
    for (let step = 0; step < 4000; step++) {
      const uri = `file:///ws/${next() % 400}.md`;
      if (next() % 4 === 0) {
        graph.remove(uri);
        graph.compactIfWorthIt(); // as the knowledge base does once indexing pauses
        files.delete(uri);
      } else {
        const c = file(uri, next() % 1000);
        if (!order.has(uri)) order.set(uri, order.size);
        graph.set(c);
        files.delete(uri); // to the end: the map's order is the order of the latest sets
        files.set(uri, c);
      }
    }
    matchesModel(graph, files, order);
    assert.deepStrictEqual(graph.out('tech:t1'), []);
    assert.deepStrictEqual(graph.in('nowhere'), []);
  });

  it('compacts in steps, answering from the old tables until the new ones take over; a write stops it', () => {
    const graph = new KnowledgeGraph();
    const files = new Map<string, Contribution>();
    const order = new Map<string, number>();
    const put = (uri: string, seed: number) => {
      const c = file(uri, seed);
      if (!order.has(uri)) order.set(uri, order.size);
      graph.set(c);
      files.delete(uri);
      files.set(uri, c);
    };
    for (let i = 0; i < 6000; i++) put(`file:///ws/${i}.md`, i);
    for (let i = 0; i < 3000; i++) { graph.remove(`file:///ws/${i}.md`); files.delete(`file:///ws/${i}.md`); }
    assert.ok(graph.worthCompacting);
    const steps = graph.compactInSteps();
    let count = 0;
    for (let step = steps.next(); !step.done; step = steps.next()) {
      count++;
      matchesModel(graph, files, order);
    }
    assert.ok(count >= 2 && !graph.worthCompacting, `${count} steps`);
    matchesModel(graph, files, order);
    // A write between steps stops it; the graph is as the write left it.
    for (let i = 3000; i < 5000; i++) { graph.remove(`file:///ws/${i}.md`); files.delete(`file:///ws/${i}.md`); }
    const interrupted = graph.compactInSteps();
    interrupted.next();
    put('file:///ws/late.md', 4242);
    let result = interrupted.next();
    while (!result.done) result = interrupted.next();
    assert.strictEqual(result.value, false);
    matchesModel(graph, files, order);
    assert.ok(graph.compactIfWorthIt());
    matchesModel(graph, files, order);
  });
});
