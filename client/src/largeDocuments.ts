/**
 * Documents too large to send to the server. Every open sends a document's whole text, and every
 * keystroke makes the server's copy of it (vscode-languageserver-textdocument) rebuild a string
 * of that size: for a 35 M-character note that held the server 0.3 s on open and 50–130 ms a
 * keystroke, during which no hover was answered. The server indexes only a note's first 2 M
 * characters anyway, and indexes the saved file of a note it is not sent.
 */
import { MAX_SYNCED_DOCUMENT_CHARS } from '../../server/src/protocol';

/** What the middleware needs of a document: its identity and its length. */
export interface SizedDocument {
  uri: { toString(): string };
  /** Characters in the document (cheap in VS Code: the offset of its end). */
  length(): number;
}

export class LargeDocuments {
  private readonly unsent = new Set<string>();

  constructor(private readonly maxChars = MAX_SYNCED_DOCUMENT_CHARS) {}

  /**
   * Decided once, when the document opens: a document that grows past the limit while open stays
   * in sync (its open was sent), one that shrinks below it stays unsent until it is opened again.
   */
  opened(document: SizedDocument): boolean {
    if (document.length() <= this.maxChars) return true;
    this.unsent.add(document.uri.toString());
    return false;
  }

  /** True when the server was sent the document's open, so its changes, saves and close go too. */
  isSent(uri: { toString(): string }): boolean {
    return !this.unsent.has(uri.toString());
  }

  closed(uri: { toString(): string }): boolean {
    return !this.unsent.delete(uri.toString());
  }
}
