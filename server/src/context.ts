/** What every feature handler needs: the knowledge base, the open documents and the connection. */
import { Connection, TextDocuments } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { KnowledgeBase } from './core/knowledgeBase';
import { SourceRange } from './core/model';
import { Location, Range } from 'vscode-languageserver/node';
import { Settings } from './settings';

export interface ServerContext {
  connection: Connection;
  documents: TextDocuments<TextDocument>;
  kb: KnowledgeBase;
  settings(): Settings;
  /** True for documents that are notes (indexed markdown), as opposed to code. */
  isNote(uri: string): boolean;
  /** True while the workspace is being indexed (the index changes every few milliseconds). */
  indexing(): boolean;
  /** What the trees call a folder of notes: `Root/sub/dir` inside a workspace folder, undefined elsewhere. */
  folderLabel(folderUri: string): string | undefined;
}

export function toLocation(range: SourceRange): Location {
  return Location.create(range.uri, Range.create(range.startLine, 0, Math.max(range.startLine, range.endLine - 1), 0));
}

export function toLocations(ranges: SourceRange[]): Location[] {
  const seen = new Set<string>();
  return ranges.filter((r) => {
    const key = `${r.uri}#${r.startLine}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  }).map(toLocation);
}
