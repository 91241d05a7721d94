/**
 * Notes open in editors: indexed again shortly after the user stops typing (the editor's text
 * wins over the disk while it is open), and given back to the disk's version when closed. A note
 * known only because it is open (untitled, outside the workspace) goes with its editor.
 */
import { TextDocuments } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { KnowledgeBase } from './core/knowledgeBase';
import { NoteDiagnostic } from './core/model';
import { NoteIndexing } from './noteIndexing';
import { NoteWorkspace, pathOf } from './noteWorkspace';
import { Log } from './workspaceIndexer';

/** An open note is indexed again this long after the last keystroke. */
const EDIT_DEBOUNCE_MS = 150;

export interface OpenNotesHost {
  kb: KnowledgeBase;
  /** Puts a note's text into the knowledge base (a big one in slices, parsed on another thread). */
  noteIndexing: NoteIndexing;
  workspace: NoteWorkspace;
  log: Log;
  /** Markdown or a note the index knows: worth indexing. */
  isNote(uri: string): boolean;
  isWorkspaceNote(uri: string): boolean;
  /** A bundled file (shown or replaced by a workspace copy), and whether it is shown. */
  isBundled(uri: string): boolean;
  isBundledShown(uri: string): boolean;
  indexed(uri: string, diagnostics: NoteDiagnostic[]): void;
  changed(): void;
  /** The disk's version of a workspace note, indexed again. */
  reindexFromDisk(uri: string): void;
}

export class OpenNotes {
  private readonly pending = new Map<string, NodeJS.Timeout>();
  private readonly openOnly = new Set<string>();

  constructor(private readonly documents: TextDocuments<TextDocument>, private readonly host: OpenNotesHost) {
    documents.onDidOpen((e) => this.schedule(e.document));
    documents.onDidChangeContent((e) => this.schedule(e.document));
    documents.onDidClose((e) => this.closed(e.document.uri));
  }

  private schedule(document: TextDocument): void {
    const { uri } = document;
    if (!this.host.isNote(uri) || (document.languageId !== 'markdown' && !this.host.isWorkspaceNote(uri))) return;
    if (!this.host.isWorkspaceNote(uri) && !this.host.isBundled(uri)) this.openOnly.add(uri);
    clearTimeout(this.pending.get(uri));
    this.pending.set(uri, setTimeout(async () => {
      this.pending.delete(uri);
      const current = this.documents.get(uri);
      if (!current) return;
      // Undefined: the note was written again meanwhile (typed in, closed); that write reports.
      const diagnostics = await this.host.noteIndexing.setNote(uri, current.getText());
      if (diagnostics) this.host.indexed(uri, diagnostics);
      this.refreshNames();
      this.host.changed();
    }, EDIT_DEBOUNCE_MS));
  }

  private closed(uri: string): void {
    clearTimeout(this.pending.get(uri));
    this.pending.delete(uri);
    const file = pathOf(uri);
    if (this.openOnly.delete(uri)) {
      this.host.kb.removeNote(uri);
      this.host.indexed(uri, []);
      this.refreshNames();
      this.host.changed();
    } else if (file && this.host.isWorkspaceNote(uri) && this.host.workspace.exists(file)) {
      this.host.reindexFromDisk(uri); // the disk version may differ from the discarded buffer
    } else if (file && this.host.isBundledShown(uri)) {
      const text = this.host.workspace.readSync(file);
      if (text === undefined) this.host.log.warn(`${uri}: could not re-read bundled note`);
      else this.host.indexed(uri, this.host.kb.setNote(uri, text));
      this.refreshNames();
      this.host.changed();
    }
  }

  /** An edited glossary note changes the names every note is read with: read them again now, not during the next request. */
  private refreshNames(): void {
    if (this.host.kb.needsRefresh) void this.host.noteIndexing.readAgain(this.host.indexed).then((read) => { if (read > 0) this.host.changed(); });
  }
}
