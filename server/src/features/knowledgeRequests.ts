/** The custom `dataNotes/*` requests: search, tree, entity, graph and term-at-position. */
import { ErrorCodes, ResponseError } from 'vscode-languageserver/node';
import { NodeKind } from '../core/model';
import { ServerContext } from '../context';
import { EntityRequest, GraphRequest, SearchRequest, TermAtRequest, TreeRequest } from '../protocol';
import { termAtPosition } from './termAtPosition';

const KINDS = new Set<NodeKind>(['technology', 'concept', 'company', 'architecture', 'stage', 'topic', 'section']);

function invalid(message: string): ResponseError<void> {
  return new ResponseError(ErrorCodes.InvalidParams, message);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function registerKnowledgeRequests(ctx: ServerContext): void {
  ctx.connection.onRequest(SearchRequest.method, (params: unknown) => {
    if (!isObject(params) || typeof params.query !== 'string') return invalid('dataNotes/search needs { query: string }');
    if (params.limit !== undefined && (typeof params.limit !== 'number' || !(params.limit > 0))) return invalid('limit must be a positive number');
    if (params.kinds !== undefined && (!Array.isArray(params.kinds) || !params.kinds.every((k) => KINDS.has(k)))) {
      return invalid(`kinds must be a list of: ${[...KINDS].join(', ')}`);
    }
    return ctx.kb.search(params.query.slice(0, 500), { limit: Math.min(Number(params.limit ?? 50), 500), kinds: params.kinds as NodeKind[] | undefined });
  });

  ctx.connection.onRequest(TreeRequest.method, (params: unknown) => {
    const view = isObject(params) ? params.view : undefined;
    if (view !== undefined && view !== 'architectures' && view !== 'technologies') return invalid('view must be "architectures" or "technologies"');
    return view === 'technologies' ? ctx.kb.technologyTree() : ctx.kb.tree();
  });

  ctx.connection.onRequest(EntityRequest.method, (params: unknown) => {
    if (!isObject(params) || typeof params.id !== 'string') return invalid('dataNotes/entity needs { id: string }');
    return ctx.kb.entity(params.id) ?? null;
  });

  ctx.connection.onRequest(GraphRequest.method, (params: unknown) => {
    if (params !== undefined && params !== null && (!isObject(params) || (params.id !== undefined && typeof params.id !== 'string'))) {
      return invalid('dataNotes/graph takes { id?: string }');
    }
    return ctx.kb.graphView(isObject(params) ? (params.id as string | undefined) : undefined);
  });

  ctx.connection.onRequest(TermAtRequest.method, (params: unknown) => {
    if (!isObject(params) || typeof params.uri !== 'string' || typeof params.line !== 'number' || typeof params.character !== 'number') {
      return invalid('dataNotes/termAt needs { uri, line, character }');
    }
    const hit = termAtPosition(ctx, params.uri, { line: params.line, character: params.character });
    return hit ? { id: `tech:${hit.entry.id}`, title: hit.entry.name } : null;
  });
}
