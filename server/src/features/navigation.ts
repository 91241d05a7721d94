/** Definition and references for the technology under the cursor. */
import { ServerContext, toLocations } from '../context';
import { technologyNodeId } from '../core/model';
import { termAtPosition } from './termAtPosition';

export function registerNavigation(ctx: ServerContext): void {
  ctx.connection.onDefinition((params) => {
    const link = wikiLinkAt(ctx, params.textDocument.uri, params.position.line, params.position.character);
    if (link) return link.location ? toLocations([link.location]) : null;
    const hit = termAtPosition(ctx, params.textDocument.uri, params.position);
    return hit ? toLocations(ctx.kb.definitions(technologyNodeId(hit.entry.id))) : null;
  });

  ctx.connection.onReferences((params) => {
    const hit = termAtPosition(ctx, params.textDocument.uri, params.position);
    if (!hit) return null;
    const id = technologyNodeId(hit.entry.id);
    const refs = ctx.kb.references(id);
    return toLocations(params.context.includeDeclaration ? [...ctx.kb.definitions(id).slice(0, 1), ...refs] : refs);
  });
}

function wikiLinkAt(ctx: ServerContext, uri: string, line: number, character: number) {
  const link = ctx.kb.wikiLinks(uri).find((w) => w.line === line && w.start <= character && character < w.end);
  return link ? ctx.kb.resolveName(link.target) ?? { location: undefined } : undefined;
}
