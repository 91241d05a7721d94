/** Hover in every document: the technology under the cursor, rendered by the knowledge core. */
import { Hover, HoverParams, MarkupKind, Range } from 'vscode-languageserver/node';
import { renderEntityMarkdown } from '../core/render';
import { ServerContext } from '../context';
import { SHOW_DETAILS_COMMAND } from '../protocol';
import { termAtPosition } from './termAtPosition';

const HOVER_ITEMS = 6;

export function registerHover(ctx: ServerContext): void {
  ctx.connection.onHover((params: HoverParams): Hover | null => {
    if (!ctx.settings().hoverEnabled) return null;
    const hit = termAtPosition(ctx, params.textDocument.uri, params.position);
    if (!hit) return null;
    // One more user than the hover shows, so it can say "… more".
    const entity = ctx.kb.entity(`tech:${hit.entry.id}`, HOVER_ITEMS + 1);
    if (!entity) return null;
    const value = renderEntityMarkdown(entity, {
      maxUsedBy: HOVER_ITEMS,
      detailsLink: (id) => `command:${SHOW_DETAILS_COMMAND}?${encodeURIComponent(JSON.stringify([id]))}`,
    });
    const line = params.position.line;
    return { contents: { kind: MarkupKind.Markdown, value }, range: Range.create(line, hit.match.start, line, hit.match.end) };
  });
}
