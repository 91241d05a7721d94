/**
 * The knowledge graph, kept as one contribution per file so that a changed note
 * replaces only its own nodes and edges. Nodes that several files describe (a
 * company in two notes) stay while any file still contributes them.
 *
 * Nodes and edges are stored as rows of numbers in two typed arrays, strings numbered once
 * (ids, titles, roles), not as objects: a large workspace has hundreds of thousands of edges,
 * and objects with ranges and adjacency lists cost many times more (BENCHMARKS.md, "How the
 * index is stored"). `node`, `out` and `in` build `GraphNode` / `GraphEdge` objects for what is
 * asked; edge lists are kept for one generation (a popular technology has tens of thousands).
 */
import { allSteps, Steps } from './steps';
import { BodyStore } from './storage/bodyStore';
import { EdgeKind, GraphEdge, GraphNode, NodeKind } from './model';
import { StringIndex } from './storage/stringIndex';
import { detached } from './text';
import { PACKED_EDGE, PACKED_NODE, PackedNote, packNote } from './storage/packedNote';

export interface Contribution {
  uri: string;
  nodes: GraphNode[];
  edges: GraphEdge[];
}

const EDGE_KINDS: readonly EdgeKind[] = ['has-architecture', 'has-stage', 'uses', 'related', 'mentions', 'flows-to'];
const EDGE_KIND_NUMBER = new Map(EDGE_KINDS.map((kind, i) => [kind, i]));
const NODE_KINDS: readonly NodeKind[] = ['technology', 'concept', 'company', 'architecture', 'stage', 'topic', 'section'];
const NODE_KIND_NUMBER = new Map(NODE_KINDS.map((kind, i) => [kind, i]));
/** Budgets of the per-generation caches of built objects (see `sorted`). */
const MAX_BUILT_EDGES = 40_000;
const MAX_BUILT_NODES = 20_000;
/** The kind column of a removed row; removed rows are skipped until the table is compacted. */
const DEAD = -1;

/**
 * Edge columns: from, to (node numbers), kind and span, detail, file, start line (-1: no range), then
 * the previous edge leaving the same node and the previous edge arriving at the same node (-1: none).
 * Those two make each node's adjacency a linked list inside the table: a plain array per node cost
 * more than the edges themselves (a one-element array that grows reserves 17 slots).
 *
 * Eight numbers an edge, the fewest that hold it: "kind and span" holds the kind
 * (low bits), whether the detail is a scope, and the range's line count; the detail is the label (a
 * numbered string) or the scope (a node number), since no edge kind has both. An edge that has both
 * all the same keeps its scope in `edgeScopes`, and a range this cannot hold its end in `edgeEnds`.
 */
const E = { from: 0, to: 1, kindSpan: 2, detail: 3, file: 4, start: 5, nextOut: 6, nextIn: 7, stride: 8 } as const;
const KIND_MASK = 0b111;
const DETAIL_IS_SCOPE = 0b1000;
const SPAN_SHIFT = 4;
const MAX_SPAN = (1 << (31 - SPAN_SHIFT)) - 1;
/** The span stored for a range whose end is in `edgeEnds`. */
const SPAN_ELSEWHERE = MAX_SPAN;
/**
 * Node columns: node number, kind, title, container, description (numbered strings, -1: none), file,
 * start line (-1: no range), end line, the file that contributed it, the next row of the same node
 * from another file (-1: none), so a node's versions are a linked list in the order their files were
 * set, and where its body lies in the body text of the file that contributed it (start -1: no body).
 */
const N = { node: 0, kind: 1, title: 2, container: 3, description: 4, file: 5, start: 6, end: 7, owner: 8, nextVersion: 9, bodyStart: 10, bodyLength: 11, stride: 12 } as const;

interface StoredContribution {
  /** This file's nodes and edges are rows [first, first + count) of their tables. */
  nodeFirst: number;
  nodeCount: number;
  edgeFirst: number;
  edgeCount: number;
}

export class KnowledgeGraph {
  private readonly contributions: ContributionTable;
  /** Every node id, whether a file describes it or only an edge names it. */
  private readonly ids = new Numbering();
  /** Titles, containers, descriptions and edge labels: stage roles such as `로그 수집` repeat thousands of times. */
  private readonly texts = new Numbering();
  /** Files numbered in the order they first arrived (bundled knowledge first, then the workspace). */
  private readonly files = new Numbering();
  private edges = new RowTable(E.stride, E.kindSpan);
  /** By edge row: the scope of an edge that also has a label, and the end of a range the row cannot hold (see `E`). */
  private edgeScopes = new Map<number, number>();
  private edgeEnds = new Map<number, number>();
  private nodes = new RowTable(N.stride, N.kind);
  /** By file: its nodes' bodies, one after another (a stage's body is a range of its architecture's). */
  private readonly bodies = new BodyStore();
  /** Sources by node row, for the few nodes that list any (empty lists are not kept), detached from the note text. */
  private sources = new Map<number, string[]>();
  /** By node number: the last edge row leaving / arriving at it, the first version's row, the row shown (-1: none). */
  private lastOut = new Int32Array(1024).fill(-1);
  private lastIn = new Int32Array(1024).fill(-1);
  private firstVersion = new Int32Array(1024).fill(-1);
  private lastVersion = new Int32Array(1024).fill(-1);
  private current = new Int32Array(1024).fill(-1);
  private version = 0;
  /**
   * What `node`, `out` and `in` built, kept for one generation (hovering one name asks for the same
   * nodes and lists again and again), and dropped whole past a budget so that browsing every popular
   * technology does not keep a copy of the graph as objects.
   */
  private sorted = new Map<string, GraphEdge[]>();
  private sortedEdgeCount = 0;
  /** Sorted edge rows by direction, node and kind (4 bytes an edge: kept for the whole generation). */
  private rowLists = new Map<string, Int32Array>();
  /** What `first` found, by direction, kind, count and node. */
  private firstEdges = new Map<string, GraphEdge[]>();
  private built = new Map<string, GraphNode>();
  private cacheVersion = -1;

  constructor() {
    this.contributions = new ContributionTable(this.files);
  }

  /** Bumped on every change; caches derived from the graph compare it. */
  get generation(): number {
    return this.version;
  }

  get fileCount(): number {
    return this.contributions.size;
  }

  /** How many distinct nodes the files describe. */
  /**
   * Replaces everything `contribution.uri` said before with what it says now. Every note enters
   * through `setPacked`: a contribution is packed first, as a parser thread packs it, so there is
   * one way its rows, strings and bodies are written. Its ranges must be in its own file.
   */
  set(contribution: Contribution): void {
    this.setPacked(packNote({ ...contribution, title: '', aliases: [], tags: [], headings: [], wikiLinks: [], diagnostics: [] }));
  }

  /**
   * A note as it arrives packed (from a parser thread, the index cache or `set`): its rows are
   * written straight from the packed numbers, each of its distinct strings numbered once (building
   * the objects first would cost the main thread as much again, and as much in garbage).
   */
  setPacked(packed: PackedNote): void {
    const uri = packed.uri;
    this.remove(uri);
    const file = this.files.numberOf(uri);
    const { strings, nodeFields, nodeLines, edges: e } = packed;
    const nodeCount = nodeLines.length / 2;
    const edgeCount = e.length / PACKED_EDGE.stride;
    const idNumbers = new Int32Array(strings.length).fill(-1);
    const textNumbers = new Int32Array(strings.length).fill(-1);
    const id = (i: number) => (idNumbers[i] >= 0 ? idNumbers[i] : (idNumbers[i] = this.nodeNumber(strings[i])));
    const text = (i: number) => (i < 0 ? -1 : textNumbers[i] >= 0 ? textNumbers[i] : (textNumbers[i] = this.texts.numberOf(strings[i])));
    const stored: StoredContribution = { nodeFirst: this.nodes.rows, nodeCount, edgeFirst: this.edges.rows, edgeCount };
    this.edges.reserve(edgeCount);
    for (let i = 0; i < e.length; i += PACKED_EDGE.stride) {
      const kind = EDGE_KIND_NUMBER.get(strings[e[i + PACKED_EDGE.kind]] as EdgeKind)!;
      const scope = e[i + PACKED_EDGE.scope] < 0 ? -1 : id(e[i + PACKED_EDGE.scope]);
      this.writeEdge(id(e[i + PACKED_EDGE.from]), id(e[i + PACKED_EDGE.to]), kind, text(e[i + PACKED_EDGE.label]), scope, file, e[i + PACKED_EDGE.start], e[i + PACKED_EDGE.end]);
    }
    this.nodes.reserve(nodeCount);
    const ownBodies: (string | undefined)[] = [];
    const parts = new Map<number, { owner: number; start: number }>();
    for (let i = 0; i < nodeCount; i++) {
      const own = nodeFields[i * PACKED_NODE.stride + PACKED_NODE.body];
      ownBodies.push(own >= 0 ? strings[own] : undefined);
      const { bodyRanges } = packed;
      if (bodyRanges[i * 3] >= 0) parts.set(i, { owner: bodyRanges[i * 3], start: bodyRanges[i * 3 + 1] });
    }
    const bodyStarts = this.keepBodies(file, ownBodies, parts);
    for (let i = 0; i < nodeCount; i++) {
      const f = i * PACKED_NODE.stride;
      const row = this.nodes.add();
      const t = this.nodes.data;
      const at = row * N.stride;
      t[at + N.node] = id(nodeFields[f + PACKED_NODE.id]);
      t[at + N.kind] = NODE_KIND_NUMBER.get(strings[nodeFields[f + PACKED_NODE.kind]] as NodeKind)!;
      t[at + N.title] = text(nodeFields[f + PACKED_NODE.title]);
      t[at + N.container] = text(nodeFields[f + PACKED_NODE.container]);
      t[at + N.description] = text(nodeFields[f + PACKED_NODE.description]);
      t[at + N.file] = file;
      t[at + N.start] = nodeLines[i * 2];
      t[at + N.end] = nodeLines[i * 2 + 1];
      t[at + N.owner] = file;
      t[at + N.bodyStart] = bodyStarts[i];
      t[at + N.bodyLength] = parts.has(i) ? packed.bodyRanges[i * 3 + 2] : ownBodies[i]?.length ?? -1;
      const sources = packed.nodeSources[i];
      if (sources?.length) this.sources.set(row, sources.map(detached));
      this.linkVersion(row);
    }
    this.contributions.set(uri, stored);
    this.version++;
  }

  remove(uri: string): boolean {
    const old = this.contributions.get(uri);
    if (!old) return false;
    this.contributions.delete(uri);
    this.bodies.delete(this.files.numberOf(uri));
    const nodes = this.nodes.data;
    for (let row = old.nodeFirst; row < old.nodeFirst + old.nodeCount; row++) {
      nodes[row * N.stride + N.kind] = DEAD;
      this.sources.delete(row);
      const n = nodes[row * N.stride + N.node];
      if (this.current[n] === row) this.current[n] = this.nextLiveVersion(row);
    }
    const edges = this.edges.data;
    for (let row = old.edgeFirst; row < old.edgeFirst + old.edgeCount; row++) edges[row * E.stride + E.kindSpan] = DEAD;
    this.nodes.dead += old.nodeCount;
    this.edges.dead += old.edgeCount;
    this.version++;
    return true;
  }

  /**
   * Drops removed rows once they are a good share of their table; until then they stay linked,
   * and skipped. Not done by `remove`: a compaction of a large graph holds the thread for tens of
   * ms, so it waits until indexing pauses (`KnowledgeBase.settle`). True when it compacted.
   */
  compactIfWorthIt(): boolean {
    return this.worthCompacting && allSteps(this.compactInSteps());
  }

  /** True once removed rows are a good share of either table: see `compactInSteps`. */
  get worthCompacting(): boolean {
    return this.edges.worthCompacting() || this.nodes.worthCompacting();
  }

  private nodeNumber(id: string): number {
    const n = this.ids.numberOf(id);
    if (n >= this.lastOut.length) {
      this.lastOut = grown(this.lastOut, n + 1);
      this.lastIn = grown(this.lastIn, n + 1);
      this.firstVersion = grown(this.firstVersion, n + 1);
      this.lastVersion = grown(this.lastVersion, n + 1);
      this.current = grown(this.current, n + 1);
    }
    return n;
  }

  /** Appends an edge row (label: numbered string, scope: node number, -1: none; start -1: no range). */
  private writeEdge(from: number, to: number, kind: number, label: number, scope: number, file: number, start: number, end: number): void {
    const row = this.edges.add();
    const t = this.edges.data;
    const at = row * E.stride;
    t[at + E.from] = from;
    t[at + E.to] = to;
    let kindSpan = kind;
    if (label >= 0) {
      t[at + E.detail] = label;
      if (scope >= 0) this.edgeScopes.set(row, scope);
    } else if (scope >= 0) {
      t[at + E.detail] = scope;
      kindSpan |= DETAIL_IS_SCOPE;
    } else {
      t[at + E.detail] = -1;
    }
    if (start >= 0) {
      const span = end - start;
      if (span >= 0 && span < SPAN_ELSEWHERE) kindSpan |= span << SPAN_SHIFT;
      else {
        kindSpan |= SPAN_ELSEWHERE << SPAN_SHIFT;
        this.edgeEnds.set(row, end);
      }
    }
    t[at + E.kindSpan] = kindSpan;
    t[at + E.file] = file;
    t[at + E.start] = start;
    this.linkEdge(row);
  }

  /**
   * Keeps a file's bodies as one text; returns where each node's body starts in it (-1: none).
   * `parts` are the nodes whose body lies inside another's (a stage in its architecture's).
   */
  private keepBodies(file: number, bodies: (string | undefined)[], parts: Map<number, { owner: number; start: number }>): Int32Array {
    const starts = new Int32Array(bodies.length).fill(-1);
    const own: string[] = [];
    let length = 0;
    bodies.forEach((body, i) => {
      if (body === undefined || parts.has(i)) return;
      starts[i] = length;
      own.push(body);
      length += body.length;
    });
    for (const [i, part] of parts) if (starts[part.owner] >= 0) starts[i] = starts[part.owner] + part.start;
    this.bodies.set(file, own.length > 0 ? own.join('') : undefined);
    return starts;
  }

  /**
   * Deflates the bodies of the files set since the last call, until `deadline` (a `performance.now()`
   * time); true when none is left. See `BodyStore`.
   */
  settle(deadline?: number): boolean {
    return this.bodies.settle(deadline);
  }

  /** File, start line, end line at `at`; a range in another file than the contribution's is kept as such. */
  private linkEdge(row: number): void {
    linkEdgeRow(this.edges.data, this.lastOut, this.lastIn, row);
  }

  private linkVersion(row: number): void {
    linkVersionRow(this.nodes.data, this.firstVersion, this.lastVersion, this.current, row);
  }

  /** The first live version after `row` (the versions before the one shown are all removed). */
  private nextLiveVersion(row: number): number {
    const t = this.nodes.data;
    for (let next = t[row * N.stride + N.nextVersion]; next >= 0; next = t[next * N.stride + N.nextVersion]) if (t[next * N.stride + N.kind] !== DEAD) return next;
    return -1;
  }

  /**
   * Drops removed rows from both tables and links what is left again, in steps of `ROWS` rows
   * (it takes 50–170 ms at 10k notes in one go): the new tables and links are built beside the ones
   * in use, which answer queries meanwhile, and take over in the last step. A write before then
   * (`set`, `remove`) makes it stop, having changed nothing (false).
   */
  *compactInSteps(): Steps<boolean> {
    const version = this.version;
    const ROWS = 100_000;
    const edges = this.edges.compacted();
    yield;
    if (this.version !== version) return false;
    const nodes = this.nodes.compacted();
    yield;
    if (this.version !== version) return false;
    // One number per node id each; they grow together (see `nodeNumber`).
    const links = () => new Int32Array(this.lastOut.length).fill(-1);
    const [lastOut, lastIn, firstVersion, lastVersion, current] = [links(), links(), links(), links(), links()];
    for (let row = 0; row < edges.table.rows; row++) {
      linkEdgeRow(edges.table.data, lastOut, lastIn, row);
      if (row % ROWS === ROWS - 1) {
        yield;
        if (this.version !== version) return false;
      }
    }
    const sources = new Map<number, string[]>();
    for (let old = 0; old < nodes.moved.length; old++) {
      const row = nodes.moved[old];
      if (row >= 0) {
        const s = this.sources.get(old);
        if (s) sources.set(row, s);
        linkVersionRow(nodes.table.data, firstVersion, lastVersion, current, row);
      }
      if (old % ROWS === ROWS - 1) {
        yield;
        if (this.version !== version) return false;
      }
    }
    const movedKeys = <T>(map: Map<number, T>) => new Map([...map].filter(([old]) => edges.moved[old] >= 0).map(([old, value]) => [edges.moved[old], value]));
    this.edgeScopes = movedKeys(this.edgeScopes);
    this.edgeEnds = movedKeys(this.edgeEnds);
    this.edges = edges.table;
    this.nodes = nodes.table;
    this.lastOut = lastOut;
    this.lastIn = lastIn;
    this.firstVersion = firstVersion;
    this.lastVersion = lastVersion;
    this.current = current;
    this.sources = sources;
    this.contributions.renumber(nodes.moved, edges.moved);
    this.version++;
    return true;
  }

  /** The graph's own copy of node id `id` (one string for every holder), or a detached one if the graph has none. */
  sharedId(id: string): string {
    const n = this.ids.find(id);
    return n === undefined ? detached(id) : this.ids.values[n];
  }

  /** The graph's own copy of a title, container or label. */
  sharedText(text: string): string {
    return this.texts.values[this.texts.numberOf(text)];
  }

  node(id: string): GraphNode | undefined {
    this.checkCaches();
    let node = this.built.get(id);
    if (node) return node;
    const n = this.ids.find(id);
    const row = n === undefined ? -1 : this.current[n];
    if (row < 0) return undefined;
    node = this.nodeAt(row);
    if (this.built.size >= MAX_BUILT_NODES) this.built = new Map();
    this.built.set(id, node);
    return node;
  }

  /** `node(id)` without its body (nothing inflated), built anew: for lists that show titles and places. */
  nodeWithoutBody(id: string): GraphNode | undefined {
    const built = this.built.get(id);
    if (built && this.cacheVersion === this.version) return built;
    const n = this.ids.find(id);
    const row = n === undefined ? -1 : this.current[n];
    return row < 0 ? undefined : this.nodeAt(row, false);
  }

  private checkCaches(): void {
    if (this.cacheVersion === this.version) return;
    this.dropBuilt();
    this.cacheVersion = this.version;
  }

  private dropBuilt(): void {
    this.sorted = new Map();
    this.sortedEdgeCount = 0;
    this.rowLists = new Map();
    this.firstEdges = new Map();
    this.built = new Map();
  }

  /** Forgets the nodes, edge lists and inflated bodies built for requests (they are built again when asked for). */
  dropCaches(): void {
    this.dropBuilt();
    this.bodies.dropCaches();
  }

  /** Every file that contributes node `id`, in file order. */
  ownersOf(id: string): string[] {
    const n = this.ids.find(id);
    if (n === undefined) return [];
    const t = this.nodes.data;
    const owners: number[] = [];
    for (let row = this.firstVersion[n]; row >= 0; row = t[row * N.stride + N.nextVersion]) {
      if (t[row * N.stride + N.kind] !== DEAD) owners.push(t[row * N.stride + N.owner]);
    }
    return owners.sort((a, b) => a - b).map((file) => this.files.values[file]);
  }

  /** Every node (the version shown), optionally of one kind. */
  *allNodes(kind?: NodeKind): IterableIterator<GraphNode> {
    const wanted = kind === undefined ? -2 : NODE_KIND_NUMBER.get(kind)!;
    const t = this.nodes.data;
    for (let n = 0; n < this.ids.values.length; n++) {
      const row = this.current[n];
      if (row >= 0 && (wanted === -2 || t[row * N.stride + N.kind] === wanted)) yield this.nodeAt(row);
    }
  }

  /** Every node's id and place (the version shown), of one kind: no node built, no body read. */
  *allPlaces(kind: NodeKind): IterableIterator<{ id: string; uri: string | undefined; line: number }> {
    const wanted = NODE_KIND_NUMBER.get(kind)!;
    const t = this.nodes.data;
    for (let n = 0; n < this.ids.values.length; n++) {
      const row = this.current[n];
      if (row < 0 || t[row * N.stride + N.kind] !== wanted) continue;
      const at = row * N.stride;
      yield { id: this.ids.values[n], uri: t[at + N.start] < 0 ? undefined : this.files.values[t[at + N.file]], line: t[at + N.start] };
    }
  }

  private nodeAt(row: number, withBody = true): GraphNode {
    const t = this.nodes.data;
    const at = row * N.stride;
    const node: GraphNode = { id: this.ids.values[t[at + N.node]], kind: NODE_KINDS[t[at + N.kind]], title: this.texts.values[t[at + N.title]] };
    if (t[at + N.container] >= 0) node.container = this.texts.values[t[at + N.container]];
    if (t[at + N.description] >= 0) node.description = this.texts.values[t[at + N.description]];
    const bodyStart = t[at + N.bodyStart];
    if (bodyStart >= 0 && withBody) node.body = this.bodies.slice(t[at + N.owner], bodyStart, t[at + N.bodyLength]);
    const sources = this.sources.get(row);
    if (sources) node.sources = sources;
    if (t[at + N.start] >= 0) node.location = { uri: this.files.values[t[at + N.file]], startLine: t[at + N.start], endLine: t[at + N.end] };
    return node;
  }

  /** Edges leaving `id` in note order. The array is shared: do not modify it. */
  out(id: string, kind?: EdgeKind): readonly GraphEdge[] {
    return this.edgeList('>', id, kind);
  }

  /** Edges arriving at `id` in note order. The array is shared: do not modify it. */
  in(id: string, kind?: EdgeKind): readonly GraphEdge[] {
    return this.edgeList('<', id, kind);
  }

  /** `in(id, kind)`, built one edge at a time as it is read: for long lists read only in part (a hover's first few). */
  *iterateIn(id: string, kind?: EdgeKind): IterableIterator<GraphEdge> {
    for (const row of this.sortedRows('<', id, kind)) yield this.edgeAt(row);
  }

  *iterateOut(id: string, kind?: EdgeKind): IterableIterator<GraphEdge> {
    for (const row of this.sortedRows('>', id, kind)) yield this.edgeAt(row);
  }

  /**
   * Whether any live edge of `kind` leaves `id`: a walk of its list to the first one, nothing sorted
   * or built (the Architectures view asks this of ten thousand topics and their stages).
   */
  hasOut(id: string, kind: EdgeKind): boolean {
    return this.firstRow('>', id, kind) >= 0;
  }

  /** The node that some live edge of `kind` arriving at `id` comes from (a stage's one owner), unsorted and unbuilt. */
  anySource(id: string, kind: EdgeKind): string | undefined {
    const row = this.firstRow('<', id, kind);
    return row < 0 ? undefined : this.ids.values[this.edges.data[row * E.stride + E.from]];
  }

  /**
   * The live edges of `kind` leaving (`>`) or arriving at (`<`) `id`, in table order (not note order):
   * the node at the other end and where the edge is written. Nothing sorted, cached or built beyond that.
   */
  *links(direction: '>' | '<', id: string, kind: EdgeKind): IterableIterator<{ other: string; uri: string | undefined; line: number }> {
    const n = this.ids.find(id);
    const k = EDGE_KIND_NUMBER.get(kind)!;
    const t = this.edges.data;
    const [next, other] = direction === '>' ? [E.nextOut, E.to] : [E.nextIn, E.from];
    for (let row = n === undefined ? -1 : (direction === '>' ? this.lastOut : this.lastIn)[n]; row >= 0; row = t[row * E.stride + next]) {
      const at = row * E.stride;
      if (t[at + E.kindSpan] === DEAD || (t[at + E.kindSpan] & KIND_MASK) !== k) continue;
      yield { other: this.ids.values[t[at + other]], uri: t[at + E.start] < 0 ? undefined : this.files.values[t[at + E.file]], line: t[at + E.start] };
    }
  }

  /** How many live edges of `kind` arrive at `id`: a walk of its list, nothing sorted or kept. */
  countLinksIn(id: string, kind: EdgeKind): number {
    const n = this.ids.find(id);
    const k = EDGE_KIND_NUMBER.get(kind)!;
    const t = this.edges.data;
    let count = 0;
    for (let row = n === undefined ? -1 : this.lastIn[n]; row >= 0; row = t[row * E.stride + E.nextIn]) {
      const kindSpan = t[row * E.stride + E.kindSpan];
      if (kindSpan !== DEAD && (kindSpan & KIND_MASK) === k) count++;
    }
    return count;
  }

  private firstRow(direction: '>' | '<', id: string, kind: EdgeKind): number {
    const n = this.ids.find(id);
    if (n === undefined) return -1;
    const k = EDGE_KIND_NUMBER.get(kind)!;
    const t = this.edges.data;
    const next = direction === '>' ? E.nextOut : E.nextIn;
    for (let row = (direction === '>' ? this.lastOut : this.lastIn)[n]; row >= 0; row = t[row * E.stride + next]) {
      const kindSpan = t[row * E.stride + E.kindSpan];
      if (kindSpan !== DEAD && (kindSpan & KIND_MASK) === k) return row;
    }
    return -1;
  }

  /**
   * The first `count` live edges of `kind` leaving (`>`) or arriving at (`<`) `id`, in note order,
   * found in one walk of the node's list, nothing sorted: what a hover shows of a technology that
   * thousands of stages use. Its sorted list (`in`) would be built again after every change of the
   * graph, and while notes are indexed the graph changes every few ms. Kept for the generation,
   * as the lists are (hovering one name asks again and again). Shared: do not modify.
   */
  first(direction: '>' | '<', id: string, kind: EdgeKind, count: number): readonly GraphEdge[] {
    this.checkCaches();
    const key = `${direction}${kind}:${count}:${id}`;
    let edges = this.firstEdges.get(key);
    if (!edges) this.firstEdges.set(key, (edges = this.walkFirst(direction, id, kind, count)));
    return edges;
  }

  private walkFirst(direction: '>' | '<', id: string, kind: EdgeKind, count: number): GraphEdge[] {
    const n = this.ids.find(id);
    if (n === undefined || count <= 0) return [];
    const k = EDGE_KIND_NUMBER.get(kind)!;
    const t = this.edges.data;
    const next = direction === '>' ? E.nextOut : E.nextIn;
    // The best so far, in note order: file (-1 without a range), line, then row, as `sortedRows` orders them.
    const best: { row: number; file: number; line: number }[] = [];
    const before = (file: number, line: number, row: number, b: { row: number; file: number; line: number }) => file - b.file || line - b.line || row - b.row;
    for (let row = (direction === '>' ? this.lastOut : this.lastIn)[n]; row >= 0; row = t[row * E.stride + next]) {
      const at = row * E.stride;
      const kindSpan = t[at + E.kindSpan];
      if (kindSpan === DEAD || (kindSpan & KIND_MASK) !== k) continue;
      const file = t[at + E.start] < 0 ? -1 : t[at + E.file];
      const line = Math.max(0, t[at + E.start]);
      if (best.length === count && before(file, line, row, best[count - 1]) >= 0) continue;
      let i = best.length;
      while (i > 0 && before(file, line, row, best[i - 1]) < 0) i--;
      best.splice(i, 0, { row, file, line });
      if (best.length > count) best.pop();
    }
    return best.map((b) => this.edgeAt(b.row));
  }

  /** `in(id, kind).length` without building the edges. */
  countIn(id: string, kind?: EdgeKind): number {
    return this.sortedRows('<', id, kind).length;
  }

  private edgeList(direction: '>' | '<', id: string, kind: EdgeKind | undefined): GraphEdge[] {
    this.checkCaches();
    const key = `${direction}${kind ?? ''}:${id}`;
    let edges = this.sorted.get(key);
    if (!edges) {
      edges = Array.from(this.sortedRows(direction, id, kind), (row) => this.edgeAt(row));
      if (edges.length > MAX_BUILT_EDGES / 4) return edges; // a popular technology's whole list: not kept
      if (this.sortedEdgeCount + edges.length > MAX_BUILT_EDGES) {
        this.sorted = new Map();
        this.sortedEdgeCount = 0;
      }
      this.sorted.set(key, edges);
      this.sortedEdgeCount += edges.length;
    }
    return edges;
  }

  /**
   * Rows of the live edges of one kind (any: undefined) leaving or arriving at `id`, in the order
   * the notes wrote them: by file, then by line. One walk of the node's list serves every kind (a
   * hover asks for four kinds of a technology that thousands of stages use).
   */
  private sortedRows(direction: '>' | '<', id: string, kind: EdgeKind | undefined): Int32Array {
    this.checkCaches();
    const key = `${direction}${kind ?? ''}:${id}`;
    const known = this.rowLists.get(key);
    if (known) return known;
    const n = this.ids.find(id);
    const t = this.edges.data;
    const next = direction === '>' ? E.nextOut : E.nextIn;
    // File and line are read in the same walk, while each row is at hand (rows lie all over the table).
    const picked: number[] = [];
    const files: number[] = [];
    const lines: number[] = [];
    for (let row = n === undefined ? -1 : (direction === '>' ? this.lastOut : this.lastIn)[n]; row >= 0; row = t[row * E.stride + next]) {
      const at = row * E.stride;
      if (t[at + E.kindSpan] === DEAD) continue;
      picked.push(row);
      files.push(t[at + E.start] < 0 ? -1 : t[at + E.file]);
      lines.push(Math.max(0, t[at + E.start]));
    }
    const all = inNoteOrder(picked.reverse(), files.reverse(), lines.reverse());
    const counts = new Int32Array(EDGE_KINDS.length);
    for (const row of all) counts[t[row * E.stride + E.kindSpan] & KIND_MASK]++;
    const byKind = EDGE_KINDS.map((_, k) => new Int32Array(counts[k]));
    counts.fill(0);
    for (const row of all) {
      const k = t[row * E.stride + E.kindSpan] & KIND_MASK;
      byKind[k][counts[k]++] = row;
    }
    this.rowLists.set(`${direction}:${id}`, all);
    EDGE_KINDS.forEach((k, i) => this.rowLists.set(`${direction}${k}:${id}`, byKind[i]));
    return this.rowLists.get(key)!;
  }

  private edgeAt(row: number): GraphEdge {
    const t = this.edges.data;
    const at = row * E.stride;
    const kindSpan = t[at + E.kindSpan];
    const edge: GraphEdge = { from: this.ids.values[t[at + E.from]], to: this.ids.values[t[at + E.to]], kind: EDGE_KINDS[kindSpan & KIND_MASK] };
    const detail = t[at + E.detail];
    if (detail >= 0) {
      if (kindSpan & DETAIL_IS_SCOPE) edge.scope = this.ids.values[detail];
      else {
        edge.label = this.texts.values[detail];
        const scope = this.edgeScopes.get(row);
        if (scope !== undefined) edge.scope = this.ids.values[scope];
      }
    }
    const start = t[at + E.start];
    if (start >= 0) {
      const span = kindSpan >>> SPAN_SHIFT;
      edge.location = { uri: this.files.values[t[at + E.file]], startLine: start, endLine: span === SPAN_ELSEWHERE ? this.edgeEnds.get(row)! : start + span };
    }
    return edge;
  }

  /** What `uri` contributes, rebuilt in the order it was given. */
  contribution(uri: string): Contribution | undefined {
    const c = this.contributions.get(uri);
    if (!c) return undefined;
    const edges: GraphEdge[] = [];
    for (let row = c.edgeFirst; row < c.edgeFirst + c.edgeCount; row++) edges.push(this.edgeAt(row));
    return { uri, nodes: this.nodesOf(uri)!, edges };
  }

  /** The nodes `uri` contributes (its own versions), without its edges. */
  nodesOf(uri: string): GraphNode[] | undefined {
    const c = this.contributions.get(uri);
    if (!c) return undefined;
    const nodes: GraphNode[] = [];
    for (let row = c.nodeFirst; row < c.nodeFirst + c.nodeCount; row++) nodes.push(this.nodeAt(row));
    return nodes;
  }

  /** The ids of the nodes `uri` contributes. */
  nodeIdsOf(uri: string): string[] {
    const c = this.contributions.get(uri);
    if (!c) return [];
    const ids: string[] = [];
    for (let row = c.nodeFirst; row < c.nodeFirst + c.nodeCount; row++) ids.push(this.ids.values[this.nodes.data[row * N.stride + N.node]]);
    return ids;
  }

  orderOf(uri: string): number {
    return this.files.find(uri) ?? Number.MAX_SAFE_INTEGER;
  }
}

/**
 * Edge rows (ascending, with each one's file, -1 without a range, and line) put in note order:
 * by file, then by line. A note's edges are added at once, so the live rows of one file are
 * consecutive and the files mostly in order: only a few rows of each file need moving, unless
 * notes set again came last (a comparison sort of a popular technology's edges is slow enough to feel in a hover).
 */
function inNoteOrder(rows: number[], files: number[], lines: number[]): Int32Array {
  const count = rows.length;
  const order = new Int32Array(count);
  for (let i = 0; i < count; i++) order[i] = i;
  const before = (a: number, b: number) => files[a] - files[b] || lines[a] - lines[b] || rows[a] - rows[b];
  let inOrder = true;
  for (let i = 1; i < count && inOrder; i++) inOrder = before(i - 1, i) <= 0;
  // Not an insertion sort, though the rows are nearly in order: one note of 20,000 mentions out of
  // line order made it quadratic (50 ms a hover).
  if (!inOrder) order.sort(before);
  const sorted = new Int32Array(count);
  for (let i = 0; i < count; i++) sorted[i] = rows[order[i]];
  return sorted;
}

/**
 * Where each file's rows lie, by file number: four numbers a file in one array instead of a Map
 * of objects, which would cost an object per file. A node count of -1 marks a file that contributes nothing now.
 */
class ContributionTable {
  private table = new Int32Array(4 * 1024).fill(-1);
  size = 0;

  constructor(private readonly files: Numbering) {}

  get(uri: string): StoredContribution | undefined {
    const at = this.at(uri);
    if (at < 0) return undefined;
    const t = this.table;
    return { nodeFirst: t[at], nodeCount: t[at + 1], edgeFirst: t[at + 2], edgeCount: t[at + 3] };
  }

  has(uri: string): boolean {
    return this.at(uri) >= 0;
  }

  set(uri: string, c: StoredContribution): void {
    const at = this.files.numberOf(uri) * 4;
    if (at >= this.table.length) this.table = grown(this.table, at * 2 + 4);
    if (this.table[at + 1] < 0) this.size++;
    this.table.set([c.nodeFirst, c.nodeCount, c.edgeFirst, c.edgeCount], at);
  }

  delete(uri: string): void {
    const at = this.at(uri);
    if (at < 0) return;
    this.table[at + 1] = -1;
    this.size--;
  }

  /** Follows the rows as a compaction moved them (`moved[old row]` is the new one). */
  renumber(movedNodes: Int32Array, movedEdges: Int32Array): void {
    const t = this.table;
    for (let at = 0; at < t.length; at += 4) {
      if (t[at + 1] < 0) continue;
      if (t[at + 1] > 0) t[at] = movedNodes[t[at]];
      if (t[at + 3] > 0) t[at + 2] = movedEdges[t[at + 2]];
    }
  }

  private at(uri: string): number {
    const file = this.files.find(uri);
    const at = file === undefined ? -1 : file * 4;
    return at >= 0 && at < this.table.length && this.table[at + 1] >= 0 ? at : -1;
  }
}

/** Rows of `stride` numbers in one growing typed array; the kind column holds `DEAD` once a row is removed. */
class RowTable {
  data: Int32Array<ArrayBuffer>;
  rows = 0;
  dead = 0;

  constructor(private readonly stride: number, private readonly kindColumn: number) {
    this.data = new Int32Array(1024 * stride);
  }

  reserve(more: number): void {
    const needed = (this.rows + more) * this.stride;
    if (needed <= this.data.length) return;
    const bigger = new Int32Array(Math.max(needed, Math.ceil((this.data.length * 1.5) / this.stride) * this.stride));
    bigger.set(this.data.subarray(0, this.rows * this.stride));
    this.data = bigger;
  }

  add(): number {
    this.reserve(1);
    return this.rows++;
  }

  worthCompacting(): boolean {
    return this.dead > 10_000 && this.dead > (this.rows - this.dead) / 4;
  }

  /** A copy without the dead rows, keeping the order of the others, and each old row's new number (-1: dropped). */
  compacted(): { table: RowTable; moved: Int32Array } {
    const { stride } = this;
    const moved = new Int32Array(this.rows).fill(-1);
    let live = 0;
    for (let row = 0; row < this.rows; row++) if (this.data[row * stride + this.kindColumn] !== DEAD) moved[row] = live++;
    const table = new RowTable(stride, this.kindColumn);
    table.data = new Int32Array(Math.max(1024, Math.ceil(live * 1.5)) * stride);
    for (let row = 0; row < this.rows; row++) if (moved[row] >= 0) table.data.set(this.data.subarray(row * stride, row * stride + stride), moved[row] * stride);
    table.rows = live;
    return { table, moved };
  }
}

/** Numbers strings in the order they are first seen; each is kept once, detached from the text it was cut from. */
class Numbering {
  readonly values: string[] = [];
  private readonly numbers = new StringIndex((n) => this.values[n]);

  numberOf(value: string): number {
    let n = this.numbers.get(value);
    if (n === undefined) {
      n = this.values.length;
      this.values.push(detached(value));
      this.numbers.set(n);
    }
    return n;
  }

  find(value: string): number | undefined {
    return this.numbers.get(value);
  }
}

/** Links edge row `row` at the head of its nodes' out and in lists (`lastOut`, `lastIn` by node number). */
function linkEdgeRow(t: Int32Array, lastOut: Int32Array, lastIn: Int32Array, row: number): void {
  const at = row * E.stride;
  t[at + E.nextOut] = lastOut[t[at + E.from]];
  lastOut[t[at + E.from]] = row;
  t[at + E.nextIn] = lastIn[t[at + E.to]];
  lastIn[t[at + E.to]] = row;
}

/** Appends node row `row` to its node's versions; the first live version is the one shown. */
function linkVersionRow(t: Int32Array, firstVersion: Int32Array, lastVersion: Int32Array, current: Int32Array, row: number): void {
  const n = t[row * N.stride + N.node];
  t[row * N.stride + N.nextVersion] = -1;
  // A company described in thousands of notes has thousands of versions: append at the tail.
  if (firstVersion[n] < 0) firstVersion[n] = row;
  else t[lastVersion[n] * N.stride + N.nextVersion] = row;
  lastVersion[n] = row;
  if (current[n] < 0) current[n] = row;
}

function grown(array: Int32Array<ArrayBuffer>, size: number): Int32Array<ArrayBuffer> {
  const bigger = new Int32Array(Math.max(size, array.length * 2)).fill(-1);
  bigger.set(array);
  return bigger;
}
