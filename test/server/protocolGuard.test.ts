/**
 * The server over raw stdio, as a broken or hostile client would talk to it (issue 16): requests
 * before `initialize`, parameters of the wrong types, a `file://host` URI, and a framing error.
 */
import * as assert from 'assert';
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
});
