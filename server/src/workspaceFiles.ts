/** Finds the workspace's notes: a directory walk filtered by the include and exclude globs. */
import * as fs from 'fs';
import * as path from 'path';
import picomatch from 'picomatch';
import { pathToFileURL } from 'url';

export interface NoteFile {
  path: string;
  /** `file:` URI of `path`, made once: the index asks for it several times per note. */
  uri: string;
  size: number;
  /** Last modification, so a cached parse can be trusted only while the file is unchanged. */
  mtimeMs: number;
}

export interface FoundNotes {
  files: NoteFile[];
  /** Files and folders left out for a reason the user may want to know (a link loop, an unreadable folder). */
  skipped: string[];
}

/**
 * Walks every root once. Symbolic links are followed, and each file and folder is taken once by
 * its real path: a folder reached twice (through a link, or in two overlapping workspace folders)
 * adds nothing twice, and a link loop ends.
 */
export async function findNoteFiles(roots: string[], include: string[], exclude: string[], limit = 200_000): Promise<FoundNotes> {
  const isIncluded = picomatch(include, { dot: false, nocase: true });
  const isExcluded = picomatch(exclude, { dot: true });
  const files: NoteFile[] = [];
  const skipped: string[] = [];
  const seenFolders = new Set<string>();
  const seenFiles = new Set<string>();
  // Synchronous calls, yielding to the event loop every few hundred entries: an awaited stat per
  // file costs a thread-pool round trip, a synchronous one a few microseconds.
  let sinceYield = 0;
  let limited = false;
  const walk = async (root: string, dir: string, realDir: string): Promise<void> => {
    if (seenFolders.has(realDir)) return;
    seenFolders.add(realDir);
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch (error) {
      skipped.push(`${dir}: folder not readable (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      if (files.length >= limit) {
        if (!limited) skipped.push(`${dir}: and every file after it: the first ${limit.toLocaleString('en')} notes are indexed, no more`);
        limited = true;
        return;
      }
      if (++sinceYield >= 500) {
        sinceYield = 0;
        await new Promise((resolve) => setImmediate(resolve));
      }
      const full = path.join(dir, entry.name);
      const rel = path.relative(root, full).split(path.sep).join('/');
      let isDirectory = entry.isDirectory();
      let isFile = entry.isFile();
      let real = path.join(realDir, entry.name);
      if (entry.isSymbolicLink()) {
        try {
          real = fs.realpathSync(full);
          const stat = fs.statSync(real);
          isDirectory = stat.isDirectory();
          isFile = stat.isFile();
        } catch {
          skipped.push(`${full}: link to nothing, or a link loop`);
          continue;
        }
      }
      if (isDirectory) {
        if (isExcluded(rel) || isExcluded(`${rel}/`) || isExcluded(`${rel}/x`)) continue;
        await walk(root, full, real);
      } else if (isFile && isIncluded(rel) && !isExcluded(rel)) {
        if (seenFiles.has(real)) continue;
        seenFiles.add(real);
        try {
          const stat = fs.statSync(full);
          files.push({ path: full, uri: pathToFileURL(full).toString(), size: stat.size, mtimeMs: stat.mtimeMs });
        } catch {
          // vanished between readdir and stat
        }
      }
    }
  };
  for (const root of roots) {
    let realRoot: string;
    try {
      realRoot = fs.realpathSync(root);
    } catch (error) {
      skipped.push(`${root}: workspace folder not readable (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
      continue;
    }
    await walk(root, root, realRoot);
  }
  if (files.length === 0 && roots.length > 0 && skipped.length === 0) {
    skipped.push(`no file in ${roots.join(', ')} matches dataNotes.notes.include (${include.join(', ')}) outside dataNotes.notes.exclude`);
  }
  return { files, skipped };
}
