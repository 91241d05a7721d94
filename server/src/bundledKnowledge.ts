/** Reads the knowledge shipped with the extension (`knowledge/`) into a knowledge base. */
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

export function loadBundledKnowledge(kb: KnowledgeBase, knowledgeDir: string): NoteDiagnostic[] {
  kb.loadCompanies(fs.readFileSync(path.join(knowledgeDir, 'companies.yaml'), 'utf8'));
  const diagnostics: NoteDiagnostic[] = [];
  for (const folder of ['glossary', 'notes']) {
    const dir = path.join(knowledgeDir, folder);
    if (!fs.existsSync(dir)) continue;
    for (const name of fs.readdirSync(dir).filter((f) => f.endsWith('.md')).sort()) {
      const file = path.join(dir, name);
      const uri = pathToFileURL(file).toString();
      const text = fs.readFileSync(file, 'utf8');
      diagnostics.push(...(folder === 'glossary' ? kb.setGlossaryEntry(uri, text) : kb.setNote(uri, text)));
    }
  }
  kb.refreshMatcher();
  return diagnostics;
}
