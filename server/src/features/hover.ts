/** Hover in every document: the technology under the cursor, rendered by the knowledge core. */
import { Hover, HoverParams, MarkupKind, Range } from 'vscode-languageserver/node';
import { TermHovers } from '../core/render';
import { ServerContext } from '../context';
import { SHOW_DETAILS_COMMAND } from '../protocol';
import { EntityViews } from './entityViews';
import { termAtPosition } from './termAtPosition';

/**
 * The hover's Show details link. `encodeURIComponent` leaves `(`, `)`, `!`, `'` and `*` as they are,
 * and a `)` in an entry id would end the markdown link early: those are encoded too.
 */
export const detailsLink = (id: string) =>
  `command:${SHOW_DETAILS_COMMAND}?${encodeURIComponent(JSON.stringify([id])).replace(/[()!'*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`;

export function registerHover(ctx: ServerContext): void {
  const hovers = new TermHovers(new EntityViews(ctx.kb), detailsLink);
  ctx.connection.onHover((params: HoverParams): Hover | null => {
    if (!ctx.settings().hoverEnabled) return null;
    const hit = termAtPosition(ctx, params.textDocument.uri, params.position);
    // While the workspace is indexed, a hover up to a second old will do: the index is not whole yet anyway.
    const value = hit && hovers.render(hit.entry.id, ctx.indexing() ? 1000 : 0);
    if (!hit || !value) return null;
    const line = params.position.line;
    return { contents: { kind: MarkupKind.Markdown, value }, range: Range.create(line, hit.match.start, line, hit.match.end) };
  });
}
