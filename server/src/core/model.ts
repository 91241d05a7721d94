/**
 * The knowledge graph's data model. Plain data only, so that the server can send
 * any of it over LSP as JSON and tests can compare it directly.
 */

/** A zero-based line range inside one file; `endLine` is exclusive. */
export interface SourceRange {
  uri: string;
  startLine: number;
  endLine: number;
}

export type NodeKind = 'technology' | 'concept' | 'company' | 'architecture' | 'stage' | 'topic' | 'section';

export type EdgeKind =
  | 'has-architecture' // company → architecture, topic → section
  | 'has-stage' // architecture → stage
  | 'uses' // stage → technology (with the stage's role)
  | 'related' // technology → technology (with a relation type such as "part of")
  | 'mentions' // section → technology
  | 'flows-to'; // technology → technology inside one stage, in the order written

export interface GraphNode {
  id: string;
  kind: NodeKind;
  title: string;
  /** Company / architecture the node belongs to, for display ("LINE › 쇼핑 플랫폼"). */
  container?: string;
  /** Role of a stage (`로그 수집`) or category of a technology (`streaming`). */
  description?: string;
  /** Plain text used for search and snippets. */
  body?: string;
  /** Source links (`*(출처) https://...*`) written under the node's heading. */
  sources?: string[];
  location?: SourceRange;
}

export interface GraphEdge {
  from: string;
  to: string;
  kind: EdgeKind;
  /** Relation type (`part of`) for `related`, stage role for `uses`. */
  label?: string;
  /** Architecture the edge was seen in, for `flows-to`. */
  scope?: string;
  location?: SourceRange;
}

export interface Relation {
  to: string;
  type: string;
}

/** A technology or concept, from a glossary file. */
export interface GlossaryEntry {
  id: string;
  name: string;
  aliases: string[];
  category: string;
  vendor?: string;
  related: Relation[];
  /** True when a name is also an everyday word; see termMatcher for how that is handled. */
  ambiguous: boolean;
  /** A broad idea (metrics, caching) that notes mention in passing: hover and search know it, architecture stages do not list it. */
  generic: boolean;
  context: string[];
  command: boolean;
  /** Shell operators that stand for the entry (`>`, `2>&1` for I/O redirection). */
  operators: string[];
  /** Phrases inside which a name is something else: `lambda expression`, `component scan`. */
  except: string[];
  /** An ambiguous name that needs evidence even when written with its own capitals (Scan, Vector). */
  strict: boolean;
  /** Where to read more: the project's site or docs (http(s) only). */
  sources: string[];
  summary: string;
  location: SourceRange;
}

const TECHNOLOGY_PREFIX = 'tech:';

/** The graph id of a glossary entry's node: technologies and concepts are `tech:<entry id>`. */
export function technologyNodeId(entryId: string): string {
  return TECHNOLOGY_PREFIX + entryId;
}

/** The graph id of a company's node. */
export function companyNodeId(companyId: string): string {
  return `company:${companyId}`;
}

/** The glossary entry a graph node id stands for; undefined for every other node. */
export function entryIdOf(nodeId: string): string | undefined {
  return nodeId.startsWith(TECHNOLOGY_PREFIX) ? nodeId.slice(TECHNOLOGY_PREFIX.length) : undefined;
}

export interface Company {
  id: string;
  name: string;
  aliases: string[];
}

export type DiagnosticSeverity = 'error' | 'warning' | 'information';

/** A problem found in one file; the file's other content is still indexed. */
export interface NoteDiagnostic {
  uri: string;
  line: number;
  severity: DiagnosticSeverity;
  message: string;
}
