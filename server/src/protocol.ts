/**
 * The custom requests and notifications between the Data Notes client and server.
 * Both sides import this file, so method names and shapes are written once.
 */
import { NotificationType, RequestType } from 'vscode-languageserver-protocol';

// Wire types: written here, not imported from the core, so that the client depends on this file
// only. The server's handlers are typed with them, so the compiler checks that what the core
// answers fits.

export type NodeKind = 'technology' | 'concept' | 'company' | 'architecture' | 'stage' | 'topic' | 'section';

/** Lines of a note: `endLine` is exclusive. */
export interface SourceLocation {
  uri: string;
  startLine: number;
  endLine: number;
}

export interface SearchResult {
  id: string;
  kind: NodeKind;
  title: string;
  container?: string;
  snippet: string;
  /** [start, end) ranges in `title` that matched. */
  titleMatches: [number, number][];
  /** [start, end) ranges in `snippet` that matched. */
  snippetMatches: [number, number][];
  location?: SourceLocation;
  /** Lower is better. */
  score: number;
}

/** A stage that uses a technology, with the architecture and company it belongs to. */
export interface UsedBy {
  companyId?: string;
  company: string;
  architectureId: string;
  architecture: string;
  stageId: string;
  stage: string;
  role?: string;
  location?: SourceLocation;
}

/** Everything the details view shows of one entity. */
export interface EntityDetails {
  id: string;
  kind: NodeKind;
  title: string;
  category?: string;
  vendor?: string;
  aliases: string[];
  summary: string;
  container?: string;
  usedBy: UsedBy[];
  /** How many stages use it in all, when `usedBy` was capped. */
  usedByCount: number;
  related: { id: string; title: string; type: string }[];
  flows: { from: string; fromTitle: string; to: string; toTitle: string; scope?: string; scopeTitle?: string }[];
  mentionedIn: { id: string; title: string; container?: string; location?: SourceLocation }[];
  /** For companies, architectures and topics: what they contain. */
  parts: { id: string; title: string; kind: NodeKind; technologies: { id: string; title: string }[]; location?: SourceLocation }[];
  sources: string[];
  locations: SourceLocation[];
}

export interface GraphView {
  nodes: { id: string; kind: NodeKind; title: string }[];
  edges: { from: string; to: string; kind: 'has-architecture' | 'has-stage' | 'uses' | 'related' | 'mentions' | 'flows-to'; label?: string }[];
}

export interface SearchParams {
  query: string;
  limit?: number;
  kinds?: NodeKind[];
}

export namespace SearchRequest {
  export const method = 'dataNotes/search';
  export const type = new RequestType<SearchParams, SearchResult[], void>(method);
}

export type TreeViewName = 'architectures' | 'technologies';

/** One item of a sidebar tree: the views ask for one level at a time. */
export interface TreeItemData {
  /** Unique in its view and stable across refreshes (expansion state is kept by it). */
  id: string;
  label: string;
  kind: 'company' | 'architecture' | 'stage' | 'technology' | 'topic' | 'category' | 'folder';
  /** Graph node the item shows, for "Show Details" (tree ids are unique per item, entity ids are not). */
  entityId?: string;
  description?: string;
  tooltip?: string;
  /** Where it is written; the first place of a company or architecture that several notes write. */
  location?: SourceLocation;
  /** Notes that write it, when more than one (Open Note asks for their places: `dataNotes/entity`). */
  noteCount?: number;
  hasChildren: boolean;
}

export interface TreeParams {
  /** `architectures` (default): company → architecture → stage → technology; `technologies`: category → technology → users. */
  view?: TreeViewName;
  /** The item whose children are wanted; the roots without it. */
  parentId?: string;
  /** Paging within the level: the first child wanted (default 0) and how many at most (default and cap below). */
  offset?: number;
  limit?: number;
}

/** Children asked for in one request unless the request says otherwise, and at most. */
export const TREE_PAGE_SIZE = 100;
export const TREE_MAX_LIMIT = 5000;

export interface TreeLevel {
  items: TreeItemData[];
  /** Children of the parent in all; more than `offset + items.length` means more pages. */
  total: number;
}

export namespace TreeRequest {
  export const method = 'dataNotes/tree';
  export const type = new RequestType<TreeParams, TreeLevel, void>(method);
}

export interface TreePathParams {
  view?: TreeViewName;
  /** The entity to reveal (for now a technology: the first architecture that uses it). */
  entityId: string;
}

/** The items from a root down to an item that shows the entity, for "reveal in tree"; null when no item does. */
export namespace TreePathRequest {
  export const method = 'dataNotes/treePath';
  export const type = new RequestType<TreePathParams, TreeItemData[] | null, void>(method);
}

export interface EntityParams {
  id: string;
}

export namespace EntityRequest {
  export const method = 'dataNotes/entity';
  export const type = new RequestType<EntityParams, EntityDetails | null, void>(method);
}

export interface GraphParams {
  id?: string;
}

export namespace GraphRequest {
  export const method = 'dataNotes/graph';
  export const type = new RequestType<GraphParams, GraphView, void>(method);
}

/** Steps of a data pipeline, in the order a comparison lays them out. */
export const STAGE_PHASES = ['collect', 'store', 'process', 'analyse', 'serve', 'deploy', 'monitor'] as const;
export type StagePhase = (typeof STAGE_PHASES)[number];

/** One architecture as a diagram: its stages in order, the technologies of each, and the flows between them. */
export interface ArchitectureDiagram {
  id: string;
  title: string;
  /** The company (or topic) it belongs to. */
  container?: string;
  location?: SourceLocation;
  stages: {
    id: string;
    label: string;
    /** The pipeline step its label names, for aligning architectures in a comparison. */
    phase?: StagePhase;
    /** Where the stage's bullet is written: clicking the stage opens it. */
    location?: SourceLocation;
    technologies: { id: string; title: string; category?: string }[];
  }[];
  /** Technology to technology, as the notes write them (`Fluentd → S3`), within this architecture. */
  /**
   * Where each end is drawn, as [stage index, technology index]: in the stage that names both
   * (`Fluentd로 수집하여 S3에 저장`), else where each first appears.
   */
  flows: { from: string; to: string; fromAt: [number, number]; toAt: [number, number] }[];
}

export interface DiagramParams {
  /** One architecture, or several to compare side by side (at most `DIAGRAM_MAX_ARCHITECTURES`). */
  ids: string[];
}

export interface DiagramView {
  architectures: ArchitectureDiagram[];
  /** The same diagram as mermaid `flowchart LR` text, for Copy as Mermaid. */
  mermaid: string;
  /** For a comparison: stage labels (normalised) that several architectures share, and technologies used by more than one. */
  sharedTechnologies: string[];
}

export const DIAGRAM_MAX_ARCHITECTURES = 6;

/** Every architecture the notes describe, for picking what to draw or compare. */
export namespace ArchitecturesRequest {
  export const method = 'dataNotes/architectures';
  export const type = new RequestType<Record<string, never>, { id: string; title: string; container?: string; stages: number }[], void>(method);
}

export namespace DiagramRequest {
  export const method = 'dataNotes/diagram';
  export const type = new RequestType<DiagramParams, DiagramView, void>(method);
}

export interface NeighbourhoodParams {
  id: string;
  /** Most neighbours drawn; beyond it they are summarised by company (default and cap below). */
  limit?: number;
}

export interface NeighbourhoodNode {
  id: string;
  kind: NodeKind;
  title: string;
  container?: string;
  location?: SourceLocation;
  /** More neighbours beyond what is drawn, when summarised. */
  more?: number;
}

export interface Neighbourhood {
  center: NeighbourhoodNode;
  nodes: NeighbourhoodNode[];
  edges: { from: string; to: string; kind: GraphView['edges'][number]['kind']; label?: string }[];
  /** Set when the neighbourhood was too large to draw: how many users each company has, largest first. */
  summary?: { company: string; companyId?: string; count: number }[];
  /** Neighbours in all (drawn or summarised). */
  total: number;
}

export const NEIGHBOURHOOD_LIMIT = 60;

export namespace NeighbourhoodRequest {
  export const method = 'dataNotes/neighbourhood';
  export const type = new RequestType<NeighbourhoodParams, Neighbourhood, void>(method);
}

/** A technology of the open workspace, and what declares it. */
export interface StackTechnology {
  id: string;
  title: string;
  category?: string;
  evidence: { uri: string; line: number; text: string }[];
}

export interface SimilarArchitectureView {
  id: string;
  title: string;
  container?: string;
  /** 0..1: the rarity-weighted share of the stack. */
  score: number;
  shared: { id: string; title: string }[];
  adds: { id: string; title: string; stage: string }[];
}

export interface StackView {
  technologies: StackTechnology[];
  similar: SimilarArchitectureView[];
  /** Declaration files read. */
  files: number;
  skipped: string[];
}

/** The diagram id that draws the open workspace's own stack (one column per category). */
export const WORKSPACE_STACK_ID = 'stack:workspace';

export interface StackParams {
  /** Declaration files the client's watcher saw change since the last request: only they are read again. */
  changed?: string[];
}

export namespace StackRequest {
  export const method = 'dataNotes/stack';
  export const type = new RequestType<StackParams, StackView, void>(method);
}

export interface TermAtParams {
  uri: string;
  line: number;
  character: number;
}

/** The glossary entity under a position, for "reveal the hovered technology in the tree". */
export namespace TermAtRequest {
  export const method = 'dataNotes/termAt';
  export const type = new RequestType<TermAtParams, { id: string; title: string } | null, void>(method);
}

export interface IndexChangedParams {
  /** Notes in the index: the workspace's, the open ones and the bundled samples. */
  notes: number;
  /** Notes read from the workspace's folders. */
  workspaceNotes: number;
  entries: number;
  /** True while the workspace is still being indexed. */
  indexing: boolean;
  /**
   * How much of every workspace note is searchable: `reading` while the first pass runs;
   * `names` once every note's headings are (a large workspace gets there first, bodies,
   * stages and mentions follow); `full` once everything is.
   */
  phase: 'reading' | 'names' | 'full';
}

export namespace IndexChangedNotification {
  export const method = 'dataNotes/indexChanged';
  export const type = new NotificationType<IndexChangedParams>(method);
}

/** Initialization options the client may send; all optional. */
export interface InitializationOptions {
  /** Index the bundled `knowledge/` folder (default true). */
  bundledKnowledge?: boolean;
  /** A folder the server may keep a large workspace's index cache in (the extension's workspace storage); no cache without it. */
  cacheDir?: string;
}

/**
 * Documents over this many characters are not sent to the server while open (see the client's
 * `LargeDocuments`): the server indexes the saved file, and answers no hover inside them.
 */
export const MAX_SYNCED_DOCUMENT_CHARS = 4_000_000;

/** The command hover links use to open an entity in the Data Notes details view. */
export const SHOW_DETAILS_COMMAND = 'dataNotes.showDetails';

/**
 * How the server process is started, by the extension and by the tests and benchmark alike.
 * --expose-gc: the server collects its garbage once it has indexed a large workspace and whenever
 * it falls idle after work (see releaseMemory in server.ts); V8 alone often leaves the young generation grown.
 * MALLOC_MMAP_THRESHOLD_: glibc raises its mmap threshold each time a large buffer is freed, after
 * which buffers of up to that size come from its heap and leave holes it does not give back. Fixed
 * at its default, large buffers are mapped and unmapped whole. The one allocator setting kept: it
 * saves ~80 MB of RSS at 10k notes (BENCHMARKS.md); other allocators ignore it.
 */
export const SERVER_PROCESS = {
  execArgv: ['--expose-gc'],
  env: { MALLOC_MMAP_THRESHOLD_: '131072' },
} as const;
