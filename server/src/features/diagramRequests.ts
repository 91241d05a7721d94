/** `dataNotes/diagram` and `dataNotes/neighbourhood`: what the diagram and graph webviews draw. */
import { ErrorCodes, ResponseError } from 'vscode-languageserver/node';
import { ServerContext } from '../context';
import { ArchitecturesRequest, DIAGRAM_MAX_ARCHITECTURES, DiagramRequest, DiagramView, Neighbourhood, NeighbourhoodRequest } from '../protocol';
import { Diagrams } from './diagrams';

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

export function registerDiagramRequests(ctx: ServerContext, diagrams: Diagrams): void {
  ctx.connection.onRequest(DiagramRequest.method, (params: unknown): DiagramView | ResponseError<void> => {
    if (!isObject(params) || !Array.isArray(params.ids) || !params.ids.every((id) => typeof id === 'string') || params.ids.length === 0) {
      return new ResponseError(ErrorCodes.InvalidParams, `dataNotes/diagram needs { ids: string[] } (1 to ${DIAGRAM_MAX_ARCHITECTURES} architecture ids)`);
    }
    return diagrams.diagram(params.ids as string[]);
  });
  ctx.connection.onRequest(ArchitecturesRequest.method, () => diagrams.architectures());
  ctx.connection.onRequest(NeighbourhoodRequest.method, (params: unknown): Neighbourhood | null | ResponseError<void> => {
    if (!isObject(params) || typeof params.id !== 'string' || (params.limit !== undefined && (typeof params.limit !== 'number' || !(params.limit > 0)))) {
      return new ResponseError(ErrorCodes.InvalidParams, 'dataNotes/neighbourhood needs { id: string, limit?: number }');
    }
    return diagrams.neighbourhood(params.id, params.limit as number | undefined) ?? null;
  });
}
