/** Finds the workspace's notes: a directory walk filtered by the include and exclude globs. */
import * as fs from 'fs';
import * as path from 'path';
import picomatch from 'picomatch';

export interface NoteFile {
  path: string;
  size: number;
}

export async function findNoteFiles(root: string, include: string[], exclude: string[], limit = 200_000): Promise<NoteFile[]> {
  const isIncluded = picomatch(include, { dot: false, nocase: true });
  const isExcluded = picomatch(exclude, { dot: true });
  const found: NoteFile[] = [];
  const walk = async (dir: string): Promise<void> => {
    let entries: fs.Dirent[];
    try {
      entries = await fs.promises.readdir(dir, { withFileTypes: true });
    } catch {
      return; // unreadable folders are skipped, not fatal
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      if (found.length >= limit) return;
      const full = path.join(dir, entry.name);
      const rel = path.relative(root, full).split(path.sep).join('/');
      if (entry.isDirectory()) {
        if (isExcluded(rel) || isExcluded(`${rel}/`) || isExcluded(`${rel}/x`)) continue;
        await walk(full);
      } else if (entry.isFile() && isIncluded(rel) && !isExcluded(rel)) {
        try {
          found.push({ path: full, size: (await fs.promises.stat(full)).size });
        } catch {
          // vanished between readdir and stat
        }
      }
    }
  };
  await walk(root);
  return found;
}
