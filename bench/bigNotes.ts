/**
 * Hovers while one big note is indexed (issue 16, case 4): the server over stdio, hovered every
 * 10 ms in a control note while (1) a workspace holding a 2 M-character note (the public note
 * collections of test/fixtures, one after another) and a note of 10,000 headings (made up: the
 * adversarial case) is indexed, alone (small) and beside the 2,963 collection notes themselves
 * (large: the parser-thread path), (2) a note of
 * 3.9 M characters (the most the client sends, see MAX_SYNCED_DOCUMENT_CHARS) is opened in an
 * editor and typed in, (3) the big notes change on disk and a 50 MB note appears there, (4) a
 * glossary note gives an entry a new name, so every note is read again. Prints
 * the hover latency of each phase: every hover should be answered within 100 ms.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { initialize, RawClient } from '../test/server/rawClient';
import { COLLECTIONS_DIR, collectionNotes, realNotesKnowledgeBase } from '../test/core/realNotes';
import { MAX_SYNCED_DOCUMENT_CHARS } from '../server/src/protocol';

const CONTROL = '# Control note\n\n## 파이프라인\n- 수집 : Kafka 로 전송\n';
const HOVER_EVERY_MS = 10;

/** Real notes (the public collections, one after another, again if need be) to `chars` characters. */
function bigNoteText(chars: number): string {
  const sample = collectionNotes().map((file) => fs.readFileSync(file, 'utf8')).join('\n');
  const parts: string[] = [];
  let length = 0;
  while (length < chars) { parts.push(sample); length += sample.length + 1; }
  return parts.join('\n').slice(0, chars);
}

function headingsText(count: number, salt = ''): string {
  return Array.from({ length: count }, (_, i) => `## Heading ${salt}${i}\n- 저장 : S3 and Kafka ${i}\n`).join('');
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? Math.round(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]) : NaN;
}

interface PhaseFigures { hovers: number; p50: number; p99: number; max: number; over100: number }

/** Hovers the control note every 10 ms until `done` resolves (and at least `minMs`), and reports their latency. */
async function hoverDuring(client: RawClient, nextId: () => number, controlUri: string, done: Promise<unknown>, minMs = 0): Promise<PhaseFigures> {
  const sentAt = new Map<number, number>();
  const latencies: number[] = [];
  let finished = false;
  void done.then(() => { finished = true; });
  const started = performance.now();
  const collect = () => {
    for (let i = client.messages.length - 1; i >= 0; i--) {
      const m = client.messages[i];
      if (m.id !== undefined && m.method === undefined && sentAt.has(m.id)) {
        latencies.push(performance.now() - sentAt.get(m.id)!);
        sentAt.delete(m.id);
        client.messages.splice(i, 1);
      }
    }
  };
  while (!finished || performance.now() - started < minMs) {
    const id = nextId();
    sentAt.set(id, performance.now());
    client.send({ id, method: 'textDocument/hover', params: { textDocument: { uri: controlUri }, position: { line: 3, character: 9 } } });
    await new Promise((resolve) => setTimeout(resolve, HOVER_EVERY_MS));
    collect();
  }
  await client.until(() => { collect(); return sentAt.size === 0 ? true : undefined; }, 120_000, 'the hovers to be answered');
  return { hovers: latencies.length, p50: percentile(latencies, 50), p99: percentile(latencies, 99), max: percentile(latencies, 100), over100: latencies.filter((l) => l > 100).length };
}

function indexedOnce(client: RawClient): Promise<unknown> {
  return client.until(() => client.messages.find((m) => m.method === 'dataNotes/indexChanged' && (m.params as { indexing?: boolean; workspaceNotes?: number }).indexing === false && ((m.params as { workspaceNotes?: number }).workspaceNotes ?? 0) > 0), 300_000, 'the first index');
}

async function oneWorkspace(withCollections: boolean): Promise<Record<string, PhaseFigures>> {
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'data-notes-big-'));
  const controlFile = path.join(workspace, 'control.md');
  fs.writeFileSync(controlFile, CONTROL);
  fs.writeFileSync(path.join(workspace, 'big-2m.md'), bigNoteText(2_000_000));
  fs.writeFileSync(path.join(workspace, 'headings-10k.md'), headingsText(10_000));
  if (withCollections) fs.cpSync(COLLECTIONS_DIR, path.join(workspace, 'collections'), { recursive: true });
  const client = new RawClient();
  let id = 100;
  const nextId = () => ++id;
  const figures: Record<string, PhaseFigures> = {};
  try {
    initialize(client, 1, pathToFileURL(workspace).toString());
    await client.response(1, 30000);
    const controlUri = pathToFileURL(controlFile).toString();
    client.send({ method: 'textDocument/didOpen', params: { textDocument: { uri: controlUri, languageId: 'markdown', version: 1, text: CONTROL } } });
    client.send({ method: 'initialized', params: {} });
    // The bundled knowledge loads first (in one go: nothing can be answered without the glossary).
    await client.until(() => client.messages.find((m) => m.method === 'dataNotes/indexChanged'), 30000, 'the bundled knowledge');
    figures['first index'] = await hoverDuring(client, nextId, controlUri, indexedOnce(client));

    // The largest note the client sends, opened in an editor, then typed in.
    const hugeUri = pathToFileURL(path.join(workspace, 'opened-big.md')).toString();
    const huge = bigNoteText(MAX_SYNCED_DOCUMENT_CHARS - 100_000);
    client.send({ method: 'textDocument/didOpen', params: { textDocument: { uri: hugeUri, languageId: 'markdown', version: 1, text: huge } } });
    figures['3.9 M note opened'] = await hoverDuring(client, nextId, controlUri, new Promise((resolve) => setTimeout(resolve, 3000)));
    let version = 1;
    const typing = (async () => {
      for (let i = 0; i < 20; i++) {
        client.send({ method: 'textDocument/didChange', params: { textDocument: { uri: hugeUri, version: ++version }, contentChanges: [{ range: { start: { line: 2, character: 0 }, end: { line: 2, character: 0 } }, text: `- 저장 ${version} : S3\n` }] } });
        await new Promise((resolve) => setTimeout(resolve, i % 5 === 4 ? 400 : 60));
      }
      await new Promise((resolve) => setTimeout(resolve, 1500));
    })();
    figures['typing in it'] = await hoverDuring(client, nextId, controlUri, typing);
    client.send({ method: 'textDocument/didClose', params: { textDocument: { uri: hugeUri } } });

    // The big notes rewritten on disk, as a git checkout would.
    fs.writeFileSync(path.join(workspace, 'headings-10k.md'), headingsText(10_000, 'v2-'));
    fs.writeFileSync(path.join(workspace, 'big-2m.md'), bigNoteText(1_900_000));
    client.send({ method: 'workspace/didChangeWatchedFiles', params: { changes: ['headings-10k.md', 'big-2m.md'].map((f) => ({ uri: pathToFileURL(path.join(workspace, f)).toString(), type: 2 })) } });
    figures['changed on disk'] = await hoverDuring(client, nextId, controlUri, new Promise((resolve) => setTimeout(resolve, 4000)));

    // A 50 MB note (a log exported to markdown) appears on disk.
    const hugeFile = path.join(workspace, 'export-50mb.md');
    fs.writeFileSync(hugeFile, bigNoteText(25_000_000));
    client.send({ method: 'workspace/didChangeWatchedFiles', params: { changes: [{ uri: pathToFileURL(hugeFile).toString(), type: 1 }] } });
    figures['50 MB note on disk'] = await hoverDuring(client, nextId, controlUri, new Promise((resolve) => setTimeout(resolve, 4000)));

    // A glossary note gives an entry a new name: every note is read again with it.
    const glossaryFile = path.join(workspace, 'glossary-fluent.md');
    fs.writeFileSync(glossaryFile, '---\nname: Fluentd\naliases: [fluentd, 플루언트디, 로그 수집기]\ncategory: log collector\n---\nA log collector.\n');
    client.send({ method: 'workspace/didChangeWatchedFiles', params: { changes: [{ uri: pathToFileURL(glossaryFile).toString(), type: 1 }] } });
    figures['glossary name added'] = await hoverDuring(client, nextId, controlUri, new Promise((resolve) => setTimeout(resolve, 4000)));
    if (client.exitCode !== undefined) throw new Error(`server exited: ${client.stderr.slice(0, 500)}`);
    // Shut down as an editor would (a profiled server writes its profile on exit).
    const shutdown = nextId();
    client.send({ id: shutdown, method: 'shutdown' });
    await client.response(shutdown, 30000);
    client.send({ method: 'exit' });
    await client.until(() => client.exitCode ?? undefined, 10000, 'the server to exit').catch(() => undefined);
    return figures;
  } finally {
    client.kill();
    fs.rmSync(workspace, { recursive: true, force: true });
  }
}

/**
 * In process, on the 2,963 collection notes: what reading every note again costs at once (the
 * server's old answer to any edit of a glossary note), and settling after a third of the notes are
 * removed (the compactions, now in steps): its longest call with the server's 5 ms deadline, and in all.
 */
function onRealNotes(): Record<string, number> {
  const { kb, texts } = realNotesKnowledgeBase();
  const glossary = (aliases: string) => `---\nname: Fluentd\naliases: [${aliases}]\ncategory: log collector\n---\nA log collector.\n`;
  kb.setNote('file:///bench/glossary-fluentd.md', glossary('fluentd'));
  kb.refreshMatcher();
  let started = performance.now();
  kb.setNote('file:///bench/glossary-fluentd.md', glossary('fluentd, 로그 수집기'));
  kb.refreshMatcher();
  const readAgainAtOnceMs = performance.now() - started;
  for (const uri of [...texts.keys()].slice(0, Math.ceil(texts.size / 3))) kb.removeNote(uri);
  let longestSettleMs = 0;
  started = performance.now();
  for (let done = false; !done;) {
    const at = performance.now();
    done = kb.settle(at + 5);
    longestSettleMs = Math.max(longestSettleMs, performance.now() - at);
  }
  return { notes: texts.size, readAgainAtOnceMs, longestSettleMs, settleMs: performance.now() - started };
}

export async function bigNotes(): Promise<Record<string, unknown>> {
  return { small: await oneWorkspace(false), large: await oneWorkspace(true), realNotesInProcess: onRealNotes() };
}

