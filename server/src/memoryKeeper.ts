/**
 * The server's memory housekeeping, in one place: settling the index (bodies deflated, search
 * lists packed) once edits or a pass pause, collecting the garbage a large pass leaves, and
 * collecting again whenever the server falls idle after work. The client starts the server with
 * --expose-gc; without it the collections are skipped and only the settling runs.
 */
import * as v8 from 'v8';
import { KnowledgeBase } from './core/knowledgeBase';
import { SLICE_MS, yieldToRequests } from './slices';
import { Log } from './workspaceIndexer';

/** How long after the last edit the index settles. */
const SETTLE_AFTER_EDIT_MS = 2000;
/** Idle means: under 2 % of the event loop busy over this long. */
const IDLE_CHECK_MS = 5000;

const mb = (bytes: number) => Math.round(bytes / 1e6);

export class MemoryKeeper {
  private settling: Promise<void> | undefined;
  private settleTimer: NodeJS.Timeout | undefined;
  private idleCollector: NodeJS.Timeout | undefined;
  private readonly gc = (globalThis as { gc?: () => void }).gc;

  constructor(private readonly kb: KnowledgeBase, private readonly log: Log, private readonly busy: () => boolean) {}

  /** Deflates the bodies indexed since last time and packs the search lists, a slice at a time. Callers share a run under way. */
  settle(): Promise<void> {
    this.settling ??= (async () => {
      while (!this.kb.settle(performance.now() + SLICE_MS)) await yieldToRequests();
    })().finally(() => { this.settling = undefined; });
    return this.settling;
  }

  /** After an edit: settles once the edits pause. */
  settleSoon(): void {
    clearTimeout(this.settleTimer);
    this.settleTimer = setTimeout(() => void this.settle(), SETTLE_AFTER_EDIT_MS);
  }

  /**
   * After a large pass: its garbage (parsed notes, messages from the parser thread) would go back
   * only after a while idle, or not at all while requests keep coming.
   */
  async releaseAfterIndexing(): Promise<void> {
    await this.settle();
    const before = process.memoryUsage().rss;
    // A full collection, and a second once the first one's sweeping is done: that one returns the pages the first emptied.
    setTimeout(() => {
      this.gc?.();
      setTimeout(() => {
        this.gc?.();
        const memory = process.memoryUsage();
        this.log.info(`Memory after indexing: heap ${mb(memory.heapUsed)} MB, RSS ${mb(memory.rss)} MB (${mb(before)} MB before collecting).`);
        this.collectWhenIdle();
      }, 2000);
    }, 500);
  }

  /**
   * V8 shrinks its young generation and its old one only at a collection after a few seconds with
   * little allocation, which its own idle-time reducer often does not start; and what answering
   * requests built (edge lists, nodes, inflated bodies) stays in the knowledge base's caches until
   * the index changes. So whenever the server has worked and then been almost idle for 5 s, the
   * caches go and the garbage is collected.
   */
  private collectWhenIdle(): void {
    const gc = this.gc;
    if (this.idleCollector || !gc) return;
    let last = performance.eventLoopUtilization();
    let workedSinceCollecting = true;
    this.idleCollector = setInterval(() => {
      const now = performance.eventLoopUtilization();
      const quiet = performance.eventLoopUtilization(now, last).utilization < 0.02;
      last = now;
      if (!quiet || this.busy()) {
        workedSinceCollecting = true;
        return;
      }
      if (!workedSinceCollecting) return;
      workedSinceCollecting = false;
      const before = process.memoryUsage().rss;
      this.kb.dropCaches();
      compactingGc(gc);
      const memory = process.memoryUsage();
      this.log.info(`Memory when idle: heap ${mb(memory.heapUsed)} MB, typed arrays ${mb(memory.arrayBuffers)} MB, RSS ${mb(memory.rss)} MB (${mb(before)} MB before collecting).`);
    }, IDLE_CHECK_MS);
    this.idleCollector.unref();
  }
}

/**
 * A full collection that moves the objects of every fragmented page, not only V8's usual picks:
 * objects that requests created while indexing ran are scattered over pages that otherwise stay.
 * Only when idle: during indexing it would slow every collection.
 */
function compactingGc(gc: () => void): void {
  v8.setFlagsFromString('--compact-on-every-full-gc');
  try {
    gc();
  } finally {
    v8.setFlagsFromString('--no-compact-on-every-full-gc');
  }
}
