/**
 * Lays out the architecture diagram, the comparison and the graph view, and draws them as SVG
 * text. Pure (no DOM, no editor): the webviews show it, the tests read it, the benchmark times it.
 * Layout is dagre's (layered, left to right); the SVG is ours so that it follows the editor's
 * theme through CSS variables. All text is escaped.
 */
import type * as Dagre from '@dagrejs/dagre' with { 'resolution-mode': 'import' };
// dagre's package is an ES module whose CommonJS build esbuild and Node's require take as well.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const dagre = require('@dagrejs/dagre') as typeof Dagre;
type DagreNode = { x: number; y: number; width: number; height: number };
import type { ArchitectureDiagram, DiagramView, Neighbourhood, NeighbourhoodNode, SourceLocation } from '../../server/src/protocol';
import { STAGE_PHASES } from '../../server/src/protocol';

export interface Box {
  /** Unique in the drawing. */
  key: string;
  kind: 'architecture' | 'stage' | 'technology' | 'company' | 'concept' | 'topic' | 'section' | 'center' | 'summary';
  label: string;
  x: number;
  y: number;
  width: number;
  height: number;
  /** What a click opens: an entity's details, or a place in a note. */
  entityId?: string;
  location?: SourceLocation;
  /** A technology more than one of the compared architectures use. */
  shared?: boolean;
  /** Graph view: its neighbourhood can be asked for (expand). */
  expandable?: boolean;
}

export interface Line {
  points: { x: number; y: number }[];
  kind: 'order' | 'flow' | 'link';
  label?: string;
}

export interface Drawing {
  width: number;
  height: number;
  boxes: Box[];
  lines: Line[];
}

const FONT_PX = 13;
const PAD_X = 10;
const BOX_H = 28;
const STAGE_PAD = 12;
const STAGE_HEADER = 24;

/** Width of a label at the webview's font: Hangul and other wide letters take about a full em. */
export function textWidth(text: string): number {
  let em = 0;
  for (const ch of text) em += /[\u1100-\u11ff\u3130-\u318f\uac00-\ud7a3\u3000-\u9fff\uff00-\uffef]/.test(ch) ? 1.0 : /[A-Z]/.test(ch) ? 0.68 : 0.56;
  return Math.ceil(em * FONT_PX);
}

const boxWidth = (label: string, min = 60) => Math.max(min, textWidth(label) + 2 * PAD_X);

/**
 * One architecture: stages as columns left to right in the order the note writes them, each
 * holding its technologies; flows as dashed arrows. The order is given, so the columns are placed
 * directly (dagre's compound layout took half a second for 100 stages and could reorder them).
 */
export function layoutArchitecture(arch: ArchitectureDiagram): Drawing {
  const techKey = (s: number, t: number) => `s${s}t${t}`;
  const boxes: Box[] = [];
  const gap = 46;
  let x = 16;
  let height = 0;
  arch.stages.forEach((stage, s) => {
    const inner = Math.max(60, ...stage.technologies.map((t) => boxWidth(t.title)));
    const width = Math.max(boxWidth(stage.label) + 2 * STAGE_PAD, inner + 2 * STAGE_PAD);
    const stageHeight = STAGE_HEADER + STAGE_PAD + Math.max(1, stage.technologies.length) * (BOX_H + 14) - 14 + STAGE_PAD;
    boxes.push({ key: `s${s}`, kind: 'stage', label: stage.label, x, y: 16, width, height: stageHeight, location: stage.location });
    stage.technologies.forEach((tech, t) => {
      const w = boxWidth(tech.title);
      boxes.push({ key: techKey(s, t), kind: 'technology', label: tech.title, x: x + (width - w) / 2, y: 16 + STAGE_HEADER + STAGE_PAD / 2 + t * (BOX_H + 14), width: w, height: BOX_H, entityId: tech.id });
    });
    height = Math.max(height, 16 + stageHeight + 16);
    x += width + gap;
  });
  const lines: Line[] = [];
  const stageBoxes = boxes.filter((b) => b.kind === 'stage');
  for (let s = 0; s + 1 < stageBoxes.length; s++) {
    const a = stageBoxes[s];
    const b = stageBoxes[s + 1];
    lines.push({ kind: 'order', points: [{ x: a.x + a.width, y: a.y + STAGE_HEADER / 2 }, { x: b.x, y: b.y + STAGE_HEADER / 2 }] });
  }
  const boxByKey = new Map(boxes.map((b) => [b.key, b]));
  for (const flow of arch.flows) {
    const from = boxByKey.get(techKey(...flow.fromAt));
    const to = boxByKey.get(techKey(...flow.toAt));
    if (!from || !to) continue;
    const vertical = from.x < to.x + to.width && to.x < from.x + from.width; // stacked in one stage
    lines.push({
      kind: 'flow',
      points: vertical
        ? [{ x: from.x + from.width / 2, y: from.y + (to.y > from.y ? from.height : 0) }, { x: to.x + to.width / 2, y: to.y + (to.y > from.y ? 0 : to.height) }]
        : [{ x: from.x + from.width, y: from.y + from.height / 2 }, { x: to.x, y: to.y + to.height / 2 }],
    });
  }
  return { width: Math.max(32, x - gap + 16), height: Math.max(height, 32), boxes, lines };
}

/**
 * Several architectures, one row each, their stages in columns by pipeline step (collection under
 * collection), the stages no step names after them in their own order. Shared technologies marked.
 */
export function layoutComparison(view: DiagramView): Drawing {
  const shared = new Set(view.sharedTechnologies);
  const phases = STAGE_PHASES.filter((p) => view.architectures.some((a) => a.stages.some((s) => s.phase === p)));
  const extra = Math.max(0, ...view.architectures.map((a) => a.stages.filter((s) => !s.phase).length));
  const columns = phases.length + extra;
  const columnWidth = new Array<number>(columns).fill(120);
  const placed = view.architectures.map((arch) => {
    const cells: (ArchitectureDiagram['stages'] | undefined)[] = new Array(columns).fill(undefined);
    let free = phases.length;
    for (const stage of arch.stages) {
      const column = stage.phase ? phases.indexOf(stage.phase) : free++;
      (cells[column] ??= []).push(stage);
    }
    return cells;
  });
  placed.forEach((cells) => cells.forEach((stages, c) => {
    for (const stage of stages ?? []) {
      columnWidth[c] = Math.max(columnWidth[c], boxWidth(stage.label) + 2 * STAGE_PAD, ...stage.technologies.map((t) => boxWidth(t.title) + 2 * STAGE_PAD));
    }
  }));
  const titleWidth = Math.max(140, ...view.architectures.map((a) => boxWidth(a.title) + 16, ...view.architectures.map((a) => boxWidth(a.container ?? '') + 16)));
  const boxes: Box[] = [];
  const gap = 18;
  let y = 16;
  placed.forEach((cells, row) => {
    const arch = view.architectures[row];
    const heights = cells.map((stages) => (stages ?? []).reduce((h, s) => h + STAGE_HEADER + STAGE_PAD + Math.max(1, s.technologies.length) * (BOX_H + 8), 0));
    const rowHeight = Math.max(2 * BOX_H + 16, ...heights);
    boxes.push({ key: `a${row}`, kind: 'architecture', label: arch.title, x: 16, y, width: titleWidth, height: rowHeight, entityId: arch.id, location: arch.location });
    if (arch.container) boxes.push({ key: `a${row}c`, kind: 'company', label: arch.container, x: 16, y: y + BOX_H, width: titleWidth, height: BOX_H });
    let x = 16 + titleWidth + gap;
    cells.forEach((stages, c) => {
      let top = y;
      (stages ?? []).forEach((stage, i) => {
        const height = STAGE_HEADER + STAGE_PAD + Math.max(1, stage.technologies.length) * (BOX_H + 8);
        boxes.push({ key: `a${row}c${c}s${i}`, kind: 'stage', label: stage.label, x, y: top, width: columnWidth[c], height, location: stage.location });
        stage.technologies.forEach((tech, t) => {
          boxes.push({
            key: `a${row}c${c}s${i}t${t}`, kind: 'technology', label: tech.title, entityId: tech.id, shared: shared.has(tech.id),
            x: x + STAGE_PAD, y: top + STAGE_HEADER + t * (BOX_H + 8), width: columnWidth[c] - 2 * STAGE_PAD, height: BOX_H,
          });
        });
        top += height + 6;
      });
      x += columnWidth[c] + gap;
    });
    y += rowHeight + 24;
  });
  const width = 16 + titleWidth + gap + columnWidth.reduce((a, b) => a + b + gap, 0) + 16;
  return { width, height: y, boxes, lines: [] };
}

/** The graph view: the center at the left, its neighbours in layers to the right, kinds hidden on request. */
export function layoutNeighbourhood(hood: Neighbourhood, hidden: ReadonlySet<string> = new Set()): Drawing {
  const g = new dagre.graphlib.Graph({ multigraph: true });
  g.setGraph({ rankdir: 'LR', nodesep: 10, ranksep: 60, marginx: 16, marginy: 16 });
  g.setDefaultEdgeLabel(() => ({}));
  const shown = new Map<string, NeighbourhoodNode>([[hood.center.id, hood.center]]);
  for (const node of hood.nodes) if (!hidden.has(node.kind)) shown.set(node.id, node);
  const label = (n: NeighbourhoodNode) => (n.more ? `${n.title} (+${n.more})` : n.title);
  for (const node of shown.values()) g.setNode(node.id, { width: boxWidth(label(node)), height: BOX_H });
  const edges = hood.edges.filter((e) => shown.has(e.from) && shown.has(e.to));
  // Laid out away from the center, whichever way the relation points: layers by distance from it.
  const distance = new Map<string, number>([[hood.center.id, 0]]);
  for (let frontier = [hood.center.id]; frontier.length > 0;) {
    const next: string[] = [];
    for (const id of frontier) {
      for (const e of edges) {
        const other = e.from === id ? e.to : e.to === id ? e.from : undefined;
        if (other !== undefined && !distance.has(other)) { distance.set(other, distance.get(id)! + 1); next.push(other); }
      }
    }
    frontier = next;
  }
  const far = (id: string) => distance.get(id) ?? Number.MAX_SAFE_INTEGER;
  const outward = edges.map((e) => (far(e.from) <= far(e.to) ? { from: e.from, to: e.to } : { from: e.to, to: e.from }));
  edges.forEach((e, i) => g.setEdge(outward[i].from, outward[i].to, { label: e.label }, `e${i}`));
  if (hood.summary) g.setNode('summary', { width: 220, height: BOX_H * Math.min(8, hood.summary.length + 1) });
  dagre.layout(g);
  const boxes: Box[] = [];
  for (const node of shown.values()) {
    const n = g.node(node.id) as DagreNode;
    boxes.push({
      key: node.id, kind: node.id === hood.center.id ? 'center' : (node.kind as Box['kind']), label: label(node), x: n.x - n.width / 2, y: n.y - n.height / 2,
      width: n.width, height: n.height, entityId: node.id, location: node.location, expandable: node.id !== hood.center.id,
    });
  }
  if (hood.summary) {
    const n = g.node('summary') as DagreNode;
    const lines = hood.summary.slice(0, 7).map((s) => `${s.company || '—'}: ${s.count}`);
    if (hood.summary.length > 7) lines.push(`… ${hood.summary.length - 7}`);
    boxes.push({ key: 'summary', kind: 'summary', label: lines.join('\n'), x: n.x - n.width / 2, y: n.y - n.height / 2, width: n.width, height: n.height });
  }
  const lines: Line[] = edges.map((e, i) => {
    const points = ((g.edge(outward[i].from, outward[i].to, `e${i}`) as { points?: { x: number; y: number }[] }).points ?? []);
    // Arrows point the way the relation reads (`Fluentd → S3`), even when laid out the other way.
    return { kind: e.kind === 'flows-to' ? 'flow' : 'link', label: e.label, points: outward[i].from === e.from ? points : [...points].reverse() };
  });
  const graph = g.graph() as { width?: number; height?: number };
  return { width: graph.width ?? 0, height: graph.height ?? 0, boxes, lines };
}

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/**
 * The drawing as SVG text. Colours are CSS classes (see media/drawing.css) so the theme applies;
 * `inlineStyle` embeds a stylesheet with the colours resolved, for an exported file.
 */
export function toSvg(drawing: Drawing, title: string, inlineStyle?: string): string {
  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" class="dn-drawing" role="img" aria-label="${escapeXml(title)}" width="${Math.ceil(drawing.width)}" height="${Math.ceil(drawing.height)}" viewBox="0 0 ${Math.ceil(drawing.width)} ${Math.ceil(drawing.height)}">`);
  out.push(`<title>${escapeXml(title)}</title>`);
  if (inlineStyle) out.push(`<style>${escapeXml(inlineStyle).replace(/&gt;/g, '>')}</style>`);
  out.push('<defs><marker id="dn-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" class="dn-arrowhead"/></marker></defs>');
  // Containers first, so that what they hold is drawn over them.
  const order = (b: Box) => (b.kind === 'architecture' ? 0 : b.kind === 'stage' ? 1 : 2);
  for (const box of [...drawing.boxes].sort((a, b) => order(a) - order(b))) {
    const clickable = box.entityId !== undefined || box.location !== undefined;
    const attrs = [
      `class="dn-box dn-${box.kind}${box.shared ? ' dn-shared' : ''}"`,
      `data-key="${escapeXml(box.key)}"`,
      box.entityId ? `data-entity="${escapeXml(box.entityId)}"` : '',
      box.location ? `data-uri="${escapeXml(box.location.uri)}" data-line="${box.location.startLine}"` : '',
      box.expandable ? 'data-expandable="true"' : '',
      clickable ? `tabindex="0" role="button" aria-label="${escapeXml(box.label)}"` : '',
    ].filter(Boolean).join(' ');
    out.push(`<g ${attrs}>`);
    out.push(`<rect x="${box.x.toFixed(1)}" y="${box.y.toFixed(1)}" width="${box.width.toFixed(1)}" height="${box.height.toFixed(1)}" rx="${box.kind === 'technology' || box.kind === 'center' ? 6 : 4}"/>`);
    const textLines = box.label.split('\n');
    const header = box.kind === 'stage' || box.kind === 'architecture';
    textLines.forEach((line, i) => {
      const x = header ? box.x + 8 : box.x + box.width / 2;
      const y = header ? box.y + 16 + i * 16 : box.y + box.height / 2 + 4 + (i - (textLines.length - 1) / 2) * 16;
      out.push(`<text x="${x.toFixed(1)}" y="${y.toFixed(1)}"${header ? '' : ' text-anchor="middle"'}>${escapeXml(line)}</text>`);
    });
    out.push('</g>');
  }
  for (const line of drawing.lines) {
    if (line.points.length < 2) continue;
    const d = line.points.map((p, i) => `${i ? 'L' : 'M'}${p.x.toFixed(1)},${p.y.toFixed(1)}`).join(' ');
    out.push(`<path class="dn-line dn-${line.kind}" d="${d}" marker-end="url(#dn-arrow)"/>`);
  }
  out.push('</svg>');
  return out.join('\n');
}
