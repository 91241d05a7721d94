/** The knowledge shipped with the extension (`knowledge/`): companies, glossary entries and sample notes. */
import * as fs from 'fs';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { KnowledgeBase } from './core/knowledgeBase';
import { NoteDiagnostic } from './core/model';

/**
 * Finds `knowledge/` next to or above `fromDir`: the bundle lives in `dist/`, compiled
 * tests in `out/...`, and both sit under the folder that holds `knowledge/`.
 */
export function findKnowledgeDir(fromDir: string): string | undefined {
  for (let dir = fromDir, i = 0; i < 6; i++, dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'knowledge');
    if (fs.existsSync(path.join(candidate, 'companies.yaml'))) return candidate;
  }
  return undefined;
}

interface BundledFile {
  kind: 'glossary' | 'note';
  path: string;
  uri: string;
  text: string;
}

function readBundledFiles(knowledgeDir: string): BundledFile[] {
  const files: BundledFile[] = [];
  for (const kind of ['glossary', 'note'] as const) {
    const dir = path.join(knowledgeDir, kind === 'glossary' ? 'glossary' : 'notes');
    if (!fs.existsSync(dir)) continue;
    for (const name of fs.readdirSync(dir).filter((f) => f.endsWith('.md')).sort()) {
      const file = path.join(dir, name);
      files.push({ kind, path: file, uri: pathToFileURL(file).toString(), text: fs.readFileSync(file, 'utf8') });
    }
  }
  return files;
}

function addFile(kb: KnowledgeBase, file: BundledFile): NoteDiagnostic[] {
  return file.kind === 'glossary' ? kb.setGlossaryEntry(file.uri, file.text) : kb.setNote(file.uri, file.text);
}

/** Loads all of it, for the tests and the benchmark (the server uses `BundledKnowledge`). */
export function loadBundledKnowledge(kb: KnowledgeBase, knowledgeDir: string): NoteDiagnostic[] {
  kb.loadCompanies(fs.readFileSync(path.join(knowledgeDir, 'companies.yaml'), 'utf8'));
  const diagnostics = readBundledFiles(knowledgeDir).flatMap((file) => addFile(kb, file));
  kb.refreshMatcher();
  return diagnostics;
}

/**
 * The bundled files in the server's knowledge base, each shown at most once next to the workspace:
 * a workspace file replaces the bundled file it is, or is a copy of (a note of the same file name,
 * a glossary entry of the same name in a `glossary` folder), so opening `knowledge/` or a copy of a
 * sample note as a workspace doubles nothing and every location points at the workspace's file.
 * The sample notes can be left out (`dataNotes.sampleNotes.enabled`); the glossary always stays.
 */
export class BundledKnowledge {
  /** Bundled files currently in the knowledge base under their own URI. */
  private readonly shown = new Set<string>();
  /** Every bundled file's URI: asked about each edited note, so a set. */
  private readonly uris: Set<string>;

  private constructor(private readonly kb: KnowledgeBase, readonly dir: string, private readonly files: BundledFile[]) {
    this.uris = new Set(files.map((f) => f.uri));
  }

  static load(kb: KnowledgeBase, dir: string): BundledKnowledge {
    kb.loadCompanies(fs.readFileSync(path.join(dir, 'companies.yaml'), 'utf8'));
    return new BundledKnowledge(kb, dir, readBundledFiles(dir));
  }

  /** True for a file of the bundle, shown or not. */
  contains(uri: string): boolean {
    return this.uris.has(uri);
  }

  isShown(uri: string): boolean {
    return this.shown.has(uri);
  }

  /**
   * Adds and removes bundled files so that the knowledge base has exactly the ones wanted given
   * the setting and the workspace's files (paths). Returns the diagnostics of the files added.
   */
  sync(showSampleNotes: boolean, workspacePaths: Iterable<string>): { diagnostics: NoteDiagnostic[]; changed: boolean } {
    const names = new Set<string>();
    const glossaryNames = new Set<string>();
    const paths = new Set<string>();
    for (const file of workspacePaths) {
      const name = path.basename(file);
      names.add(name);
      if (path.basename(path.dirname(file)) === 'glossary') glossaryNames.add(name);
      paths.add(file);
    }
    const diagnostics: NoteDiagnostic[] = [];
    let changed = false;
    for (const file of this.files) {
      const name = path.basename(file.path);
      const replaced = file.kind === 'note' ? names.has(name) : glossaryNames.has(name);
      const wanted = !replaced && (file.kind === 'glossary' || showSampleNotes);
      if (wanted && !this.shown.has(file.uri)) {
        diagnostics.push(...addFile(this.kb, file));
        this.shown.add(file.uri);
        changed = true;
      } else if (!wanted && this.shown.has(file.uri)) {
        // The workspace indexes this very file under the same URI: it is its note now.
        if (!paths.has(file.path)) this.kb.removeNote(file.uri);
        this.shown.delete(file.uri);
        changed = true;
      }
    }
    return { diagnostics, changed };
  }
}
