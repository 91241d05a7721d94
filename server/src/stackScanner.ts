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

  constructor(private readonly read: NameReader) {}

  /** Forgets what each file declared (the glossary changed: names may mean something else). */
  clear(): void {
    this.cache.clear();
  }

  scan(roots: string[], exclude: string[] = [], limit = 20_000): ScannedStack {
    const isExcluded = picomatch(exclude, { dot: true });
    const merged = new Map<string, StackEvidence[]>();
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
          for (const found of this.fileStack(full, rel, skipped)) {
            const list = merged.get(found.id) ?? [];
            for (const e of found.evidence) if (list.length < 50) list.push(e);
            merged.set(found.id, list);
          }
        }
      };
      const real = safeRealpath(root);
      if (real && !seen.has(real)) {
        seen.add(real);
        walk(root);
      }
    }
    const technologies = [...merged].map(([id, evidence]) => ({ id, evidence })).sort((a, b) => b.evidence.length - a.evidence.length || a.id.localeCompare(b.id));
    return { technologies, files, skipped };
  }

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
