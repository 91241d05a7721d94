/**
 * The server over raw stdio under abuse: every request with parameters of the wrong types, huge
 * positions and unknown URIs, requests before initialize, cancellations, then 10,000 hovers and
 * 1,000 edits a second for ten seconds. Reports latency, what came back, and the RSS after; the
 * server must stay up and answer nothing but results, InvalidParams, RequestCancelled or
 * ServerNotInitialized.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { initialize, RawClient } from '../test/server/rawClient';

const METHODS = [
  'textDocument/hover', 'textDocument/definition', 'textDocument/references', 'textDocument/documentSymbol', 'textDocument/completion',
  'textDocument/documentLink', 'workspace/symbol', 'dataNotes/search', 'dataNotes/tree', 'dataNotes/treePath', 'dataNotes/entity',
  'dataNotes/graph', 'dataNotes/termAt',
];
const BAD_PARAMS: unknown[] = [
  null, 42, 'text', [], {}, { textDocument: 7 }, { textDocument: { uri: 'file:///nowhere/x.md' }, position: { line: 1e9, character: -5 } },
  { textDocument: { uri: 'not a uri' }, position: { line: 'a', character: {} } }, { query: 7 }, { query: 'x'.repeat(100_000) },
  { view: 'nope' }, { view: 'architectures', parentId: 12, limit: -1 }, { id: { nested: true } }, { uri: 'file://host/x', line: 2 ** 40, character: 0 },
];
const ALLOWED_ERRORS = new Set([-32602, -32800, -32002]);

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : NaN;
}

function rssOf(pid: number | undefined): number | undefined {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1]) * 1024;
  } catch {
    return undefined;
  }
}

export async function protocolFuzz(seconds = 10): Promise<Record<string, unknown>> {
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'data-notes-protocol-'));
  const noteFile = path.join(workspace, 'edited.md');
  fs.writeFileSync(noteFile, '# Edited\n\n## 파이프라인\n- 수집 : Kafka 로 전송\n');
  const client = new RawClient();
  const unexpected: string[] = [];
  let id = 10;
  try {
    // Before initialize: every method refused.
    const early = METHODS.map((method) => { client.send({ id: ++id, method, params: {} }); return id; });
    const refused = (await Promise.all(early.map((i) => client.response(i)))).filter((r) => r.error?.code === -32002).length;
    initialize(client, 1, pathToFileURL(workspace).toString());
    await client.response(1, 30000);
    client.send({ method: 'initialized', params: {} });
    // Wrong parameters for every request.
    const wrong: number[] = [];
    for (const method of METHODS) for (const params of BAD_PARAMS) { client.send({ id: ++id, method, params }); wrong.push(id); }
    for (const answer of await Promise.all(wrong.map((i) => client.response(i, 30000)))) {
      if (answer.error && !ALLOWED_ERRORS.has(answer.error.code)) unexpected.push(JSON.stringify(answer.error).slice(0, 200));
    }
    // Load: hovers every 0.1 ms on average and an edit every millisecond, in 10 ms batches.
    const uri = pathToFileURL(noteFile).toString();
    client.send({ method: 'textDocument/didOpen', params: { textDocument: { uri, languageId: 'markdown', version: 1, text: fs.readFileSync(noteFile, 'utf8') } } });
    const sentAt = new Map<number, number>();
    const latencies: number[] = [];
    let version = 1;
    let hovers = 0;
    let edits = 0;
    const started = Date.now();
    while (Date.now() - started < seconds * 1000) {
      for (let i = 0; i < 100; i++) {
        sentAt.set(++id, performance.now());
        client.send({ id, method: 'textDocument/hover', params: { textDocument: { uri }, position: { line: 3, character: 9 } } });
        hovers++;
      }
      for (let i = 0; i < 10; i++) {
        client.send({ method: 'textDocument/didChange', params: { textDocument: { uri, version: ++version }, contentChanges: [{ range: { start: { line: 4, character: 0 }, end: { line: 4, character: 0 } }, text: `- 저장 ${version} : S3\n` }] } });
        edits++;
      }
      await new Promise((resolve) => setTimeout(resolve, 10));
      for (const message of client.messages.splice(0)) {
        if (message.id !== undefined && sentAt.has(message.id) && message.method === undefined) {
          latencies.push(performance.now() - sentAt.get(message.id)!);
          sentAt.delete(message.id);
          if (message.error && !ALLOWED_ERRORS.has(message.error.code)) unexpected.push(JSON.stringify(message.error).slice(0, 200));
        }
      }
    }
    const loadEnded = performance.now();
    await client.until(() => {
      for (const message of client.messages.splice(0)) {
        if (message.id !== undefined && sentAt.has(message.id)) {
          latencies.push(performance.now() - sentAt.get(message.id)!);
          sentAt.delete(message.id);
        }
      }
      return sentAt.size === 0 ? true : undefined;
    }, 120_000, 'the queue to drain');
    const drainedMs = performance.now() - loadEnded;
    client.send({ id: ++id, method: 'textDocument/hover', params: { textDocument: { uri }, position: { line: 3, character: 9 } } });
    const after = performance.now();
    const last = await client.response(id, 30000);
    return {
      refusedBeforeInitialize: `${refused}/${METHODS.length}`,
      wrongParameterRequests: wrong.length,
      hovers, edits, seconds,
      hoverLatencyMs: { p50: percentile(latencies, 50), p99: percentile(latencies, 99), max: percentile(latencies, 100) },
      drainedMsAfterLoad: drainedMs,
      hoverAfterLoadMs: performance.now() - after,
      hoverAfterLoadAnswered: JSON.stringify(last.result ?? null).includes('Kafka'),
      rssAfterMb: (rssOf(client.pid) ?? NaN) / 1e6,
      alive: client.exitCode === undefined,
      unexpectedErrors: unexpected.slice(0, 10),
      stderr: client.stderr.slice(0, 500),
    };
  } finally {
    client.kill();
    fs.rmSync(workspace, { recursive: true, force: true });
  }
}
