/**
 * A worker thread that reads and parses notes for the first index of a large
 * workspace, so that parsing (the larger half of indexing) runs on a second core
 * while the main thread builds the graph and answers requests. It also writes
 * what it parsed to the index cache, so the main thread never packs it again.
 */
import * as fs from 'fs';
import { parentPort, workerData } from 'worker_threads';
import { splitFrontmatter } from './core/frontmatter';
import { isGlossaryFrontmatter } from './core/glossary';
import { KnowledgeBase } from './core/knowledgeBase';
import { intoOneBuffer, PackedNote, packNote } from './core/storage/packedNote';
import { CacheRecorder, IndexCache } from './indexCache';
import { BIG_NOTE_CHARS } from './noteIndexing';
import type { ParseBatch, ParseBatchResult, ParsedFile, ParserRequest, ParserSnapshot, ReadFile } from './parsePool';

const snapshot = workerData as ParserSnapshot;
const kb = new KnowledgeBase();
for (const yaml of snapshot.companies) kb.loadCompanies(yaml);
for (const entry of snapshot.glossary) kb.setGlossaryEntry(entry.uri, entry.text);
const cache = snapshot.cache ? new IndexCache(snapshot.cache.dir) : undefined;
const recorder = cache && snapshot.cache ? new CacheRecorder(cache, snapshot.cache.fingerprint) : undefined;

/** Texts read for the names pass, kept for their parse (the same text, read once). */
const held = new Map<string, { text: string; size: number; mtimeMs: number }>();

/** A file's text with the size and time of the very text read: a cached parse is trusted only while they hold. */
function read(file: ParseBatch['files'][number]): { text: string; size: number; mtimeMs: number } | { skipped: string } {
  const descriptor = fs.openSync(file.path, 'r');
  try {
    const { size, mtimeMs } = fs.fstatSync(descriptor);
    if (size > snapshot.maxFileBytes) return { skipped: `skipped, ${(size / 1e6).toFixed(0)} MB is too large for a note.` };
    return { text: fs.readFileSync(descriptor, 'utf8'), size, mtimeMs };
  } finally {
    fs.closeSync(descriptor);
  }
}

function readForNames(file: ParseBatch['files'][number]): ReadFile {
  try {
    const got = read(file);
    if ('skipped' in got) return got;
    held.set(file.uri, got);
    // Not sent back: a big note is not outlined on the main thread, and copying it there costs that thread too.
    return got.text.length >= BIG_NOTE_CHARS ? { big: true } : { text: got.text };
  } catch (error) {
    return { skipped: `not indexed: ${error instanceof Error ? error.message : String(error)}` };
  }
}

function parseFile(file: ParseBatch['files'][number]): ParsedFile {
  try {
    const got = held.get(file.uri) ?? read(file);
    held.delete(file.uri);
    if ('skipped' in got) return { uri: file.uri, error: got.skipped };
    const { text, size, mtimeMs } = got;
    const parsed = parseText(file.uri, text);
    recorder?.add({ uri: file.uri, size, mtimeMs, ...('note' in parsed ? { note: parsed.note } : { glossary: text }) });
    return parsed;
  } catch (error) {
    return { uri: file.uri, error: `not indexed: ${error instanceof Error ? error.message : String(error)}` };
  }
}

/** `length`: the whole note's, when `text` is only its start. */
function parseText(uri: string, text: string, length = text.length): { uri: string; note: PackedNote } | { uri: string; text: string; glossary: true } {
  const { frontmatter } = splitFrontmatter(text.slice(0, 20000));
  // Glossary entries change the names every note is read with: the main thread takes them.
  if (frontmatter && !frontmatter.error && isGlossaryFrontmatter(frontmatter.data)) return { uri, text, glossary: true };
  return { uri, note: packNote(kb.parse(uri, text, length).note) };
}

parentPort!.on('message', (request: ParserRequest) => {
  if (request.type === 'read') {
    parentPort!.postMessage({ id: request.id, texts: request.files.map(readForNames) });
    return;
  }
  if (request.type === 'parseText') {
    let file: ParsedFile;
    try {
      file = parseText(request.uri, request.text, request.length);
      if ('note' in file) intoOneBuffer([file.note]);
    } catch (error) {
      file = { uri: request.uri, error: `not indexed: ${error instanceof Error ? error.message : String(error)}` };
    }
    parentPort!.postMessage({ id: request.id, generation: snapshot.generation, file });
    return;
  }
  if (request.type === 'parse') {
    const files = request.files.map(parseFile);
    intoOneBuffer(files.flatMap((file) => ('note' in file ? [file.note] : [])));
    const result: ParseBatchResult = { id: request.id, generation: snapshot.generation, files };
    parentPort!.postMessage(result);
    return;
  }
  try {
    // A part that cannot be written (disk full, folder gone) leaves the cache on disk as it was.
    if (!recorder) throw new Error('no cache folder was given');
    parentPort!.postMessage({ id: request.id, parts: recorder.finish(request.reuse) });
  } catch (error) {
    parentPort!.postMessage({ id: request.id, error: error instanceof Error ? error.message : String(error) });
  }
});
