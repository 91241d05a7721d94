/**
 * Sends each note's problems to the client, and writes them to the log so a skipped note is
 * never silent. During a workspace pass the messages wait for its end: a third of the notes have
 * some, and a message each (with its wiki links resolved) took a twentieth of the pass.
 */
import { Diagnostic } from 'vscode-languageserver/node';
import { NoteDiagnostic } from './core/model';
import { pathOf } from './noteWorkspace';
import { SLICE_MS, yieldToRequests } from './slices';
import { Log } from './workspaceIndexer';

export class DiagnosticsPublisher {
  /** Notes that currently show diagnostics; the others need no message when they stay clean. */
  private readonly shown = new Set<string>();
  private readonly deferred = new Set<string>();

  constructor(
    private readonly send: (uri: string, diagnostics: Diagnostic[]) => void,
    /** A note's problems as the editor shows them (parse problems and unresolved links). */
    private readonly problemsOf: (uri: string) => Diagnostic[],
    private readonly log: Log,
  ) {}

  /** Logs what indexing a note found, and shows its problems now or, `later`, at `flush`. */
  publish(uri: string, found: NoteDiagnostic[], later: boolean): void {
    this.report(found);
    if (later) this.deferred.add(uri);
    else this.sendNow(uri);
  }

  /** Problems in notes go to the log (information stays out). */
  report(found: NoteDiagnostic[]): void {
    for (const d of found) {
      if (d.severity === 'information') continue;
      const where = pathOf(d.uri) ?? d.uri;
      this.log[d.severity === 'error' ? 'error' : 'warn'](`${where}:${d.line + 1}: ${d.message}`);
    }
  }

  /** Sends what waited, a few ms of messages at a time, between requests. */
  async flush(): Promise<void> {
    let sliceStarted = performance.now();
    for (const uri of this.deferred) {
      this.deferred.delete(uri);
      this.sendNow(uri);
      if (performance.now() - sliceStarted >= SLICE_MS) {
        await yieldToRequests();
        sliceStarted = performance.now();
      }
    }
  }

  private sendNow(uri: string): void {
    const all = this.problemsOf(uri);
    if (all.length === 0 && !this.shown.has(uri)) return;
    if (all.length > 0) this.shown.add(uri);
    else this.shown.delete(uri);
    this.send(uri, all);
  }
}
