/**
 * The custom requests and notifications between the Data Notes client and server.
 * Both sides import this file, so method names and shapes are written once.
 */
import { NotificationType, RequestType } from 'vscode-languageserver-protocol';
import type { EntityDetails, GraphView } from './core/knowledgeBase';
import type { NodeKind } from './core/model';
import type { SearchResult } from './core/search';

export type { EntityDetails, GraphView, SearchResult, NodeKind };

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

export interface SourceLocation {
  uri: string;
  startLine: number;
  endLine: number;
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

/** The command hover links use to open an entity in the Data Notes details view. */
export const SHOW_DETAILS_COMMAND = 'dataNotes.showDetails';

/**
 * How the server process is started, by the extension and by the tests and benchmark alike.
 * --expose-gc: the server collects its garbage after indexing a large workspace (see releaseMemory).
 * MALLOC_MMAP_THRESHOLD_: glibc otherwise raises its mmap threshold each time a large buffer is
 * freed, after which buffers of several MB (messages, file reads) come from the heap and leave
 * holes it never returns; fixed at glibc's default, they are mapped and unmapped whole (about
 * 35 MB less RSS after indexing 10k notes here).
 * glibc.malloc.tcache_count=0: no per-thread cache of freed blocks. Blocks freed through it are
 * not merged with their neighbours, so the arenas of other threads (the parser thread, V8's
 * helpers) kept pages they no longer used: RSS 30 s after indexing 10k notes 154-157 -> 149 MB,
 * and indexing was no slower (names ~1.37 -> ~1.33 s, full ~4.8 s, three runs each).
 * Allocators other than glibc ignore both; a GLIBC_TUNABLES of the user's own is kept.
 */
export const SERVER_PROCESS = {
  execArgv: ['--expose-gc'],
  env: {
    MALLOC_MMAP_THRESHOLD_: '131072',
    GLIBC_TUNABLES: [process.env.GLIBC_TUNABLES, 'glibc.malloc.tcache_count=0'].filter(Boolean).join(':'),
  },
} as const;
