/** A small pool of parser threads (indexWorker.ts) for the first index of a large workspace. */
import * as fs from 'fs';
import * as path from 'path';
import { Worker } from 'worker_threads';
import { MAX_NOTE_CHARS } from './core/noteParser';
import type { PackedNote } from './core/storage/packedNote';
import type { CacheParts, CacheReuse } from './indexCache';

export interface ParserSnapshot {
  generation: number;
  companies: string[];
  glossary: { uri: string; text: string }[];
  maxFileBytes: number;
  /** Where the threads write the index cache parts of what they parse, with the names' fingerprint. */
  cache?: { dir: string; fingerprint: string };
}

export interface ParseBatch {
  id: number;
  files: { path: string; uri: string }[];
}

export type ParsedFile =
  | { uri: string; note: PackedNote }
  | { uri: string; text: string; glossary: true }
  | { uri: string; error: string };

export interface ParseBatchResult {
  id: number;
  generation: number;
  files: ParsedFile[];
}

/** A note's text as the thread read it for the names pass, why it did not, or that it is big (its names come with its parse). */
export type ReadFile = { text: string } | { skipped: string } | { big: true };

export type ParserRequest =
  | ({ type: 'parse' } & ParseBatch)
  /** Read the files (for the names pass on the main thread) and keep their text for their parse. */
  | ({ type: 'read' } & ParseBatch)
  /** Parse one note's text (a big note edited or changed on disk: see `NoteIndexing`). */
  | { type: 'parseText'; id: number; uri: string; text: string; length: number }
  /** Write what is left of the cache parts; the first thread also takes over what `reuse` keeps. */
  | { type: 'finishCache'; id: number; reuse?: CacheReuse };

type ParserReply = ParseBatchResult | { id: number; generation: number; file: ParsedFile } | { id: number; texts: ReadFile[] } | { id: number; parts: CacheParts } | { id: number; error: string };

export class ParsePool {
  private readonly workers: Worker[];
  private readonly pending = new Map<number, { resolve: (reply: ParserReply) => void; reject: (e: Error) => void }>();
  private nextId = 0;
  private failed = false;

  get size(): number {
    return this.workers.length;
  }

  /** False once a thread failed: what the threads hold (cache parts) is then incomplete. */
  get healthy(): boolean {
    return !this.failed;
  }

  /** Undefined when threads cannot be started here (the caller then parses on its own thread). */
  static create(size: number, snapshot: ParserSnapshot): ParsePool | undefined {
    const script = path.join(__dirname, 'indexWorker.js');
    if (size < 1 || !fs.existsSync(script)) return undefined;
    try {
      return new ParsePool(Array.from({ length: size }, () => new Worker(script, { workerData: snapshot })));
    } catch {
      return undefined;
    }
  }

  private constructor(workers: Worker[]) {
    this.workers = workers;
    for (const worker of workers) {
      worker.on('message', (reply: ParserReply) => {
        this.pending.get(reply.id)?.resolve(reply);
        this.pending.delete(reply.id);
      });
      worker.on('error', (error) => this.failAll(error));
      worker.on('exit', (code) => { if (code !== 0) this.failAll(new Error(`parser thread exited with code ${code}`)); });
    }
  }

  /** Parses batch number `batch` on its thread; batches on one thread finish in the order they were asked for. */
  async parse(batch: number, files: ParseBatch['files']): Promise<ParseBatchResult> {
    return (await this.ask(this.workers[batch % this.workers.length], { type: 'parse', id: this.nextId++, files })) as ParseBatchResult;
  }

  /** Parses one note's text on the first thread; `generation` is that of the names it was read with. */
  async parseText(uri: string, text: string): Promise<{ generation: number; file: ParsedFile }> {
    // Only what the parser indexes crosses to the thread: copying a 35 M-character note held this one for 60 ms.
    const start = text.length > MAX_NOTE_CHARS ? text.slice(0, MAX_NOTE_CHARS + 1) : text;
    return (await this.ask(this.workers[0], { type: 'parseText', id: this.nextId++, uri, text: start, length: text.length })) as { generation: number; file: ParsedFile };
  }

  /**
   * Reads files on the thread that will parse them (batches are parsed where they were read), so
   * the names pass on the main thread spends no time on the disk, and the parse reads nothing again.
   */
  async read(batch: number, files: ParseBatch['files']): Promise<ReadFile[]> {
    return ((await this.ask(this.workers[batch % this.workers.length], { type: 'read', id: this.nextId++, files })) as { texts: ReadFile[] }).texts;
  }

  /** Has every thread write the rest of its cache parts (after all its batches), and lists them all. */
  async finishCache(reuse?: CacheReuse): Promise<CacheParts[]> {
    return Promise.all(this.workers.map(async (worker, i) => {
      const reply = await this.ask(worker, { type: 'finishCache', id: this.nextId++, reuse: i === 0 ? reuse : undefined });
      if ('error' in reply) throw new Error(reply.error);
      return (reply as { parts: CacheParts }).parts;
    }));
  }

  async dispose(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }

  private ask(worker: Worker, request: ParserRequest): Promise<ParserReply> {
    return new Promise((resolve, reject) => {
      if (this.failed) return reject(new Error('a parser thread failed'));
      this.pending.set(request.id, { resolve, reject });
      worker.postMessage(request);
    });
  }

  private failAll(error: Error): void {
    this.failed = true;
    for (const { reject } of this.pending.values()) reject(error);
    this.pending.clear();
  }
}
