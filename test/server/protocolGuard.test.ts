/**
 * The server over raw stdio, as a broken or hostile client would talk to it (issue 16): requests
 * before `initialize`, parameters of the wrong types, a `file://host` URI, a framing error, and
 * hovers while big notes are indexed.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { initialize, RawClient } from './rawClient';


describe('the server over raw stdio', function () {
  this.timeout(30000);
  const clients: RawClient[] = [];
  const start = () => {
    const client = new RawClient();
    clients.push(client);
    return client;
  };
  afterEach(() => clients.splice(0).forEach((c) => c.kill()));

  it('refuses requests before initialize (ServerNotInitialized) and answers them after', async () => {
    const client = start();
    client.send({ id: 7, method: 'workspace/symbol', params: { query: 'kafka' } });
    assert.strictEqual((await client.response(7)).error?.code, -32002);
    initialize(client);
    await client.response(1);
    client.send({ method: 'initialized', params: {} });
    client.send({ id: 8, method: 'workspace/symbol', params: { query: 'kafka' } });
    const answer = await client.response(8);
    assert.ok(Array.isArray(answer.result), JSON.stringify(answer));
  });

  it('drops a didOpen whose text is not a string, with a message, and keeps answering', async () => {
    const client = start();
    initialize(client);
    await client.response(1);
    client.send({ method: 'initialized', params: {} });
    client.send({ method: 'textDocument/didOpen', params: { textDocument: { uri: 'file:///ws/a.md', languageId: 'markdown', version: 1, text: { evil: true } } } });
    client.send({ method: 'textDocument/didOpen', params: { textDocument: { uri: 'file://host/share/b.md', languageId: 'markdown', version: 1, text: '# B\n- 수집 : Kafka\n' } } });
    client.send({ id: 2, method: 'textDocument/hover', params: { textDocument: { uri: 'file://host/share/b.md' }, position: { line: 1, character: 8 } } });
    const hover = await client.response(2);
    assert.match(JSON.stringify(hover.result), /Kafka/);
    await client.until(() => client.messages.find((m) => m.method === 'window/logMessage' && /Ignored a message: textDocument\/didOpen of file:\/\/\/ws\/a\.md without a text string/.test(m.params?.message ?? '')), 5000, 'the log line');
    assert.ok(!/TypeError/.test(client.stderr + JSON.stringify(client.messages)), 'no TypeError anywhere');
  });

  it('stops with a message after a framing error instead of staying deaf', async () => {
    const client = start();
    initialize(client);
    await client.response(1);
    client.raw('Content-Length: nonsense\r\n\r\n{}');
    await client.until(() => (client.exitCode === undefined ? undefined : client.exitCode), 5000, 'the server to exit');
    assert.strictEqual(client.exitCode, 1);
    assert.match(client.stderr, /cannot read the editor's messages any more/);
  });

  it('never runs a request the client cancelled while it waited in the queue', async () => {
    const client = start();
    initialize(client);
    await client.response(1);
    client.send({ method: 'initialized', params: {} });
    // Two hundred searches and their cancellations in one write: all of them queued at once.
    let frames = '';
    const frame = (message: object) => {
      const body = JSON.stringify({ jsonrpc: '2.0', ...message });
      frames += `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
    };
    for (let id = 100; id < 300; id++) frame({ id, method: 'workspace/symbol', params: { query: 'kafka' } });
    for (let id = 100; id < 300; id++) frame({ method: '$/cancelRequest', params: { id } });
    client.raw(frames);
    const answers = await Promise.all(Array.from({ length: 200 }, (_, i) => client.response(100 + i)));
    const cancelled = answers.filter((a) => a.error?.code === -32800).length;
    assert.ok(cancelled >= 150, `${cancelled} of 200 cancelled`);
    client.send({ id: 2, method: 'workspace/symbol', params: { query: 'kafka' } });
    assert.ok(Array.isArray((await client.response(2)).result), 'still answering');
  });

  it('answers InvalidParams to standard requests with parameters of the wrong shape, and nothing crashes', async () => {
    const client = start();
    initialize(client);
    await client.response(1);
    client.send({ method: 'initialized', params: {} });
    const bad = [
      ['textDocument/hover', null], ['textDocument/hover', { textDocument: 7 }], ['textDocument/definition', { textDocument: { uri: 'file:///x.md' }, position: { line: -1, character: 0 } }],
      ['textDocument/references', { textDocument: { uri: 'file:///x.md' }, position: { line: 'a', character: 0 } }], ['textDocument/documentSymbol', []],
      ['textDocument/completion', {}], ['textDocument/documentLink', { textDocument: {} }], ['workspace/symbol', { query: 7 }],
    ] as const;
    bad.forEach(([method, params], i) => client.send({ id: 10 + i, method, params }));
    for (let i = 0; i < bad.length; i++) assert.strictEqual((await client.response(10 + i)).error?.code, -32602, bad[i][0]);
    // Well-formed but pointing nowhere: answered, not an error.
    client.send({ id: 30, method: 'textDocument/hover', params: { textDocument: { uri: 'file:///nowhere.md' }, position: { line: 1e9, character: 1e9 } } });
    assert.strictEqual((await client.response(30)).result, null);
  });

  it('answers hovers while a 2 M-character note and a note of 10,000 headings are indexed, and while one is typed in', async function () {
    this.timeout(120_000);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'data-notes-big-notes-'));
    try {
      const control = '# Control note\n\n## 파이프라인\n- 수집 : Kafka 로 전송\n';
      fs.writeFileSync(path.join(dir, 'control.md'), control);
      const section = '## 광고 로그 파이프라인\n' + '- 로그 수집 : Fluentd 가 S3 로 보낸다\n- 스트리밍 : Kinesis 와 Flink 로 집계한다\n'.repeat(30) + '\n';
      const big = section.repeat(Math.ceil(2_000_000 / section.length)).slice(0, 2_000_000);
      fs.writeFileSync(path.join(dir, 'big.md'), big);
      fs.writeFileSync(path.join(dir, 'headings.md'), Array.from({ length: 10_000 }, (_, i) => `## Heading ${i}\n- 저장 : S3 and Kafka ${i}\n`).join(''));
      const client = start();
      initialize(client, 1, pathToFileURL(dir).toString());
      await client.response(1, 30000);
      const controlUri = pathToFileURL(path.join(dir, 'control.md')).toString();
      client.send({ method: 'textDocument/didOpen', params: { textDocument: { uri: controlUri, languageId: 'markdown', version: 1, text: control } } });
      client.send({ method: 'initialized', params: {} });
      await client.until(() => client.messages.find((m) => m.method === 'dataNotes/indexChanged'), 30000, 'the bundled knowledge');
      // Two notes read from disk: the control note is open, and its editor's text wins.
      const indexed = () => client.messages.some((m) => m.method === 'dataNotes/indexChanged' && (m.params as { indexing?: boolean }).indexing === false && (m.params as { workspaceNotes: number }).workspaceNotes === 2);
      /** Hovers the control note every 10 ms while `busy` holds; the latency of each, and how many came back before `busy` ended. */
      const hoverWhile = async (busy: () => boolean, id: number) => {
        const sent = new Map<number, number>();
        const latencies: number[] = [];
        let answeredWhileBusy = 0;
        const collect = () => {
          for (const m of client.messages) {
            if (m.id !== undefined && m.method === undefined && sent.has(m.id)) {
              latencies.push(performance.now() - sent.get(m.id)!);
              sent.delete(m.id);
              assert.match(JSON.stringify(m.result), /Kafka/);
              if (busy()) answeredWhileBusy++;
            }
          }
        };
        while (busy()) {
          assert.strictEqual(client.exitCode, undefined, `the server stopped: ${client.stderr.slice(0, 300)}`);
          sent.set(++id, performance.now());
          client.send({ id, method: 'textDocument/hover', params: { textDocument: { uri: controlUri }, position: { line: 3, character: 9 } } });
          await new Promise((resolve) => setTimeout(resolve, 10));
          collect();
        }
        await client.until(() => { collect(); return sent.size === 0 ? true : undefined; }, 30000, 'every hover answered');
        return { latencies, answeredWhileBusy, worst: Math.max(...latencies) };
      };
      const first = await hoverWhile(() => !indexed(), 1000);
      assert.ok(first.answeredWhileBusy >= 10, `${first.answeredWhileBusy} hovers answered during indexing`);
      // Held for a whole big note, a hover waited 0.7–1.2 s; the bench (bigNotes) reports the figures against the 100 ms target.
      assert.ok(first.worst < 500, `slowest hover during indexing: ${first.worst.toFixed(0)} ms`);
      client.send({ id: 2, method: 'dataNotes/search', params: { query: 'Heading 9999' } });
      assert.match(JSON.stringify((await client.response(2, 30000)).result), /Heading 9999/);
      client.send({ id: 900, method: 'dataNotes/search', params: { query: 'Control note' } });
      assert.match(JSON.stringify((await client.response(900, 30000)).result), /"title":"Control note"/);
      // Typing in the big note: each pause re-indexes 2 M characters.
      const bigUri = pathToFileURL(path.join(dir, 'big.md')).toString();
      client.send({ method: 'textDocument/didOpen', params: { textDocument: { uri: bigUri, languageId: 'markdown', version: 1, text: big } } });
      let typing = true;
      void (async () => {
        for (let version = 2; version < 12; version++) {
          client.send({ method: 'textDocument/didChange', params: { textDocument: { uri: bigUri, version }, contentChanges: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: `# 편집 ${version}\n` }] } });
          await new Promise((resolve) => setTimeout(resolve, version % 3 === 0 ? 400 : 50));
        }
        // Until the last edit is searchable (a parse of 2 M characters on the parser thread, then slices).
        for (let id = 3; ; id++) {
          client.send({ id, method: 'dataNotes/search', params: { query: '편집 11' } });
          if (/"title":"편집 11"/.test(JSON.stringify((await client.response(id, 30000)).result))) break;
          await new Promise((resolve) => setTimeout(resolve, 200));
        }
        typing = false;
      })();
      const edits = await hoverWhile(() => typing, 5000);
      assert.ok(edits.worst < 500, `slowest hover while typing: ${edits.worst.toFixed(0)} ms`);
      assert.strictEqual(client.exitCode, undefined, 'alive');
      const rss = Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${client.pid}/status`, 'utf8'))?.[1]) * 1024;
      assert.ok(rss < 1.5e9, `RSS ${(rss / 1e6).toFixed(0)} MB`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
