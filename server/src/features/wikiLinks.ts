/** `[[wiki links]]` in notes: completion of names after `[[`, document links, and a diagnostic for links to nothing. */
import { CompletionItem, CompletionItemKind, DiagnosticSeverity, Diagnostic, DocumentLink, Range } from 'vscode-languageserver/node';
import { NoteDiagnostic } from '../core/model';
import { ServerContext } from '../context';

export function registerWikiLinks(ctx: ServerContext): void {
  ctx.connection.onCompletion((params): CompletionItem[] | null => {
    const document = ctx.documents.get(params.textDocument.uri);
    if (!document || !ctx.isNote(params.textDocument.uri)) return null;
    const before = document.getText({ start: { line: params.position.line, character: 0 }, end: params.position });
    const open = /\[\[([^\]]*)$/.exec(before);
    if (!open) return null;
    const query = open[1];
    const results = query ? ctx.kb.search(query, { limit: 50, kinds: ['technology', 'concept', 'company'] }) : [];
    const entries = results.length ? results.map((r) => ({ title: r.title, kind: r.kind, detail: r.snippet }))
      : ctx.kb.allEntries().map((e) => ({ title: e.name, kind: e.category === 'concept' ? 'concept' : 'technology', detail: e.category }));
    const replace = Range.create(params.position.line, params.position.character - query.length, params.position.line, params.position.character);
    return entries.map((e, i) => ({
      label: e.title, kind: e.kind === 'company' ? CompletionItemKind.Module : CompletionItemKind.Reference, detail: e.detail,
      sortText: String(i).padStart(4, '0'), filterText: query ? query : e.title, textEdit: { range: replace, newText: e.title },
    }));
  });

  ctx.connection.onDocumentLinks((params): DocumentLink[] => {
    const links: DocumentLink[] = [];
    for (const link of ctx.kb.wikiLinks(params.textDocument.uri)) {
      const target = ctx.kb.resolveName(link.target);
      if (!target?.location) continue;
      links.push({ range: Range.create(link.line, link.start, link.line, link.end), target: `${target.location.uri}#L${target.location.startLine + 1}`, tooltip: target.title });
    }
    return links;
  });
}

/** Diagnostics of one note: what indexing found, plus wiki links that point at nothing. */
export function noteDiagnostics(ctx: ServerContext, uri: string): Diagnostic[] {
  const out: Diagnostic[] = ctx.kb.diagnostics(uri).map(toDiagnostic);
  for (const link of ctx.kb.wikiLinks(uri)) {
    if (ctx.kb.resolveName(link.target)) continue;
    out.push({ range: Range.create(link.line, link.start, link.line, link.end), severity: DiagnosticSeverity.Information, source: 'Data Notes', message: `No note or glossary entry is named "${link.target}".` });
  }
  return out;
}

function toDiagnostic(d: NoteDiagnostic): Diagnostic {
  const severity = d.severity === 'error' ? DiagnosticSeverity.Error : d.severity === 'warning' ? DiagnosticSeverity.Warning : DiagnosticSeverity.Information;
  return { range: Range.create(d.line, 0, d.line, 1000), severity, source: 'Data Notes', message: d.message };
}
