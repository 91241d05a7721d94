/**
 * A worker thread that reads and parses notes for the first index of a large
 * workspace, so that parsing (the larger half of indexing) runs on a second core
 * while the main thread builds the graph and answers requests.
 */
import * as fs from 'fs';
import { parentPort, workerData } from 'worker_threads';
import { splitFrontmatter } from './core/frontmatter';
import { isGlossaryFrontmatter } from './core/glossary';
import { KnowledgeBase } from './core/knowledgeBase';
import { packNote } from './core/packedNote';
import type { ParseBatch, ParseBatchResult, ParsedFile, ParserSnapshot } from './parsePool';

const snapshot = workerData as ParserSnapshot;
const kb = new KnowledgeBase();
for (const yaml of snapshot.companies) kb.loadCompanies(yaml);
for (const entry of snapshot.glossary) kb.setGlossaryEntry(entry.uri, entry.text);

function parseFile(file: ParseBatch['files'][number]): ParsedFile {
  try {
    const size = file.size ?? fs.statSync(file.path).size;
    if (size > snapshot.maxFileBytes) return { uri: file.uri, error: `skipped, ${(size / 1e6).toFixed(0)} MB is too large for a note.` };
    const text = fs.readFileSync(file.path, 'utf8');
    const { frontmatter } = splitFrontmatter(text.slice(0, 20000));
    // Glossary entries change the names every note is read with: the main thread takes them.
    if (frontmatter && !frontmatter.error && isGlossaryFrontmatter(frontmatter.data)) return { uri: file.uri, text, glossary: true };
    const { note } = kb.parse(file.uri, text);
    return { uri: file.uri, note: packNote(note) };
  } catch (error) {
    return { uri: file.uri, error: `not indexed: ${error instanceof Error ? error.message : String(error)}` };
  }
}

parentPort!.on('message', (batch: ParseBatch) => {
  const result: ParseBatchResult = { id: batch.id, generation: snapshot.generation, files: batch.files.map(parseFile) };
  parentPort!.postMessage(result);
});
