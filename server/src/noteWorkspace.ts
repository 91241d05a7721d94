/**
 * Where the workspace's notes come from: listed, read and stat'ed through one interface, so that
 * the indexer runs the same over the disk (`DiskWorkspace`) and over notes held in memory (tests).
 * Changes arrive from the client's file watcher, which the server hands to the indexer.
 */
import * as fs from 'fs';
import { fileURLToPath } from 'url';
import { findNoteFiles, FoundNotes } from './workspaceFiles';

export interface NoteWorkspace {
  /** The notes the settings select, and what was left out and why. */
  list(): Promise<FoundNotes>;
  read(path: string): Promise<string>;
  /** For the knowledge base's synchronous re-reads (a glossary note changed the names every note is read with). */
  readSync(path: string): string | undefined;
  size(path: string): Promise<number>;
  exists(path: string): boolean;
  /** True when the parser thread may read the files itself (it reads the disk). */
  readonly onDisk: boolean;
}

/** The workspace folders on disk, filtered by the `notes.include` and `notes.exclude` settings. */
export class DiskWorkspace implements NoteWorkspace {
  readonly onDisk = true;

  constructor(private readonly roots: () => string[], private readonly globs: () => { include: string[]; exclude: string[] }) {}

  list(): Promise<FoundNotes> {
    const { include, exclude } = this.globs();
    return findNoteFiles(this.roots(), include, exclude);
  }

  read(path: string): Promise<string> {
    return fs.promises.readFile(path, 'utf8');
  }

  readSync(path: string): string | undefined {
    try {
      return fs.readFileSync(path, 'utf8');
    } catch {
      return undefined;
    }
  }

  async size(path: string): Promise<number> {
    return (await fs.promises.stat(path)).size;
  }

  exists(path: string): boolean {
    return fs.existsSync(path);
  }
}

/** The path of a `file:` URI, undefined for other schemes (untitled editors). */
export function pathOf(uri: string): string | undefined {
  return uri.startsWith('file:') ? fileURLToPath(uri) : undefined;
}
