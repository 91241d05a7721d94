/**
 * Indexes one note without holding the server's thread for long. A big note (an export, a log
 * pasted into markdown) is parsed on a thread of its own, and put into the knowledge base a slice
 * at a time, between which requests are answered. Small notes, nearly all of them, are indexed at
 * once: a round trip to the thread would cost more than their parse.
 */
import * as fs from 'fs';
import { KnowledgeBase, SteppedIndexing } from './core/knowledgeBase';
import { NoteDiagnostic } from './core/model';
import { NoteContribution } from './core/noteParser';
import { PackedNote } from './core/storage/packedNote';
import { ParsedFile, ParsePool } from './parsePool';
import { SLICE_MS, yieldToRequests } from './slices';

/** Where a note's current text is: its editor, or else its file. */
export interface NoteSource {
  openText(uri: string): string | undefined;
  fileOf(uri: string): string | undefined;
}

/** From this many characters a note is parsed on the parser thread (about 15 ms of parsing here). */
export const BIG_NOTE_CHARS = 32_000;
/** The parser thread is let go after this long without a big note: it holds a second copy of the names. */
const THREAD_IDLE_MS = 60_000;
/** Parses of one text tried when the glossary keeps changing under them; then it is parsed here. */
const PARSE_ATTEMPTS = 3;

export class NoteIndexing {
  private thread: { pool: ParsePool; generation: number } | undefined;
  private idleTimer: NodeJS.Timeout | undefined;
  private busy = 0;
  private readAgainRuns = 0;

  /**
   * `source`: where a note's current text is, for reading notes again when the names change.
   * `threads` false: everything is parsed on this thread.
   */
  constructor(
    private readonly kb: KnowledgeBase, private readonly maxFileBytes: number,
    private readonly source: NoteSource, private readonly threads = true,
  ) {}

  /**
   * Reads again, a slice at a time, the notes read with names that have changed since (a glossary
   * note added an entry or an alias): `KnowledgeBase.takeNotesToReadAgain`. Until each is read
   * again, queries see it as it was read. Resolves to how many were read.
   */
  async readAgain(indexed: (uri: string, diagnostics: NoteDiagnostic[]) => void): Promise<number> {
    const uris = this.kb.takeNotesToReadAgain();
    const run = ++this.readAgainRuns;
    let sliceStarted = performance.now();
    let read = 0;
    for (const uri of uris) {
      // A later change of names took every note, this one's included: that run reads them.
      if (run !== this.readAgainRuns) break;
      // Removed meanwhile (deleted, no longer included).
      if (!this.kb.isFullyIndexed(uri)) continue;
      const diagnostics = await this.readOne(uri);
      if (Array.isArray(diagnostics)) {
        indexed(uri, diagnostics);
        read++;
      }
      if (performance.now() - sliceStarted >= SLICE_MS) {
        await yieldToRequests();
        sliceStarted = performance.now();
      }
    }
    return read;
  }

  /**
   * Indexes `text` as note `uri`. Resolves to the note's diagnostics, or to undefined when a later
   * write of the note (an edit, a delete) began meanwhile: that one reports.
   */
  async setNote(uri: string, text: string): Promise<NoteDiagnostic[] | undefined> {
    if (text.length < BIG_NOTE_CHARS) return this.kb.setNote(uri, text);
    const outcome = await this.onThread(uri, (pool) => pool.parseText(uri, text));
    if (outcome === 'here') return this.kb.setNote(uri, text);
    return 'diagnostics' in outcome ? outcome.diagnostics : undefined;
  }

  /**
   * Indexes note `uri` as file `path` has it. A big file (`bytes` from its size) is read by the
   * parser thread as well: decoding a 50 MB file held this thread 50–100 ms, and only its first
   * 2 M characters are indexed. `read` reads it here (a small file), undefined when it is no longer
   * wanted. Resolves like `setNote`, or to why the file could not be read.
   */
  async setFile(uri: string, path: string, bytes: number, read: () => Promise<string | undefined>): Promise<NoteDiagnostic[] | { error: string } | undefined> {
    if (bytes < BIG_NOTE_CHARS) {
      const text = await read();
      return text === undefined ? undefined : this.kb.setNote(uri, text);
    }
    const outcome = await this.onThread(uri, async (pool) => {
      const batch = await pool.parse(0, [{ path, uri }]);
      return { generation: batch.generation, file: batch.files[0] };
    });
    if (outcome === 'here') {
      const text = await read();
      return text === undefined ? undefined : this.kb.setNote(uri, text);
    }
    if ('error' in outcome) return outcome;
    return 'diagnostics' in outcome ? outcome.diagnostics : undefined;
  }

  /**
   * Parses a note on the parser thread and indexes it in slices. 'here': no thread could do it (none
   * can start here, or the glossary kept changing under it): the caller parses it on this thread.
   */
  private async onThread(uri: string, parse: (pool: ParsePool) => Promise<{ generation: number; file: ParsedFile }>): Promise<'here' | { diagnostics: NoteDiagnostic[] } | { superseded: true } | { error: string }> {
    const claim = this.kb.claim(uri);
    for (let attempt = 0; attempt < PARSE_ATTEMPTS; attempt++) {
      const parsed = await this.parseOnThread(parse);
      if (!this.kb.holds(uri, claim)) return { superseded: true };
      if (parsed === 'no thread') break;
      // The thread was stopped (the glossary changed, it was replaced) or died: try again.
      if (parsed === 'failed') continue;
      const { file } = parsed;
      if ('error' in file) return { error: file.error };
      if ('glossary' in file) return { diagnostics: this.kb.setNote(uri, file.text) };
      const result = await this.setParsedNote(uri, file.note, parsed.generation, claim);
      if (!('stale' in result)) return result;
      // Stale: the glossary changed while the note was parsed; parse it again with the new names.
    }
    return 'here';
  }

  /** Note `uri` as its editor has it, or else as its file does (a big file read on the parser thread). */
  private async readOne(uri: string): Promise<NoteDiagnostic[] | { error: string } | undefined> {
    const open = this.source.openText(uri);
    if (open !== undefined) return this.setNote(uri, open);
    const file = this.source.fileOf(uri);
    if (file === undefined) return undefined;
    try {
      const bytes = fs.statSync(file).size;
      if (bytes > this.maxFileBytes) return undefined;
      // Opened in an editor while the file was read: the editor's text wins, and its own write reports.
      return await this.setFile(uri, file, bytes, async () => {
        const text = await fs.promises.readFile(file, 'utf8');
        return this.source.openText(uri) === undefined ? text : undefined;
      });
    } catch {
      return undefined; // gone since: the watcher reports it
    }
  }

  /**
   * Puts a note parsed elsewhere into the knowledge base, a step at a time (see
   * `KnowledgeBase.indexParsedInSteps`). Between steps `pause` runs: by default it answers
   * requests once a slice of work is done; a workspace pass gives its own, which reports progress.
   */
  async setParsedNote(
    uri: string, note: PackedNote | NoteContribution, generation: number, claim = this.kb.claim(uri),
    options: { namesOnly?: boolean; pause?: () => Promise<void> | void } = {},
  ): Promise<SteppedIndexing> {
    const steps = this.kb.indexParsedInSteps(uri, note, generation, claim, options);
    let sliceStarted = performance.now();
    const pause = options.pause ?? (async () => {
      if (performance.now() - sliceStarted < SLICE_MS) return;
      await yieldToRequests();
      sliceStarted = performance.now();
    });
    for (;;) {
      const step = steps.next();
      if (step.done) return step.value;
      await pause();
    }
  }

  /** Stops the parser thread. */
  async dispose(): Promise<void> {
    clearTimeout(this.idleTimer);
    const thread = this.thread;
    this.thread = undefined;
    await thread?.pool.dispose();
  }

  private async parseOnThread(parse: (pool: ParsePool) => Promise<{ generation: number; file: ParsedFile }>): Promise<{ generation: number; file: ParsedFile } | 'no thread' | 'failed'> {
    const pool = this.pool();
    if (!pool) return 'no thread';
    this.busy++;
    clearTimeout(this.idleTimer);
    try {
      return await parse(pool);
    } catch {
      if (this.thread?.pool === pool) this.thread = undefined;
      void pool.dispose();
      return 'failed';
    } finally {
      if (--this.busy === 0) this.idleTimer = setTimeout(() => void this.dispose(), THREAD_IDLE_MS).unref();
    }
  }

  /**
   * The parser thread, replaced when the glossary changed since it started (it reads names as they
   * were then; what it was parsing would be stale anyway, and is parsed again).
   */
  private pool(): ParsePool | undefined {
    if (!this.threads) return undefined;
    const snapshot = this.kb.snapshot();
    if (this.thread?.generation !== snapshot.generation) {
      void this.thread?.pool.dispose();
      const pool = ParsePool.create(1, { ...snapshot, maxFileBytes: this.maxFileBytes });
      this.thread = pool && { pool, generation: snapshot.generation };
    }
    return this.thread?.pool;
  }
}
