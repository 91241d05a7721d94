/** Code lenses on a note's architecture headings: draw it, or compare it, from where it is written. */
import { CodeLens, Range } from 'vscode-languageserver/node';
import { ServerContext } from '../context';

export function registerCodeLens(ctx: ServerContext): void {
  ctx.connection.onCodeLens((params): CodeLens[] => {
    if (!ctx.isNote(params.textDocument.uri)) return [];
    const lenses: CodeLens[] = [];
    for (const heading of ctx.kb.headings(params.textDocument.uri)) {
      const node = ctx.kb.graph.nodeWithoutBody(heading.nodeId);
      // Only a heading that holds stages has something to draw.
      if (!node || ctx.kb.graph.out(node.id, 'has-stage').length === 0) continue;
      const range = Range.create(heading.line, 0, heading.line, 0);
      lenses.push({ range, command: { title: 'Show diagram', command: 'dataNotes.showDiagram', arguments: [node.id] } });
      lenses.push({ range, command: { title: 'Show in graph', command: 'dataNotes.showGraph', arguments: [node.id] } });
    }
    return lenses;
  });
}
