/**
 * What the details view, the hovers and the graph view show of one entity, built from the
 * knowledge base's graph on request: its users (company › architecture › stage), relations,
 * data flows, mentions and parts. The knowledge base keeps the knowledge; this reads it.
 */
import type { KnowledgeBase } from '../core/knowledgeBase';
import { EdgeKind, entryIdOf, GraphEdge, GraphNode } from '../core/model';
import type { EntityDetails, GraphView, UsedBy } from '../protocol';

/** The knowledge base's read side, as the views use it. */
export type KnowledgeQueries = Pick<KnowledgeBase, 'graph' | 'glossaryEntry' | 'definitions' | 'version'>;

export class EntityViews {
  constructor(private readonly kb: KnowledgeQueries) {}

  /** Changes whenever the knowledge does: what was built from it may be kept until then. */
  get version(): number {
    return this.kb.version;
  }

  /**
   * Everything known about one node. `limit` caps the long lists (users, mentions, flows)
   * for hovers: a popular technology can be used by thousands of stages.
   */
  entity(id: string, limit = Number.POSITIVE_INFINITY): EntityDetails | undefined {
    const node = this.kb.graph.node(id);
    if (!node) return undefined;
    const entryId = entryIdOf(node.id);
    const entry = entryId === undefined ? undefined : this.kb.glossaryEntry(entryId);
    const details: EntityDetails = {
      id: node.id, kind: node.kind, title: node.title, category: entry?.category, vendor: entry?.vendor,
      aliases: entry?.aliases ?? [], summary: entry?.summary ?? node.body ?? '', container: node.container,
      usedBy: this.usedBy(id, limit), usedByCount: this.kb.graph.countLinksIn(id, 'uses'), related: [], flows: [], mentionedIn: [], parts: [], sources: [],
      locations: Number.isFinite(limit) ? (node.location ? [node.location] : []) : this.kb.definitions(id),
    };
    const seenRelated = new Set<string>();
    // All of them (a few), without sorting every edge of the node (see `KnowledgeGraph.first`).
    for (const edge of this.kb.graph.first('>', id, 'related', Infinity)) {
      const to = this.kb.graph.node(edge.to);
      if (to && !seenRelated.has(to.id)) { seenRelated.add(to.id); details.related.push({ id: to.id, title: to.title, type: edge.label ?? 'related to' }); }
    }
    for (const edge of this.kb.graph.first('<', id, 'related', Infinity)) {
      const from = this.kb.graph.node(edge.from);
      if (from && !seenRelated.has(from.id)) { seenRelated.add(from.id); details.related.push({ id: from.id, title: from.title, type: inverse(edge.label ?? 'related to') }); }
    }
    const flowSeen = new Set<string>();
    for (const edge of chain(this.inNoteOrder('<', id, 'flows-to', limit), this.inNoteOrder('>', id, 'flows-to', limit))) {
      if (details.flows.length >= limit) break;
      const key = `${edge.from}>${edge.to}@${edge.scope}`;
      if (flowSeen.has(key)) continue;
      flowSeen.add(key);
      details.flows.push({ from: edge.from, fromTitle: this.titleOf(edge.from), to: edge.to, toTitle: this.titleOf(edge.to), scope: edge.scope, scopeTitle: edge.scope ? this.titleOf(edge.scope) : undefined });
    }
    const sources = new Set<string>(node.sources ?? []);
    const mentionSeen = new Set<string>();
    for (const edge of this.inNoteOrder('<', id, 'mentions', limit)) {
      if (details.mentionedIn.length >= limit) break;
      const section = this.kb.graph.node(edge.from);
      if (!section || mentionSeen.has(section.id)) continue;
      mentionSeen.add(section.id);
      details.mentionedIn.push({ id: section.id, title: section.title, container: section.container, location: edge.location ?? section.location });
      for (const s of section.sources ?? []) sources.add(s);
    }
    for (const u of details.usedBy) for (const s of this.kb.graph.node(u.architectureId)?.sources ?? []) sources.add(s);
    details.sources = [...sources];
    if (node.kind === 'company' || node.kind === 'topic') {
      for (const edge of this.kb.graph.out(id, 'has-architecture')) {
        const arch = this.kb.graph.node(edge.to);
        if (arch) details.parts.push({ id: arch.id, title: arch.title, kind: arch.kind, technologies: this.technologiesOf(arch.id), location: arch.location });
      }
    }
    if (node.kind === 'architecture' || node.kind === 'section' || node.kind === 'topic') {
      for (const edge of this.kb.graph.out(id, 'has-stage')) {
        const stage = this.kb.graph.node(edge.to);
        if (stage) details.parts.push({ id: stage.id, title: stage.title, kind: 'stage', technologies: this.technologiesOf(stage.id), location: stage.location });
      }
    }
    return details;
  }

  /**
   * Edges of `kind` at `id` in note order, for a list that shows at most `limit` of them: the first
   * few found in one walk (see `KnowledgeGraph.first`), then more walks for four times as many while
   * repeats (one flow written in many notes) use them up, and past a thousand the sorted list.
   */
  private *inNoteOrder(direction: '>' | '<', id: string, kind: EdgeKind, limit: number): IterableIterator<GraphEdge> {
    let given = 0;
    for (let count = Math.max(1, limit) * 4; count <= 1024; count *= 4) {
      const few = this.kb.graph.first(direction, id, kind, count);
      for (; given < few.length; given++) yield few[given];
      if (few.length < count) return;
    }
    for (const edge of direction === '<' ? this.kb.graph.iterateIn(id, kind) : this.kb.graph.iterateOut(id, kind)) if (given-- <= 0) yield edge;
  }

  private titleOf(id: string): string {
    return this.kb.graph.node(id)?.title ?? entryIdOf(id) ?? id;
  }

  private technologiesOf(id: string): { id: string; title: string }[] {
    const out = new Map<string, string>();
    for (const edge of this.kb.graph.out(id, 'uses')) out.set(edge.to, this.titleOf(edge.to));
    for (const stageEdge of this.kb.graph.out(id, 'has-stage')) for (const edge of this.kb.graph.out(stageEdge.to, 'uses')) out.set(edge.to, this.titleOf(edge.to));
    return [...out].map(([tid, title]) => ({ id: tid, title }));
  }

  /** Company → architecture → stage paths whose stages use technology `id`. */
  usedBy(id: string, limit = Number.POSITIVE_INFINITY): UsedBy[] {
    const out: UsedBy[] = [];
    for (const use of this.inNoteOrder('<', id, 'uses', limit)) {
      if (out.length >= limit) break;
      const stage = this.kb.graph.node(use.from);
      if (!stage) continue;
      for (const has of this.kb.graph.in(stage.id, 'has-stage')) {
        const arch = this.kb.graph.node(has.from);
        if (!arch) continue;
        const owner = this.kb.graph.in(arch.id, 'has-architecture').map((e) => this.kb.graph.node(e.from)).find(Boolean);
        out.push({
          companyId: owner?.kind === 'company' ? owner.id : undefined, company: owner?.title ?? arch.container ?? '',
          architectureId: arch.id, architecture: arch.title, stageId: stage.id, stage: stage.title, role: use.label, location: stage.location,
        });
      }
    }
    return out;
  }

  /** Nodes and edges around `id` (an architecture's data flow, a technology's neighbourhood), or the whole company map. */
  graphView(id?: string): GraphView {
    const nodes = new Map<string, GraphNode>();
    const edges: GraphView['edges'] = [];
    const addEdge = (e: GraphEdge) => {
      const from = this.kb.graph.node(e.from);
      const to = this.kb.graph.node(e.to);
      if (!from || !to) return;
      nodes.set(from.id, from);
      nodes.set(to.id, to);
      edges.push({ from: e.from, to: e.to, kind: e.kind, label: e.label });
    };
    if (!id) {
      for (const node of this.kb.graph.allNodes()) if (node.kind === 'company') for (const e of this.kb.graph.out(node.id, 'has-architecture')) addEdge(e);
    } else {
      const node = this.kb.graph.node(id);
      if (!node) return { nodes: [], edges: [] };
      nodes.set(node.id, node);
      if (node.kind === 'architecture' || node.kind === 'section' || node.kind === 'topic') {
        for (const has of this.kb.graph.out(id, 'has-stage')) { addEdge(has); for (const use of this.kb.graph.out(has.to, 'uses')) addEdge(use); }
        for (const tech of new Set(this.kb.graph.out(id, 'has-stage').flatMap((h) => this.kb.graph.out(h.to, 'uses').map((u) => u.to)))) {
          for (const flow of this.kb.graph.out(tech, 'flows-to')) if (flow.scope === id) addEdge(flow);
        }
      } else {
        for (const e of [...this.kb.graph.out(id), ...this.kb.graph.in(id)]) if (e.kind !== 'mentions') addEdge(e);
      }
    }
    return { nodes: [...nodes.values()].map((n) => ({ id: n.id, kind: n.kind, title: n.title })), edges };
  }
}

function* chain<T>(...lists: Iterable<T>[]): IterableIterator<T> {
  for (const list of lists) yield* list;
}

/** How a relation reads from its other end ("feeds" → "fed by"). */
const INVERSE: Record<string, string> = {
  'part of': 'has part', feeds: 'fed by', 'reads from': 'read by', 'built on': 'base of', 'depends on': 'needed by',
  monitors: 'monitored by', visualizes: 'visualized by',
};

function inverse(type: string): string {
  return INVERSE[type] ?? type;
}
