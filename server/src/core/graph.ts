/**
 * The knowledge graph, kept as one contribution per file so that a changed note
 * replaces only its own nodes and edges. Nodes that several files describe (a
 * company in two notes) stay while any file still contributes them.
 *
 * Edges are stored as numbers, not objects: at 10k notes there are 665k of them, and as
 * objects with their ranges they took 110 MB with their adjacency lists; as columns of
 * one typed array (node numbers, kind, label, range) they take about a fifth of that.
 * `out` and `in` build `GraphEdge` objects for the lists asked for, once per generation.
 */
import { EdgeKind, GraphEdge, GraphNode } from './model';

export interface Contribution {
  uri: string;
  nodes: GraphNode[];
  edges: GraphEdge[];
}

const EDGE_KINDS: readonly EdgeKind[] = ['has-architecture', 'has-stage', 'uses', 'related', 'mentions', 'flows-to'];
const KIND_NUMBER = new Map(EDGE_KINDS.map((kind, i) => [kind, i]));
/**
 * Columns per edge: from, to, kind (-1 once removed), label, scope (-1: none), file, start line (-1: no
 * range), end line, then the previous edge leaving the same node and the previous edge arriving at the
 * same node (-1: none). Those two make each node's adjacency a linked list inside the table: a plain
 * array per node cost more than the edges themselves (a one-element array that grows reserves 17 slots).
 */
const STRIDE = 10;
const NEXT_OUT = 8;
const NEXT_IN = 9;
const DEAD = -1;

interface StoredContribution {
  uri: string;
  nodes: GraphNode[];
  /** This file's edges are rows [first, first + count) of the edge table. */
  first: number;
  count: number;
}

export class KnowledgeGraph {
  private readonly contributions = new Map<string, StoredContribution>();
  private readonly nodes = new Map<string, { node: GraphNode; owners: string[] }>();
  /** Every id an edge has named; edges refer to nodes by number. */
  private readonly ids = new Numbering();
  private readonly labels = new Numbering();
  private table = new Int32Array(1024 * STRIDE);
  private rows = 0;
  private deadRows = 0;
  /** By node number: the last edge row leaving / arriving at it (-1: none); see NEXT_OUT and NEXT_IN. */
  private lastOut = new Int32Array(1024).fill(-1);
  private lastIn = new Int32Array(1024).fill(-1);
  /** Files numbered in the order they first arrived (bundled knowledge first, then the workspace); edge rows refer to them by number. */
  private readonly files = new Numbering();
  private version = 0;
  /** Sorted edge lists by direction, node and kind, valid for one generation (a popular technology has tens of thousands). */
  private sorted = new Map<string, GraphEdge[]>();
  private sortedVersion = -1;

  /** Bumped on every change; caches derived from the graph compare it. */
  get generation(): number {
    return this.version;
  }

  get fileCount(): number {
    return this.contributions.size;
  }

  /** Replaces everything `contribution.uri` said before with what it says now. */
  set(contribution: Contribution): void {
    this.remove(contribution.uri);
    const file = this.fileNumber(contribution.uri);
    const first = this.rows;
    this.reserve(contribution.edges.length);
    for (const edge of contribution.edges) this.addRow(edge, file);
    this.contributions.set(contribution.uri, { uri: contribution.uri, nodes: contribution.nodes, first, count: contribution.edges.length });
    for (const node of contribution.nodes) {
      const existing = this.nodes.get(node.id);
      if (existing) existing.owners.push(contribution.uri);
      else this.nodes.set(node.id, { node, owners: [contribution.uri] });
    }
    this.version++;
  }

  remove(uri: string): boolean {
    const old = this.contributions.get(uri);
    if (!old) return false;
    this.contributions.delete(uri);
    for (const node of old.nodes) {
      const entry = this.nodes.get(node.id);
      if (!entry) continue;
      entry.owners = entry.owners.filter((owner) => owner !== uri);
      if (entry.owners.length === 0) this.nodes.delete(node.id);
      else if (entry.node === node) entry.node = this.contributions.get(entry.owners[0])!.nodes.find((n) => n.id === node.id)!;
    }
    for (let row = old.first; row < old.first + old.count; row++) this.table[row * STRIDE + 2] = DEAD;
    this.deadRows += old.count;
    // Removed rows stay in the adjacency lists (skipped) until they are a good share of the table.
    if (this.deadRows > 10_000 && this.deadRows > (this.rows - this.deadRows) / 4) this.compact();
    this.version++;
    return true;
  }

  private fileNumber(uri: string): number {
    return this.files.numberOf(uri);
  }

  private nodeNumber(id: string): number {
    const n = this.ids.numberOf(id);
    if (n >= this.lastOut.length) {
      this.lastOut = grown(this.lastOut, n + 1);
      this.lastIn = grown(this.lastIn, n + 1);
    }
    return n;
  }

  private reserve(more: number): void {
    const needed = (this.rows + more) * STRIDE;
    if (needed <= this.table.length) return;
    const bigger = new Int32Array(Math.max(needed, Math.ceil(this.table.length * 1.5 / STRIDE) * STRIDE));
    bigger.set(this.table.subarray(0, this.rows * STRIDE));
    this.table = bigger;
  }

  private addRow(edge: GraphEdge, file: number): void {
    const row = this.rows++;
    const t = this.table;
    const at = row * STRIDE;
    const from = this.nodeNumber(edge.from);
    const to = this.nodeNumber(edge.to);
    t[at] = from;
    t[at + 1] = to;
    t[at + 2] = KIND_NUMBER.get(edge.kind)!;
    t[at + 3] = edge.label === undefined ? -1 : this.labels.numberOf(edge.label);
    t[at + 4] = edge.scope === undefined ? -1 : this.nodeNumber(edge.scope);
    const loc = edge.location;
    t[at + 5] = loc ? (loc.uri === this.files.values[file] ? file : this.fileNumber(loc.uri)) : file;
    t[at + 6] = loc ? loc.startLine : -1;
    t[at + 7] = loc ? loc.endLine : -1;
    this.link(row);
  }

  private link(row: number): void {
    const at = row * STRIDE;
    const from = this.table[at];
    const to = this.table[at + 1];
    this.table[at + NEXT_OUT] = this.lastOut[from];
    this.lastOut[from] = row;
    this.table[at + NEXT_IN] = this.lastIn[to];
    this.lastIn[to] = row;
  }

  /** Drops removed rows from the table and links the adjacency lists again. */
  private compact(): void {
    const old = this.table;
    const moved = new Int32Array(this.rows).fill(-1);
    let live = 0;
    for (let row = 0; row < this.rows; row++) if (old[row * STRIDE + 2] !== DEAD) moved[row] = live++;
    this.table = new Int32Array(Math.max(1024, Math.ceil(live * 1.5)) * STRIDE);
    this.lastOut.fill(-1);
    this.lastIn.fill(-1);
    for (let row = 0; row < this.rows; row++) {
      if (moved[row] < 0) continue;
      this.table.set(old.subarray(row * STRIDE, row * STRIDE + STRIDE), moved[row] * STRIDE);
      this.link(moved[row]);
    }
    for (const c of this.contributions.values()) if (c.count > 0) c.first = moved[c.first];
    this.rows = live;
    this.deadRows = 0;
  }

  has(uri: string): boolean {
    return this.contributions.has(uri);
  }

  node(id: string): GraphNode | undefined {
    return this.nodes.get(id)?.node;
  }

  /** Every file that contributes node `id`, in file order. */
  ownersOf(id: string): string[] {
    return [...(this.nodes.get(id)?.owners ?? [])].sort((a, b) => this.orderOf(a) - this.orderOf(b));
  }

  allNodes(): IterableIterator<GraphNode> {
    return mapIterator(this.nodes.values(), (entry) => entry.node);
  }

  /** Edges leaving `id` in note order. The array is shared: do not modify it. */
  out(id: string, kind?: EdgeKind): readonly GraphEdge[] {
    return this.cached('>', id, kind);
  }

  /** Edges arriving at `id` in note order. The array is shared: do not modify it. */
  in(id: string, kind?: EdgeKind): readonly GraphEdge[] {
    return this.cached('<', id, kind);
  }

  private cached(direction: '>' | '<', id: string, kind: EdgeKind | undefined): GraphEdge[] {
    if (this.sortedVersion !== this.version) {
      this.sorted = new Map();
      this.sortedVersion = this.version;
    }
    const key = `${direction}${kind ?? ''}:${id}`;
    let edges = this.sorted.get(key);
    if (!edges) {
      const n = this.ids.find(id);
      edges = n === undefined ? [] : this.sortedEdges(direction, n, kind === undefined ? -2 : KIND_NUMBER.get(kind)!);
      this.sorted.set(key, edges);
    }
    return edges;
  }

  /** Live edges of one kind (-2: any) leaving or arriving at node `n`, in the order the notes wrote them: by file, then by line. */
  private sortedEdges(direction: '>' | '<', n: number, kind: number): GraphEdge[] {
    const t = this.table;
    const picked: number[] = [];
    const next = direction === '>' ? NEXT_OUT : NEXT_IN;
    for (let row = (direction === '>' ? this.lastOut : this.lastIn)[n]; row >= 0; row = t[row * STRIDE + next]) {
      const k = t[row * STRIDE + 2];
      if (k !== DEAD && (kind === -2 || k === kind)) picked.push(row);
    }
    // Without a range an edge sorts first (file -1); the file number is the file's arrival order.
    const fileOf = (row: number) => (t[row * STRIDE + 6] < 0 ? -1 : t[row * STRIDE + 5]);
    picked.sort((a, b) => fileOf(a) - fileOf(b) || Math.max(0, t[a * STRIDE + 6]) - Math.max(0, t[b * STRIDE + 6]) || a - b);
    return picked.map((row) => this.edgeAt(row));
  }

  private edgeAt(row: number): GraphEdge {
    const t = this.table;
    const at = row * STRIDE;
    const edge: GraphEdge = { from: this.ids.values[t[at]], to: this.ids.values[t[at + 1]], kind: EDGE_KINDS[t[at + 2]] };
    if (t[at + 3] >= 0) edge.label = this.labels.values[t[at + 3]];
    if (t[at + 4] >= 0) edge.scope = this.ids.values[t[at + 4]];
    if (t[at + 6] >= 0) edge.location = { uri: this.files.values[t[at + 5]], startLine: t[at + 6], endLine: t[at + 7] };
    return edge;
  }

  /** What `uri` contributes: its nodes, and its edges rebuilt in the order it gave them. */
  contribution(uri: string): Contribution | undefined {
    const c = this.contributions.get(uri);
    if (!c) return undefined;
    const edges: GraphEdge[] = [];
    for (let row = c.first; row < c.first + c.count; row++) edges.push(this.edgeAt(row));
    return { uri, nodes: c.nodes, edges };
  }

  /** The nodes `uri` contributes, without rebuilding its edges. */
  nodesOf(uri: string): readonly GraphNode[] | undefined {
    return this.contributions.get(uri)?.nodes;
  }

  orderOf(uri: string): number {
    return this.files.find(uri) ?? Number.MAX_SAFE_INTEGER;
  }
}

/** Numbers strings in the order they are first seen. */
class Numbering {
  private readonly numbers = new Map<string, number>();
  readonly values: string[] = [];

  numberOf(value: string): number {
    let n = this.numbers.get(value);
    if (n === undefined) {
      n = this.values.length;
      this.numbers.set(value, n);
      this.values.push(value);
    }
    return n;
  }

  find(value: string): number | undefined {
    return this.numbers.get(value);
  }
}

function grown(array: Int32Array<ArrayBuffer>, size: number): Int32Array<ArrayBuffer> {
  const bigger = new Int32Array(Math.max(size, array.length * 2)).fill(-1);
  bigger.set(array);
  return bigger;
}

function* mapIterator<T, U>(it: IterableIterator<T>, fn: (t: T) => U): IterableIterator<U> {
  for (const item of it) yield fn(item);
}
