/**
 * What the architecture diagram and the graph view draw: an architecture's stages in order with
 * their technologies and flows (and the same as mermaid text), and the neighbourhood of any
 * entity, summarised by company when it is too large to draw.
 */
import { KnowledgeBase } from '../core/knowledgeBase';
import { GraphNode } from '../core/model';
import { rankArchitectures } from '../core/stack';
import {
  ArchitectureDiagram, SimilarArchitectureView, DIAGRAM_MAX_ARCHITECTURES, DiagramView, Neighbourhood, NEIGHBOURHOOD_LIMIT, NeighbourhoodNode, StagePhase,
} from '../protocol';

const DRAWN_KINDS = new Set(['architecture', 'section', 'topic']);
/** Related technologies a neighbourhood draws: a popular one has dozens, which would bury its users. */
const RELATED_DRAWN = 16;

export class Diagrams {
  /** Diagrams of things that are not architectures of the notes (the workspace's own stack), by id. */
  private readonly provided = new Map<string, () => ArchitectureDiagram>();

  constructor(private readonly kb: KnowledgeBase) {}

  /** Draws `id` with `draw` (see `WORKSPACE_STACK_ID`). */
  provide(id: string, draw: () => ArchitectureDiagram): void {
    this.provided.set(id, draw);
  }

  /** Every architecture with at least one stage, by company. */
  architectures(): { id: string; title: string; container?: string; stages: number }[] {
    const out: { id: string; title: string; container?: string; stages: number }[] = [];
    for (const kind of ['architecture', 'section', 'topic'] as const) {
      for (const node of this.kb.graph.allNodes(kind)) {
        const stages = this.kb.graph.out(node.id, 'has-stage').length;
        if (stages > 0) out.push({ id: node.id, title: node.title, container: node.container ?? this.ownerOf(node.id)?.title, stages });
      }
    }
    return out.sort((a, b) => (a.container ?? '').localeCompare(b.container ?? '') || a.title.localeCompare(b.title));
  }

  /**
   * The architectures of the notes ranked by how much of `stack` (technology node ids) they share
   * (see `rankArchitectures`), with what each shares and adds, titled.
   */
  similarTo(stack: ReadonlySet<string>, limit: number): SimilarArchitectureView[] {
    const architectures = this.architectures().flatMap((a) => this.architecture(a.id) ?? []);
    const byId = new Map(architectures.map((a) => [a.id, a]));
    const ranked = rankArchitectures(stack, architectures.map((a) => ({ id: a.id, stages: a.stages.map((s) => ({ label: s.label, technologies: s.technologies.map((t) => t.id) })) })), limit);
    const titleOf = (id: string) => this.kb.graph.nodeWithoutBody(id)?.title ?? id;
    return ranked.map((r) => ({
      id: r.id, title: byId.get(r.id)!.title, container: byId.get(r.id)!.container, score: r.score,
      shared: r.shared.map((id) => ({ id, title: titleOf(id) })), adds: r.adds.map((a) => ({ ...a, title: titleOf(a.id) })),
    }));
  }

  /** The diagrams of the architectures `ids` (unknown ids and other kinds are left out). */
  diagram(ids: string[]): DiagramView {
    const architectures = ids.slice(0, DIAGRAM_MAX_ARCHITECTURES).flatMap((id) => this.architecture(id) ?? []);
    const users = new Map<string, number>();
    for (const a of architectures) for (const t of new Set(a.stages.flatMap((s) => s.technologies.map((x) => x.id)))) users.set(t, (users.get(t) ?? 0) + 1);
    const sharedTechnologies = architectures.length > 1 ? [...users].filter(([, n]) => n > 1).map(([id]) => id) : [];
    return { architectures, mermaid: toMermaid(architectures), sharedTechnologies };
  }

  private architecture(id: string): ArchitectureDiagram | undefined {
    const provided = this.provided.get(id);
    if (provided) return provided();
    const { graph } = this.kb;
    const node = graph.node(id);
    if (!node || !DRAWN_KINDS.has(node.kind)) return undefined;
    const stages: ArchitectureDiagram['stages'] = [];
    const technologies = new Set<string>();
    for (const has of graph.out(id, 'has-stage')) {
      const stage = graph.nodeWithoutBody(has.to);
      if (!stage) continue;
      const techs = graph.out(stage.id, 'uses').flatMap((use) => {
        const tech = graph.nodeWithoutBody(use.to);
        if (!tech) return [];
        technologies.add(tech.id);
        return [{ id: tech.id, title: tech.title, category: this.kb.glossaryEntry(tech.id)?.category }];
      });
      stages.push({ id: stage.id, label: stage.title, phase: phaseOf(stage.title), location: stage.location, technologies: techs });
    }
    const flows: ArchitectureDiagram['flows'] = [];
    const seen = new Set<string>();
    const at = (tech: string, only?: number): [number, number] | undefined => {
      for (let s = only ?? 0; s < (only === undefined ? stages.length : only + 1); s++) {
        const t = stages[s].technologies.findIndex((x) => x.id === tech);
        if (t >= 0) return [s, t];
      }
      return undefined;
    };
    for (const tech of technologies) {
      for (const flow of graph.out(tech, 'flows-to')) {
        const key = `${flow.from}\u0000${flow.to}`;
        if (flow.scope !== id || !technologies.has(flow.to) || seen.has(key)) continue;
        seen.add(key);
        const both = stages.findIndex((s) => s.technologies.some((t) => t.id === flow.from) && s.technologies.some((t) => t.id === flow.to));
        const fromAt = at(flow.from, both >= 0 ? both : undefined);
        const toAt = at(flow.to, both >= 0 ? both : undefined);
        if (fromAt && toAt) flows.push({ from: flow.from, to: flow.to, fromAt, toAt });
      }
    }
    return { id, title: node.title, container: node.container ?? this.ownerOf(id)?.title, location: node.location, stages, flows };
  }

  private ownerOf(id: string): GraphNode | undefined {
    const edge = this.kb.graph.in(id, 'has-architecture')[0];
    return edge && this.kb.graph.nodeWithoutBody(edge.from);
  }

  /**
   * The entity and what it connects to: for a technology, the architectures that use it (with
   * their companies), related technologies and flows; for a company, its architectures and their
   * technologies; for an architecture or stage, its company and technologies. More than `limit`
   * neighbours are summarised: the largest companies drawn, the rest counted.
   */
  neighbourhood(id: string, limit = NEIGHBOURHOOD_LIMIT): Neighbourhood | undefined {
    const { graph } = this.kb;
    const center = graph.nodeWithoutBody(id);
    if (!center) return undefined;
    const cap = Math.max(1, Math.min(limit, NEIGHBOURHOOD_LIMIT));
    const nodes = new Map<string, NeighbourhoodNode>();
    const edges: Neighbourhood['edges'] = [];
    const seenEdges = new Set<string>();
    const add = (node: GraphNode | undefined): NeighbourhoodNode | undefined => {
      if (!node) return undefined;
      let known = nodes.get(node.id);
      if (!known) nodes.set(node.id, (known = { id: node.id, kind: node.kind, title: node.title, container: node.container, location: node.location }));
      return known;
    };
    const link = (from: string, to: string, kind: Neighbourhood['edges'][number]['kind'], label?: string) => {
      const key = `${from}\u0000${to}\u0000${kind}`;
      if (from === to || seenEdges.has(key)) return;
      seenEdges.add(key);
      edges.push({ from, to, kind, label });
    };
    add(center);
    let total = 0;
    let summary: Neighbourhood['summary'];
    if (center.kind === 'technology' || center.kind === 'concept') {
      // Architectures that use it, by company; summarised when there are too many to draw.
      const byCompany = new Map<string, { company?: GraphNode; architectures: Map<string, GraphNode> }>();
      for (const use of graph.iterateIn(id, 'uses')) {
        for (const has of graph.in(use.from, 'has-stage')) {
          const arch = graph.nodeWithoutBody(has.from);
          if (!arch) continue;
          const company = this.ownerOf(arch.id);
          const key = company?.id ?? arch.container ?? arch.id;
          let group = byCompany.get(key);
          if (!group) byCompany.set(key, (group = { company, architectures: new Map() }));
          group.architectures.set(arch.id, arch);
        }
      }
      const groups = [...byCompany.values()].sort((a, b) => b.architectures.size - a.architectures.size);
      total = groups.reduce((n, g) => n + g.architectures.size, 0);
      let drawn = 0;
      for (const group of groups) {
        if (drawn >= cap) break; // the rest are in the summary
        const companyNode = add(group.company);
        for (const arch of group.architectures.values()) {
          if (drawn >= cap) break;
          add(arch);
          link(arch.id, id, 'uses');
          if (companyNode) link(companyNode.id, arch.id, 'has-architecture');
          drawn++;
        }
        if (companyNode && group.architectures.size > 0 && drawn >= cap) {
          const shown = [...group.architectures.keys()].filter((a) => nodes.has(a)).length;
          if (shown < group.architectures.size) companyNode.more = group.architectures.size - shown;
        }
      }
      if (total > cap) {
        summary = groups.map((g) => ({ company: g.company?.title ?? [...g.architectures.values()][0]?.container ?? '', companyId: g.company?.id, count: g.architectures.size }));
      }
      // Related technologies: the glossary's own relations first, at most RELATED_DRAWN of them.
      let related = 0;
      for (const edge of [...graph.out(id, 'related'), ...graph.in(id, 'related')]) {
        if (related >= RELATED_DRAWN) break;
        const other = edge.from === id ? edge.to : edge.from;
        if (nodes.has(other)) continue;
        if (add(graph.nodeWithoutBody(other))) { link(edge.from, edge.to, 'related', edge.label); related++; }
      }
      for (const edge of [...graph.out(id, 'flows-to'), ...graph.in(id, 'flows-to')]) {
        if (nodes.size >= cap * 2) break;
        if (add(graph.nodeWithoutBody(edge.from === id ? edge.to : edge.from))) link(edge.from, edge.to, 'flows-to');
      }
    } else if (center.kind === 'company') {
      for (const has of graph.out(id, 'has-architecture')) {
        const arch = add(graph.nodeWithoutBody(has.to));
        if (!arch) continue;
        total++;
        link(id, arch.id, 'has-architecture');
        for (const tech of this.technologiesOf(arch.id)) {
          if (nodes.size >= cap * 2) break;
          if (add(graph.nodeWithoutBody(tech))) link(arch.id, tech, 'uses');
        }
      }
    } else {
      const owner = center.kind === 'stage' ? graph.in(id, 'has-stage').map((e) => graph.nodeWithoutBody(e.from)).find(Boolean) : this.ownerOf(id);
      if (add(owner)) link(owner!.id, id, center.kind === 'stage' ? 'has-stage' : 'has-architecture');
      const company = owner && owner.kind !== 'company' ? this.ownerOf(owner.id) : undefined;
      if (add(company)) link(company!.id, owner!.id, 'has-architecture');
      const techs = this.technologiesOf(id);
      const mentioned = graph.out(id, 'mentions').map((e) => e.to);
      total = techs.length + mentioned.length;
      for (const tech of techs) if (nodes.size < cap * 2 && add(graph.nodeWithoutBody(tech))) link(id, tech, 'uses');
      for (const tech of mentioned) if (nodes.size < cap * 2 && add(graph.nodeWithoutBody(tech))) link(id, tech, 'mentions');
    }
    nodes.delete(id);
    return { center: { id: center.id, kind: center.kind, title: center.title, container: center.container, location: center.location }, nodes: [...nodes.values()], edges, summary, total };
  }

  private technologiesOf(id: string): string[] {
    const { graph } = this.kb;
    const out = new Set<string>();
    for (const edge of graph.out(id, 'uses')) out.add(edge.to);
    for (const stage of graph.out(id, 'has-stage')) for (const edge of graph.out(stage.to, 'uses')) out.add(edge.to);
    return [...out];
  }
}

/**
 * Which step of a data pipeline a stage is, by the words of its label, so that a comparison can
 * put every architecture's collection under one another. Undefined when the label says none.
 */
const PHASES: [StagePhase, RegExp][] = [
  ['collect', /수집|collect|ingest|수신|유입|source/i],
  ['store', /저장|적재|store|storage|load|보관|lake|warehouse/i],
  ['process', /처리|가공|변환|process|transform|etl|집계|aggregat|stream/i],
  ['analyse', /분석|조회|query|analy|탐색|검색|search/i],
  ['serve', /서빙|시각화|대시보드|serv|visual|dashboard|report|api|제공/i],
  ['deploy', /배포|deploy|빌드|build|ci|스케일|scal|운영|infra/i],
  ['monitor', /모니터링|monitor|알람|alert|로그 확인|metric/i],
];

export function phaseOf(label: string): StagePhase | undefined {
  return PHASES.find(([, words]) => words.test(label))?.[0];
}

/** Text safe inside a mermaid `["…"]` label: quotes and angle brackets as entities, one line. */
function mermaidLabel(text: string): string {
  return text.replace(/\s+/g, ' ').replace(/["<>#&]/g, (c) => ({ '"': '#quot;', '<': '#lt;', '>': '#gt;', '#': '#35;', '&': '#amp;' })[c]!);
}

/**
 * The diagrams as one mermaid `flowchart LR`: a subgraph per architecture, one per stage inside
 * it, a box per technology at each stage, stages linked in order and flows drawn between the
 * technologies. Node ids are made up here (a note's ids hold characters mermaid does not take).
 */
export function toMermaid(architectures: ArchitectureDiagram[]): string {
  const lines = ['flowchart LR'];
  architectures.forEach((arch, a) => {
    const title = arch.container ? `${arch.container} › ${arch.title}` : arch.title;
    if (architectures.length > 1) lines.push(`  subgraph a${a}["${mermaidLabel(title)}"]`, '    direction LR');
    const indent = architectures.length > 1 ? '    ' : '  ';
    arch.stages.forEach((stage, s) => {
      lines.push(`${indent}subgraph a${a}s${s}["${mermaidLabel(stage.label)}"]`);
      stage.technologies.forEach((tech, t) => lines.push(`${indent}  a${a}s${s}t${t}["${mermaidLabel(tech.title)}"]`));
      if (stage.technologies.length === 0) lines.push(`${indent}  a${a}s${s}e[" "]`);
      lines.push(`${indent}end`);
    });
    for (let s = 0; s + 1 < arch.stages.length; s++) lines.push(`${indent}a${a}s${s} --> a${a}s${s + 1}`);
    for (const { fromAt, toAt } of arch.flows) lines.push(`${indent}a${a}s${fromAt[0]}t${fromAt[1]} -.-> a${a}s${toAt[0]}t${toAt[1]}`);
    if (architectures.length > 1) lines.push('  end');
  });
  return lines.join('\n') + '\n';
}
