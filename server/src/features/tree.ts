/**
 * The two sidebar trees, one level at a time: Architectures (company → architecture → stage →
 * technology; notes that are no company's come after, as topics) and Technologies (category →
 * technology → the architectures that use it). Pure: it reads the knowledge base's graph and
 * glossary; no LSP here, so the core tests drive it too.
 *
 * A level lists its children's ids first (cheap) and builds items only for the page asked for: a
 * workspace where thousands of notes write about the same company costs one page per request.
 */
import { KnowledgeBase } from '../core/knowledgeBase';
import { entryIdOf, GraphEdge, GraphNode, SourceRange, technologyNodeId } from '../core/model';
import { TREE_MAX_LIMIT, TREE_PAGE_SIZE, TreeItemData, TreeLevel, TreeViewName } from '../protocol';

const CATEGORY_PREFIX = 'category:';
/** Separates a stage's id from a technology's in the id of the technology item under that stage. */
const USE_SEPARATOR = '>';
/** Separates a technology's id from an architecture's in the Technologies view. */
const USER_SEPARATOR = '<';
const FOLDER_PREFIX = 'folder:';
/** More topics than this at the root are grouped by folder. */
const TOPICS_BEFORE_FOLDERS = 30;
/** Levels kept for paging within one graph generation. */
const MAX_KEPT_LEVELS = 64;

export class TreeProvider {
  /** `folderLabel` names a folder of notes (the server knows the workspace folders); the others are named by `folderLabels`. */
  constructor(private readonly kb: KnowledgeBase, private readonly folderLabel: (folderUri: string) => string | undefined = () => undefined) {}

  /** Children lists by view and parent, for the graph generation they were made in (paging asks again). */
  private children = new Map<string, (() => TreeItemData)[]>();
  private childrenGeneration = -1;

  level(view: TreeViewName, parentId: string | undefined, offset = 0, limit = TREE_PAGE_SIZE): TreeLevel {
    if (this.childrenGeneration !== this.kb.version || this.children.size > MAX_KEPT_LEVELS) {
      this.children.clear();
      this.childrenGeneration = this.kb.version;
    }
    const key = `${view}\0${parentId ?? ''}`;
    let children = this.children.get(key);
    if (!children) {
      children = view === 'technologies' ? this.technologyChildren(parentId) : this.architectureChildren(parentId);
      this.children.set(key, children);
    }
    const start = Math.max(0, Math.floor(offset));
    const page = children.slice(start, start + Math.min(Math.max(1, Math.floor(limit)), TREE_MAX_LIMIT));
    return { items: page.map((child) => child()), total: children.length };
  }

  /** Root first, down to the item of a technology under the first architecture that uses it. */
  path(view: TreeViewName, entityId: string): TreeItemData[] | null {
    const graph = this.kb.graph;
    if (view === 'technologies') {
      const entryId = entryIdOf(entityId);
      const entry = entryId === undefined ? undefined : this.kb.glossaryEntry(entryId);
      if (!entry || entry.generic) return null;
      return [this.categoryItem(entry.category), this.entryItem(entry.id)];
    }
    for (const use of graph.iterateIn(entityId, 'uses')) {
      const stage = graph.node(use.from);
      const has = stage && graph.in(stage.id, 'has-stage')[0];
      const owner = has && graph.node(has.from);
      if (!stage || !owner) continue;
      const items = [this.stageItem(stage), this.technologyItem(stage, use)];
      if (owner.kind === 'architecture') {
        const root = graph.in(owner.id, 'has-architecture').map((e) => graph.node(e.from)).find((n): n is GraphNode => n !== undefined);
        if (!root) continue;
        return [...this.rootPath(root), this.architectureItem(owner), ...items];
      }
      return [...this.rootPath(owner), ...items];
    }
    return null;
  }

  // ---- Architectures

  private architectureChildren(parentId: string | undefined): (() => TreeItemData)[] {
    const graph = this.kb.graph;
    if (parentId === undefined) {
      const { companies, topics, folders } = this.roots();
      if (!folders) return [...companies, ...topics].map((id) => () => this.rootItem(graph.node(id)!));
      return [
        ...companies.map((id) => () => this.rootItem(graph.node(id)!)),
        ...[...folders].map(([folder, ids]) => () => this.folderItem(folder, ids.length)),
      ];
    }
    if (parentId.startsWith(FOLDER_PREFIX)) {
      return (this.roots().folders?.get(parentId.slice(FOLDER_PREFIX.length)) ?? []).map((id) => () => this.rootItem(graph.node(id)!));
    }
    if (parentId.includes(USE_SEPARATOR)) return [];
    const parent = graph.node(parentId);
    if (!parent) return [];
    if (parent.kind === 'company' || parent.kind === 'topic') {
      const architectures = this.architecturesOf(parent.id).map((a) => () => this.architectureItem(a));
      return [...architectures, ...this.stagesOf(parent.id).map((s) => () => this.stageItem(s))];
    }
    if (parent.kind === 'architecture' || parent.kind === 'section') return this.stagesOf(parent.id).map((s) => () => this.stageItem(s));
    if (parent.kind === 'stage') return graph.out(parent.id, 'uses').map((use) => () => this.technologyItem(parent, use));
    return [];
  }

  private rootsKept: { generation: number; companies: string[]; topics: string[]; folders?: Map<string, string[]> } | undefined;

  /**
   * Companies, then the topics that hold an architecture or a stage naming a technology, each in
   * note order; past TOPICS_BEFORE_FOLDERS topics, the topics go into one item per folder (a TIL
   * repository's thousands of notes would bury the companies). Read as ids and places: ten
   * thousand topics are not built as nodes for one page.
   */
  private roots(): { companies: string[]; topics: string[]; folders?: Map<string, string[]> } {
    if (this.rootsKept?.generation === this.kb.version) return this.rootsKept;
    const graph = this.kb.graph;
    const inOrder = (list: { id: string; uri: string | undefined; line: number }[]) => list
      .map((p) => ({ id: p.id, uri: p.uri, at: p.uri === undefined ? 0 : graph.orderOf(p.uri) * 1e7 + p.line })).sort((a, b) => a.at - b.at);
    const companies = inOrder([...graph.allPlaces('company')]).map((p) => p.id);
    const topicPlaces = inOrder([...graph.allPlaces('topic')].filter((p) => graph.hasOut(p.id, 'has-architecture') || this.hasTechnologyStage(p.id)));
    let folders: Map<string, string[]> | undefined;
    if (topicPlaces.length > TOPICS_BEFORE_FOLDERS) {
      folders = new Map();
      for (const p of topicPlaces) {
        const folder = p.uri === undefined ? '' : p.uri.slice(0, p.uri.lastIndexOf('/'));
        (folders.get(folder) ?? folders.set(folder, []).get(folder)!).push(p.id);
      }
      const named = new Map([...folders.keys()].map((f) => [f, this.folderLabel(f)]));
      const labels = folderLabels([...folders.keys()].filter((f) => named.get(f) === undefined));
      for (const [folder, label] of named) if (label !== undefined) labels.set(folder, label);
      folders = new Map([...folders].sort((a, b) => labels.get(a[0])!.localeCompare(labels.get(b[0])!)));
      this.folderLabels = labels;
    }
    this.rootsKept = { generation: this.kb.version, companies, topics: topicPlaces.map((p) => p.id), folders };
    return this.rootsKept;
  }

  private folderLabels = new Map<string, string>();

  private folderItem(folder: string, count: number): TreeItemData {
    return {
      id: `${FOLDER_PREFIX}${folder}`, label: this.folderLabels.get(folder) ?? folder, kind: 'folder', description: `${count}`,
      tooltip: decodeURIComponent(folder.replace(/^file:\/\//, '')), hasChildren: count > 0,
    };
  }

  /** The items from the root down to a company or topic: a topic under its folder when topics are grouped. */
  private rootPath(node: GraphNode): TreeItemData[] {
    const folders = node.kind === 'topic' ? this.roots().folders : undefined;
    if (folders) {
      for (const [folder, ids] of folders) if (ids.includes(node.id)) return [this.folderItem(folder, ids.length), this.rootItem(node)];
    }
    return [this.rootItem(node)];
  }

  /** A company's (or topic's) architectures, each once however many notes write it, in note order. */
  private architecturesOf(ownerId: string): GraphNode[] {
    const graph = this.kb.graph;
    const seen = new Set<string>();
    const out: { node: GraphNode; at: number }[] = [];
    for (const edge of graph.out(ownerId, 'has-architecture')) {
      if (seen.has(edge.to)) continue;
      seen.add(edge.to);
      const node = graph.node(edge.to);
      if (node) out.push({ node, at: this.position(edge.location ?? node.location) });
    }
    return out.sort((a, b) => a.at - b.at).map((x) => x.node);
  }

  /** Whether a stage under the node names a technology: walks, without sorting, until one does. */
  private hasTechnologyStage(ownerId: string): boolean {
    for (const stage of this.kb.graph.links('>', ownerId, 'has-stage')) if (this.kb.graph.hasOut(stage.other, 'uses')) return true;
    return false;
  }

  /** The stages under a node that name at least one technology, in note order. */
  private stagesOf(ownerId: string): GraphNode[] {
    const graph = this.kb.graph;
    const seen = new Set<string>();
    const out: { node: GraphNode; at: number }[] = [];
    for (const edge of graph.out(ownerId, 'has-stage')) {
      if (seen.has(edge.to) || graph.out(edge.to, 'uses').length === 0) continue;
      seen.add(edge.to);
      const node = graph.node(edge.to);
      if (node) out.push({ node, at: this.position(node.location) });
    }
    return out.sort((a, b) => a.at - b.at).map((x) => x.node);
  }

  private rootItem(node: GraphNode): TreeItemData {
    const noteCount = this.noteCountOf(node.id);
    return {
      id: node.id, label: node.title, kind: node.kind === 'company' ? 'company' : 'topic', entityId: node.id, location: node.location, noteCount,
      description: noteCount ? `${noteCount} notes` : undefined, hasChildren: true,
    };
  }

  private architectureItem(node: GraphNode): TreeItemData {
    const noteCount = this.noteCountOf(node.id);
    const hasStages = this.hasTechnologyStage(node.id);
    const notes = noteCount ? `${noteCount} notes` : undefined;
    return {
      id: node.id, label: node.title, kind: 'architecture', entityId: node.id, location: node.location, noteCount,
      description: hasStages ? notes : ['no stages', notes].filter(Boolean).join(', '), hasChildren: hasStages,
    };
  }

  /** How many notes write the node, when more than one: the items carry one place, Open Note asks for the rest. */
  private noteCountOf(id: string): number | undefined {
    const count = this.kb.graph.ownersOf(id).length;
    return count > 1 ? count : undefined;
  }

  private stageItem(stage: GraphNode): TreeItemData {
    const names = this.kb.graph.out(stage.id, 'uses').map((use) => this.titleOf(use.to)).join(', ');
    // A bullet of names only (`- Pub/Sub`) is labelled with them already.
    const description = names === stage.title ? undefined : names;
    return {
      id: stage.id, label: stage.title, kind: 'stage', entityId: stage.id, description, tooltip: stage.body,
      location: stage.location, hasChildren: true,
    };
  }

  private technologyItem(stage: GraphNode, use: GraphEdge): TreeItemData {
    const entry = this.kb.glossaryEntry(entryIdOf(use.to) ?? use.to);
    // Clicking a technology under a stage opens the note where that stage names it.
    const location = use.location ?? stage.location;
    return {
      id: `${stage.id}${USE_SEPARATOR}${use.to}`, label: this.titleOf(use.to), kind: 'technology', entityId: use.to,
      description: entry ? categoryLabel(entry.category) : undefined, location, hasChildren: false,
    };
  }

  // ---- Technologies

  private technologyChildren(parentId: string | undefined): (() => TreeItemData)[] {
    const entries = this.kb.allEntries().filter((e) => !e.generic); // broad ideas (metrics, caching) are in search and hovers only
    if (parentId === undefined) {
      const categories = [...new Set(entries.map((e) => e.category))].sort((a, b) => categoryLabel(a).localeCompare(categoryLabel(b)));
      return categories.map((c) => () => this.categoryItem(c));
    }
    if (parentId.startsWith(CATEGORY_PREFIX)) {
      const category = parentId.slice(CATEGORY_PREFIX.length);
      return entries.filter((e) => e.category === category).sort((a, b) => a.name.localeCompare(b.name)).map((e) => () => this.entryItem(e.id));
    }
    if (entryIdOf(parentId) !== undefined && !parentId.includes(USER_SEPARATOR)) {
      return this.architecturesUsing(parentId).map(({ architecture, location }) => () => {
        const node = this.kb.graph.node(architecture);
        const owner = node ? this.ownerOf(node) : undefined;
        return {
          id: `${parentId}${USER_SEPARATOR}${architecture}`, label: owner?.title ?? node?.container ?? '', description: node?.title,
          kind: 'architecture', entityId: architecture, location, hasChildren: false,
        };
      });
    }
    return [];
  }

  private categoryItem(category: string): TreeItemData {
    const count = this.kb.allEntries().filter((e) => !e.generic && e.category === category).length;
    return { id: `${CATEGORY_PREFIX}${category}`, label: categoryLabel(category), kind: 'category', description: String(count), hasChildren: count > 0 };
  }

  private entryItem(entryId: string): TreeItemData {
    const entry = this.kb.glossaryEntry(entryId)!;
    const id = technologyNodeId(entry.id);
    // Counted by stage (one count, no walk): a technology of thousands of stages costs nothing here.
    const stages = this.kb.graph.countLinksIn(id, 'uses');
    return {
      id, label: entry.name, kind: 'technology', entityId: id, description: stages ? `${stages} stage${stages > 1 ? 's' : ''}` : undefined,
      location: entry.location, hasChildren: stages > 0,
    };
  }

  /**
   * The architectures (or topics) with a stage that uses the technology, each once, at the first
   * place a stage of it names the technology, in note order. A popular technology has tens of thousands of
   * stages: the edges are read as numbers, not built, sorted and cached one stage at a time.
   */
  private architecturesUsing(techId: string): { architecture: string; location?: SourceRange }[] {
    const graph = this.kb.graph;
    const first = new Map<string, { at: number; uri?: string; line: number }>();
    for (const use of graph.links('<', techId, 'uses')) {
      const architecture = graph.anySource(use.other, 'has-stage');
      if (architecture === undefined) continue;
      const at = use.uri === undefined ? 0 : graph.orderOf(use.uri) * 1e7 + use.line;
      const known = first.get(architecture);
      if (!known || at < known.at) first.set(architecture, { at, uri: use.uri, line: use.line });
    }
    return [...first].sort((a, b) => a[1].at - b[1].at).map(([architecture, { uri, line }]) => ({
      architecture, location: uri === undefined ? undefined : { uri, startLine: line, endLine: line },
    }));
  }

  private ownerOf(architecture: GraphNode): GraphNode | undefined {
    if (architecture.kind !== 'architecture') return architecture;
    const edge = this.kb.graph.in(architecture.id, 'has-architecture')[0];
    return edge ? this.kb.graph.node(edge.from) : undefined;
  }

  private titleOf(id: string): string {
    return this.kb.graph.node(id)?.title ?? entryIdOf(id) ?? id;
  }

  /** Notes in index order, then lines. */
  private position(location: SourceRange | undefined): number {
    return location ? this.kb.graph.orderOf(location.uri) * 1e7 + location.startLine : 0;
  }
}

/**
 * What each folder is called in the tree: its path below the folders' common parent (`til/vim`),
 * or its own name when it is that parent.
 */
export function folderLabels(folders: string[]): Map<string, string> {
  const split = folders.map((f) => f.split('/'));
  let common = split[0]?.length ?? 0;
  for (const parts of split) {
    let i = 0;
    while (i < common && i < parts.length && parts[i] === split[0][i]) i++;
    common = i;
  }
  // Keep at least the last segment of the deepest common folder, so a label is never empty.
  if (split.some((parts) => parts.length === common)) common = Math.max(0, common - 1);
  return new Map(folders.map((folder, i) => [folder, decodeURIComponent(split[i].slice(common).join('/')) || folder]));
}

/** `log collection` → `Log collection`; `RPC` and `Linux` stay as they are. */
export function categoryLabel(category: string): string {
  return category.charAt(0).toUpperCase() + category.slice(1);
}
