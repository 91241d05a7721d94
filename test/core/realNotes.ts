/**
 * The real note collections (test/fixtures/note-collections) indexed together with the shipped
 * glossary, and the labelled search queries over them (test/fixtures/note-search-queries.json).
 * Shared by the tests and the benchmark.
 */
import * as fs from 'fs';
import * as path from 'path';
import { fileURLToPath, pathToFileURL } from 'url';
import { KnowledgeBase } from '../../server/src/core/knowledgeBase';
import { findKnowledgeDir } from '../../server/src/bundledKnowledge';

const FIXTURES = path.join(__dirname, '../../../test/fixtures');
export const COLLECTIONS_DIR = path.join(FIXTURES, 'note-collections');

export interface SearchQueryCase { query: string; kind: string; expected: string[]; why: string }

export function collectionNotes(dir = COLLECTIONS_DIR): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...collectionNotes(full));
    else if (/\.(md|markdown)$/i.test(entry.name)) out.push(full);
  }
  return out.sort();
}

/** The shipped glossary and companies, without the bundled notes. */
export function glossaryKnowledgeBase(): KnowledgeBase {
  const knowledge = findKnowledgeDir(__dirname)!;
  const kb = new KnowledgeBase();
  kb.loadCompanies(fs.readFileSync(path.join(knowledge, 'companies.yaml'), 'utf8'));
  for (const name of fs.readdirSync(path.join(knowledge, 'glossary'))) {
    const file = path.join(knowledge, 'glossary', name);
    kb.setGlossaryEntry(pathToFileURL(file).toString(), fs.readFileSync(file, 'utf8'));
  }
  kb.refreshMatcher();
  return kb;
}

/** The shipped glossary and companies, and every collection note (not the bundled notes). */
export function realNotesKnowledgeBase(): { kb: KnowledgeBase; texts: Map<string, string> } {
  const kb = glossaryKnowledgeBase();
  const texts = new Map<string, string>();
  for (const file of collectionNotes()) {
    const uri = pathToFileURL(file).toString();
    const text = fs.readFileSync(file, 'utf8');
    texts.set(uri, text);
    kb.setNote(uri, text);
  }
  return { kb, texts };
}

export function searchQueryCases(): SearchQueryCase[] {
  return JSON.parse(fs.readFileSync(path.join(FIXTURES, 'note-search-queries.json'), 'utf8')).queries;
}

/** A result's note, as the labels name it (relative to note-collections). */
export function collectionPathOf(uri: string): string {
  return path.relative(COLLECTIONS_DIR, fileURLToPath(uri)).split(path.sep).join('/');
}

export interface SearchQualityResult {
  total: number;
  passed: number;
  byKind: Map<string, { total: number; passed: number }>;
  failures: string[];
}

/** A query passes when one of its expected notes is among the first five distinct notes listed. */
export function measureSearch(kb: KnowledgeBase, cases = searchQueryCases()): SearchQualityResult {
  const result: SearchQualityResult = { total: 0, passed: 0, byKind: new Map(), failures: [] };
  for (const c of cases) {
    const notes: string[] = [];
    for (const r of kb.search(c.query, { limit: 50 })) {
      const uri = r.location?.uri;
      if (!uri || !uri.startsWith('file:')) continue;
      const note = collectionPathOf(uri);
      if (!notes.includes(note)) notes.push(note);
      if (notes.length === 5) break;
    }
    const ok = c.expected.some((e) => notes.includes(e));
    const kind = result.byKind.get(c.kind) ?? { total: 0, passed: 0 };
    kind.total++;
    result.total++;
    if (ok) {
      kind.passed++;
      result.passed++;
    } else {
      result.failures.push(`[${c.kind}] ${c.query}: expected ${c.expected.join(' | ')}; got ${notes.join(' | ') || 'nothing'}`);
    }
    result.byKind.set(c.kind, kind);
  }
  return result;
}
