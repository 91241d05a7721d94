/**
 * The knowledge graph, kept as one contribution per file so that a changed note
 * replaces only its own nodes and edges. Nodes that several files describe (a
 * company in two notes) stay while any file still contributes them.
 */
import { GraphEdge, GraphNode } from './model';

export interface Contribution {
  uri: string;
  nodes: GraphNode[];
  edges: GraphEdge[];
}

export class KnowledgeGraph {
  private readonly contributions = new Map<string, Contribution>();
  private readonly nodes = new Map<string, { node: GraphNode; owners: string[] }>();
  /**
   * Adjacency lists. Arrays, not sets (665k edges at 10k notes: a set entry costs several
   * times an array slot); removed edges are only marked dead and skipped, and the lists
   * are compacted once dead edges are a good share of them, so removing a note never
   * scans a popular technology's list of tens of thousands.
   */
  private readonly outgoing = new Map<string, GraphEdge[]>();
  private readonly incoming = new Map<string, GraphEdge[]>();
  private dead = new Set<GraphEdge>();
  private edgeCount = 0;
  /** Order in which files first arrived: bundled knowledge first, then the workspace. */
  private readonly fileOrder = new Map<string, number>();
  private nextOrder = 0;
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
    if (!this.fileOrder.has(contribution.uri)) this.fileOrder.set(contribution.uri, this.nextOrder++);
    this.contributions.set(contribution.uri, contribution);
    for (const node of contribution.nodes) {
      const existing = this.nodes.get(node.id);
      if (existing) existing.owners.push(contribution.uri);
      else this.nodes.set(node.id, { node, owners: [contribution.uri] });
    }
    // The same edge objects coming back (a contribution set again) must not stay marked dead.
    if (this.dead.size > 0 && contribution.edges.some((edge) => this.dead.has(edge))) this.compact();
    for (const edge of contribution.edges) {
      addTo(this.outgoing, edge.from, edge);
      addTo(this.incoming, edge.to, edge);
    }
    this.edgeCount += contribution.edges.length;
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
    for (const edge of old.edges) this.dead.add(edge);
    this.edgeCount -= old.edges.length;
    if (this.dead.size > 10_000 && this.dead.size > this.edgeCount / 4) this.compact();
    this.version++;
    return true;
  }

  /** Drops dead edges from every list. */
  private compact(): void {
    for (const index of [this.outgoing, this.incoming]) {
      for (const [id, edges] of index) {
        const live = edges.filter((edge) => !this.dead.has(edge));
        if (live.length === 0) index.delete(id);
        else if (live.length !== edges.length) index.set(id, live);
      }
    }
    this.dead = new Set();
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
  out(id: string, kind?: GraphEdge['kind']): readonly GraphEdge[] {
    return this.cached('>', id, kind, this.outgoing);
  }

  /** Edges arriving at `id` in note order. The array is shared: do not modify it. */
  in(id: string, kind?: GraphEdge['kind']): readonly GraphEdge[] {
    return this.cached('<', id, kind, this.incoming);
  }

  private cached(direction: string, id: string, kind: GraphEdge['kind'] | undefined, index: Map<string, GraphEdge[]>): GraphEdge[] {
    if (this.sortedVersion !== this.version) {
      this.sorted = new Map();
      this.sortedVersion = this.version;
    }
    const key = `${direction}${kind ?? ''}:${id}`;
    let edges = this.sorted.get(key);
    if (!edges) this.sorted.set(key, (edges = this.sortEdges(this.live(index.get(id), kind))));
    return edges;
  }

  private live(edges: GraphEdge[] | undefined, kind?: GraphEdge['kind']): GraphEdge[] {
    if (!edges) return [];
    const out: GraphEdge[] = [];
    const dead = this.dead.size > 0 ? this.dead : undefined;
    for (const edge of edges) if ((!kind || edge.kind === kind) && !dead?.has(edge)) out.push(edge);
    return out;
  }

  contribution(uri: string): Contribution | undefined {
    return this.contributions.get(uri);
  }

  orderOf(uri: string): number {
    return this.fileOrder.get(uri) ?? Number.MAX_SAFE_INTEGER;
  }

  /** Edges in the order the notes wrote them: by file, then by line. */
  private sortEdges(edges: GraphEdge[]): GraphEdge[] {
    return edges.sort((a, b) => {
      const fa = a.location ? this.orderOf(a.location.uri) : -1;
      const fb = b.location ? this.orderOf(b.location.uri) : -1;
      return fa - fb || (a.location?.startLine ?? 0) - (b.location?.startLine ?? 0);
    });
  }
}

function addTo(map: Map<string, GraphEdge[]>, key: string, edge: GraphEdge): void {
  const list = map.get(key);
  if (list) list.push(edge);
  else map.set(key, [edge]);
}

function* mapIterator<T, U>(it: IterableIterator<T>, fn: (t: T) => U): IterableIterator<U> {
  for (const item of it) yield fn(item);
}
