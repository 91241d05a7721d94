/** Workspace symbols (Ctrl+T) from the fuzzy search, and the outline of a note. */
import { DocumentSymbol, SymbolInformation, SymbolKind, Range } from 'vscode-languageserver/node';
import { NodeKind } from '../core/model';
import { ServerContext, toLocation } from '../context';

const SYMBOL_KIND: Record<NodeKind, SymbolKind> = {
  technology: SymbolKind.Class, concept: SymbolKind.Interface, company: SymbolKind.Namespace, architecture: SymbolKind.Module,
  stage: SymbolKind.Event, topic: SymbolKind.Package, section: SymbolKind.String,
};

export function registerSymbols(ctx: ServerContext): void {
  ctx.connection.onWorkspaceSymbol((params): SymbolInformation[] => {
    // VS Code filters workspace symbols by their names again, with its own fuzzy match: a result
    // found by an alias (카프카 for Kafka) carries the alias in its name, or it would be dropped.
    return ctx.kb.search(params.query, { limit: 100, snippets: false }).filter((r) => r.location).map((r) => ({
      name: r.alias && !r.title.includes(r.alias) ? `${r.title} (${r.alias})` : r.title, kind: SYMBOL_KIND[r.kind], containerName: r.container ?? r.kind, location: toLocation(r.location!),
    }));
  });

  ctx.connection.onDocumentSymbol((params): DocumentSymbol[] => {
    const headings = ctx.kb.headings(params.textDocument.uri);
    const roots: DocumentSymbol[] = [];
    const stack: { level: number; symbol: DocumentSymbol }[] = [];
    for (const h of headings) {
      const node = ctx.kb.graph.node(h.nodeId);
      const range = Range.create(h.line, 0, Math.max(h.line, h.endLine - 1), 0);
      const symbol: DocumentSymbol = { name: h.title, detail: node?.kind, kind: SYMBOL_KIND[node?.kind ?? 'section'], range, selectionRange: Range.create(h.line, 0, h.line, 0), children: [] };
      while (stack.length && stack[stack.length - 1].level >= h.level) stack.pop();
      (stack.length ? stack[stack.length - 1].symbol.children! : roots).push(symbol);
      stack.push({ level: h.level, symbol });
    }
    return roots;
  });
}
