/** A small pool of parser threads (indexWorker.ts) for the first index of a large workspace. */
import * as fs from 'fs';
import * as path from 'path';
import { Worker } from 'worker_threads';
import type { PackedNote } from './core/packedNote';

export interface ParserSnapshot {
  generation: number;
  companies: string[];
  glossary: { uri: string; text: string }[];
  maxFileBytes: number;
}

export interface ParseBatch {
  id: number;
  /** `size` as found when the workspace was listed, so the thread need not ask the disk again. */
  files: { path: string; uri: string; size?: number }[];
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

export class ParsePool {
  private readonly workers: Worker[];
  private readonly pending = new Map<number, { resolve: (r: ParseBatchResult) => void; reject: (e: Error) => void }>();
  private nextId = 0;

  get size(): number {
    return this.workers.length;
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
      worker.on('message', (result: ParseBatchResult) => {
        this.pending.get(result.id)?.resolve(result);
        this.pending.delete(result.id);
      });
      worker.on('error', (error) => this.failAll(error));
      worker.on('exit', (code) => { if (code !== 0) this.failAll(new Error(`parser thread exited with code ${code}`)); });
    }
  }

  /** Parses files on the next thread in turn; batches on one thread finish in the order they were asked for. */
  parse(files: ParseBatch['files']): Promise<ParseBatchResult> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.workers[id % this.workers.length].postMessage({ id, files } satisfies ParseBatch);
    });
  }

  async dispose(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }

  private failAll(error: Error): void {
    for (const { reject } of this.pending.values()) reject(error);
    this.pending.clear();
  }
}
