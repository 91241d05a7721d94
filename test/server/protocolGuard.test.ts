/**
 * The server over raw stdio, as a broken or hostile client would talk to it (issue 16): requests
 * before `initialize`, parameters of the wrong types, a `file://host` URI, and a framing error.
 */
import * as assert from 'assert';
import { ChildProcess, spawn } from 'child_process';
import { SERVER_PROCESS } from '../../server/src/protocol';
import { SERVER } from './lspClient';

/** A client that writes frames by hand and collects what comes back. */
class RawClient {
  readonly messages: { id?: number; method?: string; result?: unknown; error?: { code: number }; params?: { message?: string } }[] = [];
  stderr = '';
  exitCode: number | null | undefined;
  private buffer = Buffer.alloc(0);
  private readonly child: ChildProcess;

  constructor() {
    this.child = spawn(process.execPath, [...SERVER_PROCESS.execArgv, SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, ...SERVER_PROCESS.env } });
    this.child.stdout!.on('data', (data: Buffer) => this.read(data));
    this.child.stderr!.on('data', (data: Buffer) => { this.stderr += data.toString(); });
    this.child.on('exit', (code) => { this.exitCode = code; });
  }

  send(message: object): void {
    const body = Buffer.from(JSON.stringify({ jsonrpc: '2.0', ...message }));
    this.raw(`Content-Length: ${body.length}\r\n\r\n${body.toString()}`);
  }

  raw(text: string): void {
    this.child.stdin!.write(text);
  }

  async response(id: number, timeoutMs = 10000): Promise<RawClient['messages'][number]> {
    return this.until(() => this.messages.find((m) => m.id === id && m.method === undefined), timeoutMs, `response ${id}`);
  }

  async until<T>(found: () => T | undefined, timeoutMs: number, what: string): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = found();
      if (value !== undefined) return value;
      if (Date.now() > deadline) throw new Error(`no ${what}; got ${JSON.stringify(this.messages.slice(-5))}; stderr ${this.stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  kill(): void {
    if (this.exitCode === undefined) this.child.kill();
  }

  private read(data: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, data]);
    for (;;) {
      const headerEnd = this.buffer.indexOf('\r\n\r\n');
      if (headerEnd < 0) return;
      const length = Number(/Content-Length: (\d+)/i.exec(this.buffer.subarray(0, headerEnd).toString())?.[1]);
      if (this.buffer.length < headerEnd + 4 + length) return;
      this.messages.push(JSON.parse(this.buffer.subarray(headerEnd + 4, headerEnd + 4 + length).toString()));
      this.buffer = this.buffer.subarray(headerEnd + 4 + length);
    }
  }
}

const initialize = (client: RawClient, id = 1) => client.send({ id, method: 'initialize', params: { processId: null, rootUri: null, capabilities: {}, workspaceFolders: null } });

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
});
