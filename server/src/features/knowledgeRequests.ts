/** The custom `dataNotes/*` requests: search, tree, entity, graph and term-at-position. */
import { ErrorCodes, ResponseError } from 'vscode-languageserver/node';
import { NodeKind, technologyNodeId } from '../core/model';
import { ServerContext } from '../context';
import {
  EntityDetails, EntityRequest, GraphRequest, GraphView, SearchRequest, SearchResult, TermAtRequest, TreeItemData, TreeLevel, TreePathRequest, TreeRequest, TreeViewName,
} from '../protocol';

/** A handler's answer: the wire type, or the error for bad parameters. The core's answers must fit the wire types. */
type Answer<T> = T | ResponseError<void>;
import { EntityViews } from './entityViews';
import { TreeProvider } from './tree';
import { termAtPosition } from './termAtPosition';

const KINDS = new Set<NodeKind>(['technology', 'concept', 'company', 'architecture', 'stage', 'topic', 'section']);

function invalid(message: string): ResponseError<void> {
  return new ResponseError(ErrorCodes.InvalidParams, message);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function registerKnowledgeRequests(ctx: ServerContext): void {
  ctx.connection.onRequest(SearchRequest.method, (params: unknown): Answer<SearchResult[]> => {
    if (!isObject(params) || typeof params.query !== 'string') return invalid('dataNotes/search needs { query: string }');
    if (params.limit !== undefined && (typeof params.limit !== 'number' || !(params.limit > 0))) return invalid('limit must be a positive number');
    if (params.kinds !== undefined && (!Array.isArray(params.kinds) || !params.kinds.every((k) => KINDS.has(k)))) {
      return invalid(`kinds must be a list of: ${[...KINDS].join(', ')}`);
    }
    return ctx.kb.search(params.query.slice(0, 500), { limit: Math.min(Number(params.limit ?? 50), 500), kinds: params.kinds as NodeKind[] | undefined });
  });

  const trees = new TreeProvider(ctx.kb, (folder) => ctx.folderLabel(folder));
  const views = new EntityViews(ctx.kb);
  const viewOf = (params: unknown): TreeViewName | ResponseError<void> => {
    const view = isObject(params) ? params.view : undefined;
    if (view !== undefined && view !== 'architectures' && view !== 'technologies') return invalid('view must be "architectures" or "technologies"');
    return view ?? 'architectures';
  };
  ctx.connection.onRequest(TreeRequest.method, (params: unknown): Answer<TreeLevel> => {
    const view = viewOf(params);
    if (view instanceof ResponseError) return view;
    const p = (isObject(params) ? params : {}) as Record<string, unknown>;
    if (p.parentId !== undefined && typeof p.parentId !== 'string') return invalid('parentId must be a string');
    for (const key of ['offset', 'limit'] as const) {
      if (p[key] !== undefined && (typeof p[key] !== 'number' || !Number.isFinite(p[key]) || (p[key] as number) < 0)) return invalid(`${key} must be a number of 0 or more`);
    }
    return trees.level(view, p.parentId as string | undefined, p.offset as number | undefined, p.limit as number | undefined);
  });

  ctx.connection.onRequest(TreePathRequest.method, (params: unknown): Answer<TreeItemData[] | null> => {
    const view = viewOf(params);
    if (view instanceof ResponseError) return view;
    if (!isObject(params) || typeof params.entityId !== 'string') return invalid('dataNotes/treePath needs { entityId: string }');
    return trees.path(view, params.entityId);
  });

  ctx.connection.onRequest(EntityRequest.method, (params: unknown): Answer<EntityDetails | null> => {
    if (!isObject(params) || typeof params.id !== 'string') return invalid('dataNotes/entity needs { id: string }');
    return views.entity(params.id) ?? null;
  });

  ctx.connection.onRequest(GraphRequest.method, (params: unknown): Answer<GraphView> => {
    if (params !== undefined && params !== null && (!isObject(params) || (params.id !== undefined && typeof params.id !== 'string'))) {
      return invalid('dataNotes/graph takes { id?: string }');
    }
    return views.graphView(isObject(params) ? (params.id as string | undefined) : undefined);
  });

  ctx.connection.onRequest(TermAtRequest.method, (params: unknown): Answer<{ id: string; title: string } | null> => {
    if (!isObject(params) || typeof params.uri !== 'string' || typeof params.line !== 'number' || typeof params.character !== 'number') {
      return invalid('dataNotes/termAt needs { uri, line, character }');
    }
    const hit = termAtPosition(ctx, params.uri, { line: params.line, character: params.character });
    return hit ? { id: technologyNodeId(hit.entry.id), title: hit.entry.name } : null;
  });
}
