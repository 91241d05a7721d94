/** Shared by hover, definition, references and "reveal in tree": the technology at a document position. */
import { Position } from 'vscode-languageserver/node';
import { TermHit } from '../core/knowledgeBase';
import { ServerContext } from '../context';

export function termAtPosition(ctx: ServerContext, uri: string, position: Position): TermHit | undefined {
  const document = ctx.documents.get(uri);
  if (!document) return undefined;
  const text = document.getText({ start: { line: position.line, character: 0 }, end: { line: position.line + 1, character: 0 } }).replace(/\r?\n$/, '');
  // In notes, the headings above a line tell what it is about (a `shell - kernel` bullet under a Linux heading).
  const context = ctx.isNote(uri)
    ? ctx.kb.headings(uri).filter((h) => h.line <= position.line && position.line < h.endLine).map((h) => h.title).join(' ')
    : undefined;
  return ctx.kb.termAt(text, position.character, { languageId: document.languageId, context });
}
