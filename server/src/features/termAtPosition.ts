/** Shared by hover, definition, references and "reveal in tree": the technology at a document position. */
import { Position } from 'vscode-languageserver/node';
import { TermHit } from '../core/knowledgeBase';
import { ServerContext } from '../context';

/** What a code document names for sure, kept until the knowledge changes, or the document did a while ago. */
interface Evidence {
  version: number;
  knowledge: number;
  confirmed: ReadonlySet<string>;
  at: number;
}

/**
 * While a file is being typed in, its evidence is read again at most this often: hovers between
 * keystrokes must not re-read a large file each time, and what it imports rarely changes.
 */
const EVIDENCE_STALE_MS = 500;
/** The part of a file read for evidence: imports and declarations come first. */
const EVIDENCE_CHARS = 200_000;

/** Keyed by the open document itself: closing it lets its evidence go. */
const evidenceOf = new WeakMap<object, Evidence>();

export function termAtPosition(ctx: ServerContext, uri: string, position: Position): TermHit | undefined {
  const document = ctx.documents.get(uri);
  if (!document) return undefined;
  const text = document.getText({ start: { line: position.line, character: 0 }, end: { line: position.line + 1, character: 0 } }).replace(/\r?\n$/, '');
  if (ctx.isNote(uri)) {
    // In notes, the headings above a line tell what it is about (a `shell - kernel` bullet under a Linux heading).
    const context = ctx.kb.headings(uri).filter((h) => h.line <= position.line && position.line < h.endLine).map((h) => h.title).join(' ');
    return ctx.kb.termAt(text, position.character, { languageId: document.languageId, context });
  }
  // In code, the rest of the file counts too: its imports, its path, the names it confirms elsewhere.
  let evidence = evidenceOf.get(document);
  const now = Date.now();
  if (!evidence || evidence.knowledge !== ctx.kb.vocabulary.generation || (evidence.version !== document.version && now - evidence.at >= EVIDENCE_STALE_MS)) {
    // The file's own name and folder (`hive/daily.hql`), not the folders above: a project named
    // after a word must not confirm that word in every file.
    const path = decodeURIComponent(uri).split('/').slice(-2).join('/');
    const text = document.getText();
    const confirmed = ctx.kb.confirmedIn(text.length > EVIDENCE_CHARS ? text.slice(0, EVIDENCE_CHARS) : text, { languageId: document.languageId, path });
    evidence = { version: document.version, knowledge: ctx.kb.vocabulary.generation, confirmed, at: now };
    evidenceOf.set(document, evidence);
  }
  return ctx.kb.termAt(text, position.character, { languageId: document.languageId, confirmed: evidence.confirmed });
}
