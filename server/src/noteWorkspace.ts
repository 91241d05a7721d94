/**
 * Where the workspace's notes come from: listed, read and stat'ed through one interface, so that
 * the indexer runs the same over the disk (`DiskWorkspace`) and over notes held in memory (tests).
 * Changes arrive from the client's file watcher, which the server hands to the indexer.
 */
import * as fs from 'fs';
import * as path from 'path';
import picomatch from 'picomatch';
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
  private roots: string[] = [];
  private globs = { include: [] as string[], exclude: [] as string[] };
  private matches = { include: picomatch([]), exclude: picomatch([]) };

  /** The workspace folders and the settings' globs (at start, and when a setting changes). */
  configure(roots: string[], include: string[], exclude: string[]): void {
    this.roots = roots;
    this.globs = { include, exclude };
    this.matches = { include: picomatch(include, { nocase: true }), exclude: picomatch(exclude, { dot: true }) };
  }

  get hasFolders(): boolean {
    return this.roots.length > 0;
  }

  /** True for a file under a workspace folder that the include/exclude settings select. */
  selects(uri: string): boolean {
    const file = pathOf(uri);
    const rel = file === undefined ? undefined : this.relative(file);
    return rel !== undefined && rel !== '' && this.matches.include(rel) && !this.matches.exclude(rel);
  }

  /** What the trees call a folder of notes: `Root/sub/dir` inside a workspace folder; undefined elsewhere. */
  folderLabel(folderUri: string): string | undefined {
    const folder = pathOf(folderUri);
    if (folder === undefined) return undefined;
    for (const root of this.roots) {
      const rel = inside(root, folder);
      if (rel !== undefined) return rel ? `${path.basename(root)}/${rel}` : path.basename(root);
    }
    return undefined;
  }

  private relative(file: string): string | undefined {
    for (const root of this.roots) {
      const rel = inside(root, file);
      if (rel !== undefined) return rel;
    }
    return undefined;
  }

  list(): Promise<FoundNotes> {
    return findNoteFiles(this.roots, this.globs.include, this.globs.exclude);
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

/** The path of a `file:` URI, undefined for other schemes (untitled editors) and for file URIs this system has no path for (`file://host/x` on Linux). */
export function pathOf(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

/** `file` relative to `root` with `/`, or undefined when it is not inside. */
export function inside(root: string, file: string): string | undefined {
  const rel = path.relative(root, file);
  return rel.startsWith('..') || path.isAbsolute(rel) ? undefined : rel.split(path.sep).join('/');
}
