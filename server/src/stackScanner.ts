/**
 * Finds a repository's declaration files (see core/stack.ts) and keeps what each declares: a file
 * is read again only when its size or modification time changed, so a rescan after an edit costs
 * the walk and one file. Respects `.gitignore` files at the folders' roots and the exclude
 * settings; skips large and binary files. Used by the language server and the CLI.
 */
import * as fs from 'fs';
import * as path from 'path';
import ignore, { Ignore } from 'ignore';
import picomatch from 'picomatch';
import { DetectedTechnology, detectStack, NameReader, StackEvidence, stackFileKind } from './core/stack';

/** Declaration files are small; a larger one is data, not a manifest. */
const MAX_STACK_FILE_BYTES = 512 * 1024;
/** Folders never worth walking for a stack, whatever the settings say. */
const ALWAYS_SKIPPED = new Set(['node_modules', '.git', '.hg', '.svn', '__pycache__', '.venv', 'venv', '.tox', 'target', '.gradle', '.idea', '.terraform']);

export interface ScannedStack {
  /** Evidence paths are absolute here. */
  technologies: DetectedTechnology[];
  files: number;
  skipped: string[];
}

export class StackScanner {
  private readonly cache = new Map<string, { size: number; mtimeMs: number; found: DetectedTechnology[] }>();
  /** The last walk: its folders and settings (as a key), and the declaration files it found (absolute path → relative). */
  private listing: { key: string; files: Map<string, string> } | undefined;

  constructor(private readonly read: NameReader) {}

  /** Forgets what each file declared (the glossary changed: names may mean something else). */
  clear(): void {
    this.cache.clear();
  }

  /**
   * Only the files the watcher reported changed, created or deleted (absolute paths) are looked at
   * again, on the last walk's listing, when there was one for the same folders and settings.
   */
  rescan(changed: string[], roots: string[], exclude: string[] = []): ScannedStack {
    const key = JSON.stringify([roots, exclude]);
    if (!this.listing || this.listing.key !== key) return this.scan(roots, exclude);
    const skipped: string[] = [];
    const isExcluded = picomatch(exclude, { dot: true });
    for (const file of changed) {
      this.cache.delete(file);
      const root = roots.find((r) => file.startsWith(r + path.sep));
      const rel = root && path.relative(root, file).split(path.sep).join('/');
      if (!rel || !stackFileKind(rel) || isExcluded(rel) || rel.split('/').some((part) => ALWAYS_SKIPPED.has(part)) || !fs.existsSync(file)) this.listing.files.delete(file);
      else this.listing.files.set(file, rel);
    }
    // The watcher named every file that changed: the others are as they were read.
    return this.merge([...this.listing.files], skipped, true);
  }

  private merge(files: [string, string][], skipped: string[], trustCache = false): ScannedStack {
    const merged = new Map<string, StackEvidence[]>();
    for (const [full, rel] of files) {
      const cached = trustCache ? this.cache.get(full) : undefined;
      for (const found of cached ? cached.found : this.fileStack(full, rel, skipped)) {
        const list = merged.get(found.id) ?? [];
        for (const e of found.evidence) if (list.length < 50) list.push(e);
        merged.set(found.id, list);
      }
    }
    const technologies = [...merged].map(([id, evidence]) => ({ id, evidence })).sort((a, b) => b.evidence.length - a.evidence.length || a.id.localeCompare(b.id));
    return { technologies, files: files.length, skipped };
  }

  scan(roots: string[], exclude: string[] = [], limit = 20_000): ScannedStack {
    const isExcluded = picomatch(exclude, { dot: true });
    const listed = new Map<string, string>();
    const skipped: string[] = [];
    let files = 0;
    const seen = new Set<string>();
    for (const root of roots) {
      const ignored = gitignoreOf(root);
      const walk = (dir: string) => {
        let entries: fs.Dirent[];
        try {
          entries = fs.readdirSync(dir, { withFileTypes: true });
        } catch {
          skipped.push(`${dir}: folder not readable`);
          return;
        }
        for (const entry of entries) {
          if (files >= limit) return;
          const full = path.join(dir, entry.name);
          const rel = path.relative(root, full).split(path.sep).join('/');
          if (entry.isDirectory()) {
            if (ALWAYS_SKIPPED.has(entry.name) || isExcluded(`${rel}/x`) || ignored?.ignores(`${rel}/`)) continue;
            walk(full);
            continue;
          }
          if (!entry.isFile() || !stackFileKind(rel) || isExcluded(rel) || ignored?.ignores(rel)) continue;
          files++;
          listed.set(full, rel);
        }
      };
      const real = safeRealpath(root);
      if (real && !seen.has(real)) {
        seen.add(real);
        walk(root);
      }
    }
    this.listing = { key: JSON.stringify([roots, exclude]), files: listed };
    return this.merge([...listed], skipped);
  }

  /** What a file declares: read again only when its size or time changed, or the watcher said it did. */
  private fileStack(full: string, rel: string, skipped: string[]): DetectedTechnology[] {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(full);
    } catch {
      return [];
    }
    const known = this.cache.get(full);
    if (known && known.size === stat.size && known.mtimeMs === stat.mtimeMs) return known.found;
    let found: DetectedTechnology[] = [];
    if (stat.size > MAX_STACK_FILE_BYTES) {
      skipped.push(`${full}: ${Math.round(stat.size / 1024)} KB, too large for a declaration file`);
    } else {
      const text = fs.readFileSync(full, 'utf8');
      if (text.includes('\u0000')) skipped.push(`${full}: binary`);
      else found = detectStack([{ path: rel, text }], this.read).map((t) => ({ id: t.id, evidence: t.evidence.map((e) => ({ ...e, path: full })) }));
    }
    this.cache.set(full, { size: stat.size, mtimeMs: stat.mtimeMs, found });
    return found;
  }
}

function gitignoreOf(root: string): Ignore | undefined {
  try {
    return ignore().add(fs.readFileSync(path.join(root, '.gitignore'), 'utf8'));
  } catch {
    return undefined;
  }
}

function safeRealpath(p: string): string | undefined {
  try {
    return fs.realpathSync(p);
  } catch {
    return undefined;
  }
}
