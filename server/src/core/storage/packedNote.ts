/**
 * A parsed note in a compact form for crossing threads and for the index cache. Structured
 * clone copies every string it meets, so a note's 60-odd edges would arrive with their
 * own copies of the same node ids and of the note's URI in every range, each to be hashed
 * again on the receiving thread. Here each
 * distinct string travels once per note, edges and ranges are numbers, a stage's body
 * is a range of its architecture's body, and unpacking makes one range object per line.
 * (The graph keeps one copy of each id and title however many notes repeat it.)
 */
import { EdgeKind, GraphEdge, GraphNode, NodeKind, SourceRange } from '../model';
import type { NoteContribution } from '../noteParser';

/**
 * Where each stage's body lies in its architecture's body: a stage is one of that section's
 * bullets, so its text is found there as written (unless its numbered sub-steps got numbers).
 * By node index: the architecture's node index and the start (none: not found).
 */
export function stageBodyRanges(note: Pick<NoteContribution, 'nodes' | 'edges'>): Map<number, { owner: number; start: number }> {
  const indexOf = new Map(note.nodes.map((node, i) => [node.id, i]));
  const ranges = new Map<number, { owner: number; start: number }>();
  for (const edge of note.edges) {
    if (edge.kind !== 'has-stage') continue;
    const stage = indexOf.get(edge.to);
    const owner = indexOf.get(edge.from);
    if (stage === undefined || owner === undefined) continue;
    const body = note.nodes[stage].body;
    const whole = note.nodes[owner].body;
    const start = body && whole ? whole.indexOf(body) : -1;
    if (start >= 0) ranges.set(stage, { owner, start });
  }
  return ranges;
}

export interface PackedNote {
  uri: string;
  title: string;
  aliases: string[];
  tags: string[];
  strings: string[];
  /** Per node: id, kind, title, container, description, body, as indexes into `strings` (-1: none). */
  nodeFields: Int32Array;
  /** Per node: start line, end line (-1: no location). */
  nodeLines: Int32Array;
  /** Per node: a body given as part of another node's body: that node's index, start, length (-1: none). */
  bodyRanges: Int32Array;
  nodeSources: (string[] | undefined)[];
  /** Per edge: from, to, kind, label, scope (string indexes, -1: none), start line, end line (-1: no location). */
  edges: Int32Array;
  /** Per heading: title, level, line, end line, node id (strings by index). */
  headings: Int32Array;
  wikiLinks: NoteContribution['wikiLinks'];
  diagnostics: NoteContribution['diagnostics'];
}

/** Where each field of a node lies in `nodeFields`, and of an edge in `edges`: the one definition readers and writers share. */
export const PACKED_NODE = { id: 0, kind: 1, title: 2, container: 3, description: 4, body: 5, stride: 6 } as const;
export const PACKED_EDGE = { from: 0, to: 1, kind: 2, label: 3, scope: 4, start: 5, end: 6, stride: 7 } as const;
/** Numbers per node in `nodeFields` and per edge in `edges`. */
export const NODE_FIELDS = PACKED_NODE.stride;
export const EDGE_FIELDS = PACKED_EDGE.stride;
const HEADING_FIELDS = 5;

/** Every kind, so that the compiler says when one is added and not listed here. */
const NODE_KIND: Record<NodeKind, true> = { technology: true, concept: true, company: true, architecture: true, topic: true, stage: true, section: true };
const EDGE_KIND: Record<EdgeKind, true> = { 'has-architecture': true, 'has-stage': true, uses: true, related: true, mentions: true, 'flows-to': true };
const NODE_KINDS = new Set<string>(Object.keys(NODE_KIND));
const EDGE_KINDS = new Set<string>(Object.keys(EDGE_KIND));

/**
 * True when `value` is a packed note that unpacking and the graph can take: every field of its
 * type, every string index inside `strings`, lengths that agree. What comes back from the index
 * cache may deserialize and still be wrong (flipped bytes, another build's layout); such a note
 * must be parsed again, not trusted.
 */
export function isValidPackedNote(value: unknown): value is PackedNote {
  if (!value || typeof value !== 'object') return false;
  const note = value as Partial<PackedNote>;
  const isStrings = (list: unknown) => Array.isArray(list) && list.every((s) => typeof s === 'string');
  if (typeof note.uri !== 'string' || typeof note.title !== 'string' || !isStrings(note.aliases) || !isStrings(note.tags) || !isStrings(note.strings)) return false;
  const { nodeFields, nodeLines, bodyRanges, edges, headings, strings } = note as PackedNote;
  if (![nodeFields, nodeLines, bodyRanges, edges, headings].every((a) => a instanceof Int32Array)) return false;
  const nodes = nodeFields.length / NODE_FIELDS;
  if (!Number.isInteger(nodes) || nodeLines.length !== nodes * 2 || bodyRanges.length !== nodes * 3) return false;
  if (edges.length % EDGE_FIELDS !== 0 || headings.length % HEADING_FIELDS !== 0) return false;
  if (!Array.isArray(note.nodeSources) || note.nodeSources.length !== nodes || !note.nodeSources.every((s) => s === undefined || s === null || isStrings(s))) return false;
  if (!Array.isArray(note.wikiLinks) || !Array.isArray(note.diagnostics)) return false;
  const stringAt = (i: number, optional: boolean) => (i === -1 ? optional : i >= 0 && i < strings.length);
  for (let i = 0; i < nodes; i++) {
    const f = i * NODE_FIELDS;
    if (!stringAt(nodeFields[f + PACKED_NODE.id], false) || !NODE_KINDS.has(strings[nodeFields[f + PACKED_NODE.kind]])) return false;
    if (!stringAt(nodeFields[f + PACKED_NODE.title], false)) return false;
    for (const field of [PACKED_NODE.container, PACKED_NODE.description, PACKED_NODE.body]) if (!stringAt(nodeFields[f + field], true)) return false;
    const owner = bodyRanges[i * 3];
    if (owner !== -1) {
      const ownerBody = owner >= 0 && owner < nodes ? nodeFields[owner * NODE_FIELDS + PACKED_NODE.body] : -1;
      if (ownerBody < 0 || bodyRanges[i * 3 + 1] < 0 || bodyRanges[i * 3 + 2] < 0 || bodyRanges[i * 3 + 1] + bodyRanges[i * 3 + 2] > strings[ownerBody].length) return false;
    }
  }
  for (let f = 0; f < edges.length; f += EDGE_FIELDS) {
    if (!stringAt(edges[f + PACKED_EDGE.from], false) || !stringAt(edges[f + PACKED_EDGE.to], false)) return false;
    if (!EDGE_KINDS.has(strings[edges[f + PACKED_EDGE.kind]]) || !stringAt(edges[f + PACKED_EDGE.label], true) || !stringAt(edges[f + PACKED_EDGE.scope], true)) return false;
  }
  for (let f = 0; f < headings.length; f += HEADING_FIELDS) {
    if (!stringAt(headings[f], false) || !stringAt(headings[f + 4], false) || headings[f + 1] < 0 || headings[f + 2] < 0) return false;
  }
  return true;
}

export function packNote(note: NoteContribution): PackedNote {
  const strings: string[] = [];
  const indexOf = new Map<string, number>();
  // A stage's body is part of its architecture's body: it travels as a range of it.
  const stageBodies = stageBodyRanges(note);
  const bodyRanges = new Int32Array(note.nodes.length * 3).fill(-1);
  const ref = (value: string | undefined): number => {
    if (value === undefined) return -1;
    let index = indexOf.get(value);
    if (index === undefined) {
      index = strings.length;
      strings.push(value);
      indexOf.set(value, index);
    }
    return index;
  };
  // Written field by field: a small array per edge would cost more than the packing itself.
  const nodeFields = new Int32Array(note.nodes.length * NODE_FIELDS);
  const nodeLines = new Int32Array(note.nodes.length * 2);
  for (let i = 0, f = 0; i < note.nodes.length; i++, f += NODE_FIELDS) {
    const node = note.nodes[i];
    nodeFields[f + PACKED_NODE.id] = ref(node.id);
    nodeFields[f + PACKED_NODE.kind] = ref(node.kind);
    nodeFields[f + PACKED_NODE.title] = ref(node.title);
    nodeFields[f + PACKED_NODE.container] = ref(node.container);
    nodeFields[f + PACKED_NODE.description] = ref(node.description);
    const part = stageBodies.get(i);
    if (part) bodyRanges.set([part.owner, part.start, node.body!.length], i * 3);
    nodeFields[f + PACKED_NODE.body] = part ? -1 : ref(node.body);
    nodeLines[i * 2] = node.location ? node.location.startLine : -1;
    nodeLines[i * 2 + 1] = node.location ? node.location.endLine : -1;
  }
  const edges = new Int32Array(note.edges.length * EDGE_FIELDS);
  for (let i = 0, f = 0; i < note.edges.length; i++, f += EDGE_FIELDS) {
    const edge = note.edges[i];
    const loc = edge.location;
    edges[f + PACKED_EDGE.from] = ref(edge.from);
    edges[f + PACKED_EDGE.to] = ref(edge.to);
    edges[f + PACKED_EDGE.kind] = ref(edge.kind);
    edges[f + PACKED_EDGE.label] = ref(edge.label);
    edges[f + PACKED_EDGE.scope] = ref(edge.scope);
    edges[f + PACKED_EDGE.start] = loc ? loc.startLine : -1;
    edges[f + PACKED_EDGE.end] = loc ? loc.endLine : -1;
  }
  const headings = new Int32Array(note.headings.length * HEADING_FIELDS);
  for (let i = 0, f = 0; i < note.headings.length; i++, f += HEADING_FIELDS) {
    const h = note.headings[i];
    headings[f] = ref(h.title);
    headings[f + 1] = h.level;
    headings[f + 2] = h.line;
    headings[f + 3] = h.endLine;
    headings[f + 4] = ref(h.nodeId);
  }
  return {
    uri: note.uri, title: note.title, aliases: note.aliases, tags: note.tags, strings, nodeFields, nodeLines, bodyRanges,
    nodeSources: note.nodes.map((n) => n.sources),
    edges, headings, wikiLinks: note.wikiLinks, diagnostics: note.diagnostics,
  };
}

/**
 * What `namesOf` keeps of a note (heading nodes without bodies, sources or descriptions, the
 * has-architecture edges, the headings), made from its packed form without unpacking it: equal
 * to `packNote(namesOf(unpackNote(packed)))`, which the index cache did for every note it wrote.
 */
export function packedNamesOf(packed: PackedNote): PackedNote {
  const strings: string[] = [];
  const renumbered = new Map<number, number>();
  // The packed strings are distinct already: renumbering by index keeps packNote's first-use order.
  const ref = (i: number): number => {
    if (i < 0) return -1;
    let j = renumbered.get(i);
    if (j === undefined) {
      j = strings.length;
      strings.push(packed.strings[i]);
      renumbered.set(i, j);
    }
    return j;
  };
  const kept: number[] = [];
  for (let i = 0; i < packed.nodeLines.length / 2; i++) if (packed.strings[packed.nodeFields[i * NODE_FIELDS + PACKED_NODE.kind]] !== 'stage') kept.push(i);
  const nodeFields = new Int32Array(kept.length * NODE_FIELDS).fill(-1);
  const nodeLines = new Int32Array(kept.length * 2);
  kept.forEach((i, k) => {
    for (let f = 0; f < 4; f++) nodeFields[k * NODE_FIELDS + f] = ref(packed.nodeFields[i * NODE_FIELDS + f]);
    nodeLines[k * 2] = packed.nodeLines[i * 2];
    nodeLines[k * 2 + 1] = packed.nodeLines[i * 2 + 1];
  });
  const edges: number[] = [];
  for (let f = 0; f < packed.edges.length; f += EDGE_FIELDS) {
    if (packed.strings[packed.edges[f + PACKED_EDGE.kind]] !== 'has-architecture') continue;
    for (let k = 0; k < 5; k++) edges.push(ref(packed.edges[f + k]));
    edges.push(packed.edges[f + 5], packed.edges[f + 6]);
  }
  const headings = new Int32Array(packed.headings.length);
  for (let f = 0; f < packed.headings.length; f += HEADING_FIELDS) {
    headings[f] = ref(packed.headings[f]);
    headings.set(packed.headings.subarray(f + 1, f + 4), f + 1);
    headings[f + 4] = ref(packed.headings[f + 4]);
  }
  return {
    uri: packed.uri, title: packed.title, aliases: packed.aliases, tags: packed.tags, strings, nodeFields, nodeLines,
    bodyRanges: new Int32Array(kept.length * 3).fill(-1), nodeSources: kept.map(() => []),
    edges: Int32Array.from(edges), headings, wikiLinks: [], diagnostics: [],
  };
}

/**
 * Moves the numbers of `notes` into one buffer, each note's arrays becoming views of it. A batch
 * then crosses threads, and sits in the index cache, as one large buffer instead of five small
 * ones per note: large buffers are mapped and unmapped whole, while hundreds of thousands of small
 * ones had left the allocator's heaps fragmented (tens of MB kept after indexing).
 */
export function intoOneBuffer(notes: PackedNote[]): void {
  const fields = ['nodeFields', 'nodeLines', 'bodyRanges', 'edges', 'headings'] as const;
  let total = 0;
  for (const note of notes) for (const field of fields) total += note[field].length;
  const buffer = new Int32Array(total);
  let at = 0;
  for (const note of notes) {
    for (const field of fields) {
      const numbers = note[field];
      buffer.set(numbers, at);
      note[field] = buffer.subarray(at, (at += numbers.length));
    }
  }
}

/** Each node's body: its own string, or a slice of the body it is part of (a reference into it, for V8). */
export function packedBodies(packed: PackedNote): (string | undefined)[] {
  const { strings, nodeFields, bodyRanges } = packed;
  const bodies: (string | undefined)[] = [];
  for (let i = 0; i * NODE_FIELDS < nodeFields.length; i++) {
    const own = nodeFields[i * NODE_FIELDS + 5];
    bodies.push(own >= 0 ? strings[own] : undefined);
  }
  for (let i = 0; i < bodies.length; i++) {
    const whole = bodyRanges[i * 3] >= 0 ? bodies[bodyRanges[i * 3]] : undefined;
    if (whole !== undefined) bodies[i] = whole.slice(bodyRanges[i * 3 + 1], bodyRanges[i * 3 + 1] + bodyRanges[i * 3 + 2]);
  }
  return bodies;
}

/** What a packed note says besides its nodes and edges (the graph reads those from the packed rows). */
export function unpackNoteInfo(packed: PackedNote): NoteContribution {
  const { strings } = packed;
  const headings: NoteContribution['headings'] = [];
  const h = packed.headings;
  for (let i = 0; i < h.length; i += HEADING_FIELDS) {
    headings.push({ title: strings[h[i]], level: h[i + 1], line: h[i + 2], endLine: h[i + 3], nodeId: strings[h[i + 4]] });
  }
  return {
    uri: packed.uri, title: packed.title, aliases: packed.aliases, tags: packed.tags, nodes: [], edges: [], headings,
    wikiLinks: packed.wikiLinks, diagnostics: packed.diagnostics,
  };
}

export function unpackNote(packed: PackedNote): NoteContribution {
  const { uri, strings } = packed;
  const ranges = new Map<number, SourceRange>();
  const range = (start: number, end: number): SourceRange | undefined => {
    if (start < 0) return undefined;
    const key = start * 1_000_003 + end;
    let r = ranges.get(key);
    if (!r) ranges.set(key, (r = { uri, startLine: start, endLine: end }));
    return r;
  };
  const nodes: GraphNode[] = [];
  for (let i = 0; i * NODE_FIELDS < packed.nodeFields.length; i++) {
    const f = packed.nodeFields.subarray(i * NODE_FIELDS, (i + 1) * NODE_FIELDS);
    const node: GraphNode = { id: strings[f[0]], kind: strings[f[1]] as NodeKind, title: strings[f[2]] };
    if (f[3] >= 0) node.container = strings[f[3]];
    if (f[4] >= 0) node.description = strings[f[4]];
    const sources = packed.nodeSources[i];
    if (sources) node.sources = sources;
    const location = range(packed.nodeLines[i * 2], packed.nodeLines[i * 2 + 1]);
    if (location) node.location = location;
    nodes.push(node);
  }
  const bodies = packedBodies(packed);
  for (let i = 0; i < nodes.length; i++) if (bodies[i] !== undefined) nodes[i].body = bodies[i];
  const edges: GraphEdge[] = [];
  const e = packed.edges;
  for (let i = 0; i < e.length; i += EDGE_FIELDS) {
    const edge: GraphEdge = { from: strings[e[i]], to: strings[e[i + 1]], kind: strings[e[i + 2]] as EdgeKind };
    if (e[i + 3] >= 0) edge.label = strings[e[i + 3]];
    if (e[i + 4] >= 0) edge.scope = strings[e[i + 4]];
    const location = range(e[i + 5], e[i + 6]);
    if (location) edge.location = location;
    edges.push(edge);
  }
  return { ...unpackNoteInfo(packed), nodes, edges };
}
